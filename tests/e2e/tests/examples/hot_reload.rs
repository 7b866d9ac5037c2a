//! `annex dev` with a page open: a plugin's source changes, the page gets
//! the new behaviour without reloading and the plugin's state (its greeting
//! count) survives; a rebuild that asks for a new permission waits for the
//! visitor, and when denied the old version keeps answering.
//!
//! The plugin is a fresh `annex new greeter` in a temporary folder, edited
//! as its author would; the page is `examples/csr-trunk`'s build.

use std::path::{Path, PathBuf};
use std::time::Duration;

use annex_e2e::{annex_binary, root, Browser, DevServer};

use crate::csr::{greet, ready};

/// `annex new greeter` in a fresh folder, as the example's plugin was made.
fn fresh_greeter(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("annex-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = std::process::Command::new(annex_binary())
        .args(["new", "greeter", "--id", "com.example.greeter", "--path"])
        .arg(&dir)
        .arg("--annex-path")
        .arg(root())
        .status()
        .expect("run annex new");
    assert!(status.success());
    // The example's lockfile: the same dependency versions, so the build
    // reuses what the example's build compiled.
    std::fs::copy(
        root().join("examples/csr-trunk/plugins/greeter/Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("copy the lockfile");
    dir
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

async fn open(server: &DevServer) -> Browser {
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(server.url()).await.expect("open the example");
    ready(&browser).await;
    // Gone if the page reloads.
    browser.eval("window.__annexNoReload = 'still here'; return true;").await;
    browser
}

async fn same_page(browser: &Browser) {
    let marker = browser.eval("return window.__annexNoReload ?? null;").await;
    assert_eq!(marker, "still here", "the page was reloaded");
}

/// Greets until the answer starts with `prefix` (the rebuild takes a while);
/// returns every answer seen.
async fn greet_until(browser: &Browser, mut last: String, prefix: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..240 {
        last = greet(browser, &last).await;
        seen.push(last.clone());
        if last.starts_with(prefix) {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("never answered {prefix:?}; answers: {seen:?}");
}

/// The count in an answer like `Hello, Ada! (#3)`.
fn count(answer: &str) -> u64 {
    answer.rsplit("(#").next().and_then(|n| n.trim_end_matches(')').parse().ok()).unwrap_or(0)
}

#[tokio::test]
#[ignore = "needs examples/csr-trunk built by Trunk and Chromium: run `cargo xtask test`"]
async fn a_changed_plugin_is_swapped_in_the_open_page_and_keeps_its_count() {
    let plugin = fresh_greeter("hot-reload");
    let site = root().join("examples/csr-trunk/dist");
    let server = DevServer::start("hot-reload", &site, &[&plugin], &[]);
    let browser = open(&server).await;
    let first = greet(&browser, "").await;
    assert_eq!(first, "Hello, Ada! (#1)");
    let second = greet(&browser, &first).await;
    assert_eq!(second, "Hello, Ada! (#2)");

    // The author changes the greeting and the version.
    edit(
        &plugin.join("src/lib.rs"),
        "pub const GREETING: &str = \"Hello\";",
        "pub const GREETING: &str = \"Howdy\";",
    );
    edit(&plugin.join("Cargo.toml"), "version = \"0.1.0\"", "version = \"0.1.1\"");
    let answers = greet_until(&browser, second, "Howdy").await;
    same_page(&browser).await;
    let counts: Vec<u64> = answers.iter().map(|a| count(a)).collect();
    let expected: Vec<u64> = (3..3 + counts.len() as u64).collect();
    assert_eq!(counts, expected, "the count went on through the swap: {answers:?}");
    assert_eq!(answers.last().unwrap(), &format!("Howdy, Ada! (#{})", counts.last().unwrap()));

    // The manager names both versions.
    let row = "li[data-plugin='com.example.greeter']";
    let updated = browser
        .wait_for(
            &format!("return document.querySelector(\"{row} .annex-manager-updated\")?.dataset.previous ?? null;"),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(updated, "0.1.0");
    let version = browser
        .eval(&format!(
            "return document.querySelector(\"{row} .annex-manager-version\").innerText;"
        ))
        .await;
    assert_eq!(version, "0.1.1");
    let events = browser.eval("return [...document.querySelectorAll('ol.annex-manager-events li')].map(l => l.innerText);").await;
    assert!(
        events.as_array().unwrap().iter().any(|e| e
            .as_str()
            .is_some_and(|e| e.contains("updated from 0.1.0 to 0.1.1, state kept"))),
        "{events}"
    );
    browser.screenshot("hot-reload-1280").await;
    let _ = std::fs::remove_dir_all(&plugin);
}

#[tokio::test]
#[ignore = "needs examples/csr-trunk built by Trunk and Chromium: run `cargo xtask test`"]
async fn a_rebuild_asking_for_a_new_permission_waits_and_a_denial_keeps_the_old_version() {
    let plugin = fresh_greeter("update-permission");
    let site = root().join("examples/csr-trunk/dist");
    let server = DevServer::start("update-permission", &site, &[&plugin], &[]);
    let browser = open(&server).await;
    let first = greet(&browser, "").await;
    assert_eq!(first, "Hello, Ada! (#1)");

    // Version 0.2.0 also asks to read facts about the browser.
    edit(
        &plugin.join("Cargo.toml"),
        "capabilities.custom = [\"greeter\"]",
        "capabilities.custom = [\"greeter\"]\npermissions = [{ permission = \"system.info\", reason = \"Greets in your language.\" }]",
    );
    edit(&plugin.join("Cargo.toml"), "version = \"0.1.0\"", "version = \"0.2.0\"");
    edit(
        &plugin.join("src/lib.rs"),
        "pub const GREETING: &str = \"Hello\";",
        "pub const GREETING: &str = \"Hi\";",
    );
    let asked = browser
        .wait_for(
            "const d = document.querySelector('[role=dialog]'); \
             return d ? d.querySelector('.annex-prompt-update')?.innerText ?? 'no update line' : null;",
            Duration::from_secs(240),
        )
        .await;
    assert_eq!(
        asked,
        "An update from version 0.1.0 to 0.2.0: version 0.1.0, running now, does not have this permission."
    );
    // While the visitor decides, 0.1.0 answers.
    let during = greet(&browser, &first).await;
    assert_eq!(during, "Hello, Ada! (#2)");
    browser.eval("document.querySelector('.annex-prompt-deny').click(); return true;").await;
    browser
        .wait_for(
            "return document.querySelector('[role=dialog]') ? null : true;",
            Duration::from_secs(10),
        )
        .await;
    let after = greet(&browser, &during).await;
    assert_eq!(after, "Hello, Ada! (#3)", "denied: the old version keeps answering");
    same_page(&browser).await;
    let version = browser
        .eval("return document.querySelector(\"li[data-plugin='com.example.greeter'] .annex-manager-version\").innerText;")
        .await;
    assert_eq!(version, "0.1.0");
    browser.screenshot("update-denied-1280").await;
    let _ = std::fs::remove_dir_all(&plugin);
}
