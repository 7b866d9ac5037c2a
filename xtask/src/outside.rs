//! What a user outside this repository does, checked as they would do it:
//! `annex new` in a fresh folder for every API family, then `annex test`
//! (builds the plugin and the worker bundle with `annex build`'s code, runs
//! the crate's native tests, then loads it through the runtime in each
//! engine). The crates depend on this checkout (`--annex-path`), the only
//! difference from a user's crates.io dependencies.

use std::path::PathBuf;
use std::process::Command;

use annex_cli::scaffold::Family;

use crate::cmd::{self, exec, root, Result};
use crate::engines::Engine;

/// The `annex` binary of this checkout, built.
pub fn annex_binary() -> Result<PathBuf> {
    exec(cmd::cargo().args(["build", "-p", "annex-cli", "--bin", "annex"]))?;
    Ok(root().join("target/debug/annex"))
}

/// `annex new --family F` + `annex test` in a fresh folder, every family.
pub fn new_plugins(engines: &[Engine]) -> Result {
    let annex = annex_binary()?;
    let folder = std::env::temp_dir().join(format!("annex-outside-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let engines: Vec<&str> = engines.iter().map(|e| e.name()).collect();
    // One target folder for all of them, kept between runs: each crate is
    // small, what they share (the SDK, the runtime) compiles once.
    let target = root().join("target/annex-outside");
    for family in Family::ALL {
        let name = format!("my-{}", family.name());
        cmd::step(&format!(
            "outside user: annex new {name} --family {}, annex test",
            family.name()
        ));
        exec(
            Command::new(&annex)
                .current_dir(&folder)
                .args(["new", &name, "--family", family.name(), "--annex-path"])
                .arg(root()),
        )?;
        exec(
            Command::new(&annex)
                .current_dir(folder.join(&name))
                .args(["test", "--engine", &engines.join(","), "--annex-path"])
                .arg(root())
                .env("CARGO_TARGET_DIR", &target),
        )?;
    }
    std::fs::remove_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))
}
