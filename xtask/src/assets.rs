//! Builds what the browser loads besides the app: plugins and the worker bundle.
//!
//! * `target/annex-assets/plugins/<name>.wasm`: the example plugins in `plugins/`.
//! * `target/annex-assets/annex-worker/`: `annex-worker-loader.js`,
//!   `annex_worker.js`, `annex_worker_bg.wasm`.
//! * `tests/fixtures/`: the same, plus the test-only plugins in
//!   `tests/fixture-plugins/` and `no-manifest.wasm` (grayscale with its
//!   manifest section removed), served to the browser tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, exec, root, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// A plugin crate: its folder name (the `.wasm` file name) and package name.
struct PluginCrate {
    name: String,
    package: String,
}

pub fn assets_dir() -> PathBuf {
    root().join("target/annex-assets")
}

pub fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures")
}

pub fn build() -> Result {
    let examples = plugin_crates("plugins")?;
    let fixtures = plugin_crates("tests/fixture-plugins")?;

    cmd::step("building plugins (wasm32, profile `plugin`)");
    let mut build = cmd::cargo();
    build.args(["build", "--target", WASM_TARGET, "--profile", "plugin"]);
    for plugin in examples.iter().chain(&fixtures) {
        build.args(["-p", &plugin.package]);
    }
    exec(&mut build)?;

    cmd::step("building the worker bundle");
    exec(cmd::cargo().args([
        "build",
        "--target",
        WASM_TARGET,
        "--release",
        "-p",
        "annex-worker",
    ]))?;
    let worker_dir = assets_dir().join("annex-worker");
    fresh_dir(&worker_dir)?;
    let worker_wasm = root().join(format!("target/{WASM_TARGET}/release/annex_worker.wasm"));
    exec(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&worker_dir)
            .arg(&worker_wasm),
    )?;
    copy(
        &root().join("worker/js/annex-worker-loader.js"),
        &worker_dir.join("annex-worker-loader.js"),
    )?;

    let plugins_dir = assets_dir().join("plugins");
    fresh_dir(&plugins_dir)?;
    for plugin in &examples {
        copy(
            &plugin_wasm(plugin),
            &plugins_dir.join(format!("{}.wasm", plugin.name)),
        )?;
    }

    let fixture_plugins = fixtures_dir().join("plugins");
    fresh_dir(&fixture_plugins)?;
    for plugin in examples.iter().chain(&fixtures) {
        copy(
            &plugin_wasm(plugin),
            &fixture_plugins.join(format!("{}.wasm", plugin.name)),
        )?;
    }
    let grayscale = fs::read(fixture_plugins.join("grayscale.wasm")).map_err(|e| e.to_string())?;
    let stripped = without_custom_section(&grayscale, "annex.manifest")?;
    fs::write(fixture_plugins.join("no-manifest.wasm"), stripped).map_err(|e| e.to_string())?;
    copy_dir(&worker_dir, &fixtures_dir().join("annex-worker"))?;

    let sizes: Vec<String> = examples
        .iter()
        .map(|p| {
            let size =
                fs::metadata(plugins_dir.join(format!("{}.wasm", p.name))).map_or(0, |m| m.len());
            format!("{} {} KiB", p.name, size / 1024)
        })
        .collect();
    eprintln!("plugins: {}", sizes.join(", "));
    Ok(())
}

fn plugin_wasm(plugin: &PluginCrate) -> PathBuf {
    root().join(format!(
        "target/{WASM_TARGET}/plugin/{}.wasm",
        plugin.package.replace('-', "_")
    ))
}

/// Every crate in `folder/*/Cargo.toml`.
fn plugin_crates(folder: &str) -> Result<Vec<PluginCrate>> {
    let mut crates = Vec::new();
    let entries = fs::read_dir(root().join(folder)).map_err(|e| format!("{folder}: {e}"))?;
    for entry in entries {
        let dir = entry.map_err(|e| e.to_string())?.path();
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        let doc: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
        let package = doc
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .ok_or_else(|| format!("{}: no package name", manifest.display()))?;
        let name = dir
            .file_name()
            .expect("a folder has a name")
            .to_string_lossy()
            .into_owned();
        crates.push(PluginCrate {
            name,
            package: package.to_owned(),
        });
    }
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(crates)
}

/// The module with one custom section removed, every other section byte for byte.
pub fn without_custom_section(module: &[u8], name: &str) -> Result<Vec<u8>> {
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let wasmparser::Payload::CustomSection(section) = &payload {
            if section.name() == name {
                continue;
            }
        }
        if let Some((id, range)) = payload.as_section() {
            out.section(&wasm_encoder::RawSection {
                id,
                data: &module[range.start as usize..range.end as usize],
            });
        }
    }
    Ok(out.finish())
}

fn fresh_dir(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} → {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fresh_dir(to)?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        copy(&path, &to.join(path.file_name().expect("files have names")))?;
    }
    Ok(())
}
