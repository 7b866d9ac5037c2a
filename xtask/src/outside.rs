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

/// Name and version of each crate a user depends on: every workspace
/// member not marked `publish = false`.
fn published_versions() -> Result<Vec<(String, String)>> {
    let out = cmd::cargo()
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = metadata["packages"].as_array().ok_or("cargo metadata: no packages")?;
    Ok(packages
        .iter()
        .filter(|p| p["publish"].is_null())
        .filter_map(|p| Some((p["name"].as_str()?.to_owned(), p["version"].as_str()?.to_owned())))
        .collect())
}

/// Removes what an earlier `cargo package` of this checkout unpacked.
///
/// Cargo verifies each crate against the others through a local registry
/// in `<target>/package/tmp-registry` and unpacks them into
/// `$CARGO_HOME/registry/src/<that registry>/<name>-<version>`; it skips
/// unpacking when that folder exists, so an unchanged version number
/// verifies against the sources of the earlier run (CI failed that way on
/// an error code added since). Crates.io's own folders are left alone.
/// Compiled registry crates are never rebuilt either: [`package`] builds
/// in a target folder of its own, emptied first.
fn forget_unpacked_packages(crates: &[(String, String)]) -> Result {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else { return Ok(()) };
    for registry in registries.flatten() {
        if registry.file_name().to_string_lossy().starts_with("index.crates.io-") {
            continue;
        }
        for (name, version) in crates {
            let unpacked = registry.path().join(format!("{name}-{version}"));
            if unpacked.exists() {
                std::fs::remove_dir_all(&unpacked)
                    .map_err(|e| format!("{}: {e}", unpacked.display()))?;
            }
        }
    }
    Ok(())
}

/// `cargo package` of every published crate, verified (each builds from
/// its packaged files alone, against the others as packaged).
pub fn package() -> Result {
    let versions = published_versions()?;
    forget_unpacked_packages(&versions)?;
    let crates: Vec<String> = versions.into_iter().map(|(name, _)| name).collect();
    cmd::step(&format!("cargo package: {}", crates.join(", ")));
    let target = root().join("target/package-check");
    let _ = std::fs::remove_dir_all(&target);
    let mut command = cmd::cargo();
    // The working tree holds build output the packages leave out; what is
    // checked is that each crate builds from its own files.
    command.args(["package", "--allow-dirty", "--target-dir"]).arg(&target);
    for name in &crates {
        command.args(["-p", name]);
    }
    exec(&mut command)
}

/// Builds `examples/csr-trunk` with Trunk as its README says (its
/// `pre_build` hook runs `annex build`), using this checkout's `annex`.
pub fn build_csr_example() -> Result {
    let annex = annex_binary()?;
    let bin = annex.parent().expect("the binary is in a folder").to_owned();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin];
    dirs.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).map_err(|e| e.to_string())?;
    cmd::step("examples/csr-trunk: trunk build (its hook runs annex build)");
    exec(
        Command::new("trunk")
            .args(["build", "--release"])
            .current_dir(root().join("examples/csr-trunk"))
            .env("PATH", path)
            .env("ANNEX_PATH", root())
            // The workspace's build folder: what the demo compiled is reused.
            .env("CARGO_TARGET_DIR", root().join("target")),
    )
}

/// Builds `examples/ssr-axum` with the commands its README gives (cargo
/// and wasm-bindgen, no cargo-leptos: see the README): the plugin with
/// `annex build`, the client (hydrate) to `site/pkg/`, the server binary.
pub fn build_ssr_example() -> Result {
    let annex = annex_binary()?;
    let example = root().join("examples/ssr-axum");
    // The workspace's build folder: dependencies shared with the demo and
    // the CSR example (leptos, the runtime) compile once.
    let target = root().join("target");
    cmd::step("examples/ssr-axum: annex build, client (hydrate), server (ssr)");
    exec(
        Command::new(&annex)
            .current_dir(&example)
            .args(["build", "plugins/greeter", "--out", "site"])
            .env("ANNEX_PATH", root())
            .env("CARGO_TARGET_DIR", &target),
    )?;
    exec(
        cmd::cargo()
            .current_dir(&example)
            .args(["build", "--release", "--lib", "--target", "wasm32-unknown-unknown"])
            .args(["--features", "hydrate"])
            .env("CARGO_TARGET_DIR", &target),
    )?;
    exec(
        Command::new("wasm-bindgen")
            .current_dir(&example)
            .args(["--target", "web", "--no-typescript", "--out-dir", "site/pkg"])
            .arg(target.join("wasm32-unknown-unknown/release/annex_example_ssr_axum.wasm")),
    )?;
    exec(
        cmd::cargo()
            .current_dir(&example)
            .args(["build", "--release", "--features", "ssr"])
            .env("CARGO_TARGET_DIR", &target),
    )
}

/// The examples' end-to-end tests (`tests/e2e/tests/examples/`), in Chromium.
pub fn examples_e2e(chrome: &crate::setup::Browser) -> Result {
    cmd::step("end-to-end tests of the examples and of annex dev's hot reload");
    exec(
        cmd::cargo()
            .args([
                "test",
                "-p",
                "annex-e2e",
                "--test",
                "examples",
                "--",
                "--ignored",
                "--test-threads=1",
            ])
            .env("CHROMIUM", &chrome.chromium)
            .env("CHROMEDRIVER", &chrome.chromedriver)
            .env("ANNEX_BIN", annex_binary()?),
    )
}
