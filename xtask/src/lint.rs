//! `cargo xtask lint`: formatting and clippy on both targets.

use crate::assets;
use crate::cmd::{self, exec, Result};

/// Native-only crates (tools, the CLI, the end-to-end driver, the property tests), left
/// out of the wasm32 pass.
const NATIVE_ONLY: [&str; 5] =
    ["xtask", "annex-cli", "annex-test-server", "annex-e2e", "annex-fuzz"];

/// The crates under `examples/`, each its own workspace.
const EXAMPLE_CRATES: [&str; 4] = [
    "examples/csr-trunk/Cargo.toml",
    "examples/csr-trunk/plugins/greeter/Cargo.toml",
    "examples/ssr-axum/Cargo.toml",
    "examples/ssr-axum/plugins/greeter/Cargo.toml",
];

pub fn run() -> Result {
    // CI lints first, on a fresh machine: the wasm32 pass needs the target.
    crate::setup::run(crate::setup::Needs::build())?;
    cmd::step("rustfmt");
    exec(cmd::cargo().args(["fmt", "--all", "--check"]))?;
    // The examples and their plugins are crates of their own, outside the
    // workspace that `--all` covers.
    for manifest in EXAMPLE_CRATES {
        exec(cmd::cargo().args(["fmt", "--check", "--manifest-path", manifest]))?;
    }
    cmd::step("clippy (native)");
    exec(cmd::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;

    // On wasm32, libraries and binaries, plus the browser test binaries; plugins'
    // unit tests are native-only (they use the SDK's mock host).
    cmd::step("clippy (wasm32)");
    let mut wasm = clippy_wasm32();
    wasm.args(["--workspace", "--lib", "--bins"]);
    for name in NATIVE_ONLY {
        wasm.args(["--exclude", name]);
    }
    exec(wasm.args(["--", "-D", "warnings"]))?;
    let mut browser_tests = clippy_wasm32();
    browser_tests.args(["-p", "annex-tests"]);
    for package in assets::plugins_with_browser_tests()? {
        browser_tests.args(["-p", &package]);
    }
    exec(browser_tests.args(["--test", "browser", "--", "-D", "warnings"]))?;
    // annex-leptos with its optional router feature, and its browser tests.
    let mut leptos = clippy_wasm32();
    leptos.args(["-p", "annex-leptos", "--features", "router", "--lib", "--test", "browser"]);
    exec(leptos.args(["--", "-D", "warnings"]))?;
    exec(clippy_wasm32().args(["-p", "annex-tests", "--test", "bench", "--", "-D", "warnings"]))
}

fn clippy_wasm32() -> std::process::Command {
    let mut command = cmd::cargo();
    command.args(["clippy", "--target", "wasm32-unknown-unknown"]);
    command
}
