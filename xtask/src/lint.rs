//! `cargo xtask lint`: formatting and clippy on both targets.

use crate::cmd::{self, exec, Result};

/// Crates that only make sense in a browser; clippy checks them for wasm32.
const WASM_CRATES: [&str; 5] = [
    "annex-runtime",
    "annex-worker",
    "annex-tests",
    "annex-demo",
    "annex-leptos",
];

pub fn run() -> Result {
    cmd::step("rustfmt");
    exec(cmd::cargo().args(["fmt", "--all", "--check"]))?;
    cmd::step("clippy (native)");
    exec(cmd::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    cmd::step("clippy (wasm32)");
    let mut wasm = cmd::cargo();
    wasm.args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
    ]);
    for name in WASM_CRATES {
        wasm.args(["-p", name]);
    }
    exec(wasm.args(["--", "-D", "warnings"]))
}
