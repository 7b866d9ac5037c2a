//! `cargo xtask test`: every test, as CI runs them.

use std::time::Instant;

use crate::cmd::{self, exec, Result};
use crate::engines::{self, Engine, EngineTools};
use crate::{assets, browser, demo, setup};

pub fn run() -> Result {
    let started = Instant::now();
    setup::run(setup::Needs::all())?;
    let chrome = setup::browser()?;
    let engines = engines::selected()?;
    assets::build()?;

    cmd::step("native tests (protocol, SDK, runtime logic, plugins)");
    exec(cmd::cargo().args(["test", "--workspace", "--exclude", "annex-demo"]))?;

    let mut times = Vec::new();
    for engine in &engines {
        let tools = engines::tools(*engine)?;
        let began = Instant::now();
        browser_suites(&tools)?;
        times.push(format!("{} {:.0?}", engine.name(), began.elapsed()));
    }
    eprintln!("\nbrowser suites: {}", times.join(", "));

    cmd::step("demo build (Trunk)");
    demo::build()?;

    cmd::step("end-to-end tests (the built demo in headless Chromium)");
    exec(
        cmd::cargo()
            .args(["test", "-p", "annex-e2e", "--", "--ignored", "--test-threads=1"])
            .env("CHROMIUM", &chrome.chromium)
            .env("CHROMEDRIVER", &chrome.chromedriver),
    )?;
    for engine in engines.iter().filter(|e| **e != Engine::Chromium) {
        let tools = engines::tools(*engine)?;
        cmd::step(&format!(
            "end-to-end smoke pass in {}: every page, notes, analytics, network",
            engine.name()
        ));
        exec(e2e_in(&tools).args([
            "test",
            "-p",
            "annex-e2e",
            "--",
            "--ignored",
            "--test-threads=1",
            "smoke::",
            "notes::",
            "analytics::",
            "network::",
        ]))?;
    }

    eprintln!("\nall tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// `cargo` set up to drive the end-to-end tests in `tools`' engine.
fn e2e_in(tools: &EngineTools) -> std::process::Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = tools.command(std::path::Path::new(&cargo));
    let (browser_var, driver_var) = match tools.engine {
        Engine::Chromium => ("CHROMIUM", "CHROMEDRIVER"),
        Engine::Firefox => ("FIREFOX", "GECKODRIVER"),
        Engine::WebKit => ("MINIBROWSER", "WEBKIT_WEBDRIVER"),
    };
    command
        .env("ANNEX_E2E_ENGINE", tools.engine.name())
        .env(browser_var, &tools.browser)
        .env(driver_var, &tools.driver);
    command
}

/// The wasm-bindgen-test suites (runtime, annex-leptos, plugins) in one engine.
fn browser_suites(tools: &EngineTools) -> Result {
    let engine = tools.engine.name();
    cmd::step(&format!("browser tests in {engine} (wasm-bindgen-test, headless)"));
    browser::with_test_server(|| {
        exec(browser::wasm_test(tools, 120)?.args(["-p", "annex-tests", "--test", "browser"]))
    })?;
    cmd::step(&format!("browser tests of annex-leptos in {engine} (components and hooks)"));
    exec(browser::wasm_test(tools, 120)?.args([
        "-p",
        "annex-leptos",
        "--features",
        "router",
        "--test",
        "browser",
    ]))?;
    for package in assets::plugins_with_browser_tests()? {
        cmd::step(&format!("browser tests of plugin {package} in {engine}"));
        exec(browser::wasm_test(tools, 120)?.args(["-p", &package, "--test", "browser"]))?;
    }
    Ok(())
}

/// `cargo xtask test-plugin <name>`: one plugin's native and browser tests.
pub fn run_plugin(args: &[String]) -> Result {
    let [name] = args else {
        return Err("usage: cargo xtask test-plugin <folder name in plugins/>".into());
    };
    setup::run(setup::Needs { trunk: false, browser: true, engines: false })?;
    let chrome = engines::tools(Engine::Chromium)?;
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

/// `cargo xtask test-browser <engine> [filter]`: the runtime's browser suite
/// (`annex-tests`) in one engine, optionally only the tests whose names
/// contain `filter`; for working on one engine without the whole run.
pub fn run_browser(args: &[String]) -> Result {
    let (engine, filter) = match args {
        [engine] => (engine, None),
        [engine, filter] => (engine, Some(filter)),
        _ => {
            return Err("usage: cargo xtask test-browser <chromium|firefox|webkit> [filter]".into())
        }
    };
    std::env::set_var("ANNEX_ENGINES", engine);
    let engine = engines::selected()?[0];
    setup::run(setup::Needs { trunk: false, browser: true, engines: engine != Engine::Chromium })?;
    let tools = engines::tools(engine)?;
    assets::build()?;
    browser::with_test_server(|| {
        let mut command = browser::wasm_test(&tools, 120)?;
        command.args(["-p", "annex-tests", "--test", "browser"]);
        if let Some(filter) = filter {
            command.args(["--", filter]);
        }
        exec(&mut command)
    })
}
