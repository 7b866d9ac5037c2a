//! `cargo xtask test`: every test, as CI runs them.

use std::time::Instant;

use crate::cmd::{self, exec, Result};
use crate::{assets, browser, demo, setup};

pub fn run() -> Result {
    let started = Instant::now();
    setup::run(setup::Needs::all())?;
    let chrome = setup::browser()?;
    assets::build()?;

    cmd::step("native tests (protocol, SDK, runtime logic, plugins)");
    exec(cmd::cargo().args(["test", "--workspace", "--exclude", "annex-demo"]))?;

    cmd::step("browser tests (wasm-bindgen-test in headless Chromium)");
    browser::with_test_server(|| {
        exec(browser::wasm_test(&chrome, 120)?.args(["-p", "annex-tests", "--test", "browser"]))
    })?;
    cmd::step("browser tests of annex-leptos (components and hooks)");
    exec(browser::wasm_test(&chrome, 120)?.args([
        "-p",
        "annex-leptos",
        "--features",
        "router",
        "--test",
        "browser",
    ]))?;
    for package in assets::plugins_with_browser_tests()? {
        cmd::step(&format!("browser tests of plugin {package}"));
        exec(browser::wasm_test(&chrome, 120)?.args(["-p", &package, "--test", "browser"]))?;
    }

    cmd::step("demo build (Trunk)");
    demo::build()?;

    cmd::step("end-to-end tests (the built demo in headless Chromium)");
    exec(
        cmd::cargo()
            .args(["test", "-p", "annex-e2e", "--", "--ignored", "--test-threads=1"])
            .env("CHROMIUM", &chrome.chromium)
            .env("CHROMEDRIVER", &chrome.chromedriver),
    )?;

    eprintln!("\nall tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// `cargo xtask test-plugin <name>`: one plugin's native and browser tests.
pub fn run_plugin(args: &[String]) -> Result {
    let [name] = args else {
        return Err("usage: cargo xtask test-plugin <folder name in plugins/>".into());
    };
    setup::run(setup::Needs { trunk: false, browser: true })?;
    let chrome = setup::browser()?;
    assets::build()?;
    let package = assets::package_of_plugin(name)?;
    cmd::step(&format!("native tests of {package}"));
    exec(cmd::cargo().args(["test", "-p", &package]))?;
    if assets::plugins_with_browser_tests()?.contains(&package) {
        cmd::step(&format!("browser tests of {package}"));
        exec(browser::wasm_test(&chrome, 120)?.args(["-p", &package, "--test", "browser"]))?;
    } else {
        eprintln!("{package} has no tests/browser.rs; skipping browser tests");
    }
    Ok(())
}
