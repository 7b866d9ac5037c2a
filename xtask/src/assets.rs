//! Builds what the browser loads besides the app: plugins and the worker bundle.
//!
//! * `target/annex-assets/plugins/<name>.wasm`: the example plugins in `plugins/`,
//!   and `catalog.json` listing them (manifest, size, SHA-256).
//! * `target/annex-assets/annex-worker/`: `annex-worker-loader.js`,
//!   `annex_worker.js`, `annex_worker_bg.wasm`.
//! * `tests/fixtures/`: the same, plus the test-only plugins in
//!   `tests/fixture-plugins/`, `no-manifest.wasm` (grayscale with its
//!   manifest section removed) and `notes-untransformed.wasm` (notes without
//!   the Asyncify transform), served to the browser tests.
//! * `plugins/<name>/tests/fixtures/`: the plugin and the worker bundle, for
//!   the plugin's own browser tests.
//! * `leptos-integration/tests/fixtures/`: the worker bundle and the same
//!   plugins and catalog as `tests/fixtures/plugins/`, for the browser tests
//!   of `annex-leptos`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use annex_module::edit::{self, with_custom_section, without_custom_section};

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
    exec(cmd::cargo().args(["build", "--target", WASM_TARGET, "--release", "-p", "annex-worker"]))?;
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

    cmd::step("Asyncify for plugins with asynchronous imports (engines without JSPI)");
    let mut modules = std::collections::HashMap::new();
    for plugin in examples.iter().chain(&fixtures) {
        let built = fs::read(plugin_wasm(plugin)).map_err(|e| format!("{}: {e}", plugin.name))?;
        let module =
            crate::asyncify::transform(&built).map_err(|e| format!("{}: {e}", plugin.name))?;
        if module.len() != built.len() {
            eprintln!("{}: {} -> {} KiB", plugin.name, built.len() / 1024, module.len() / 1024);
        }
        modules.insert(plugin.name.clone(), module);
    }
    let write = |plugin: &PluginCrate, to: &Path| {
        fs::write(to, &modules[&plugin.name]).map_err(|e| format!("{}: {e}", to.display()))
    };

    let plugins_dir = assets_dir().join("plugins");
    fresh_dir(&plugins_dir)?;
    for plugin in &examples {
        write(plugin, &plugins_dir.join(format!("{}.wasm", plugin.name)))?;
        let own_fixtures = root().join("plugins").join(&plugin.name).join("tests/fixtures");
        fresh_dir(&own_fixtures)?;
        write(plugin, &own_fixtures.join(format!("{}.wasm", plugin.name)))?;
        copy_dir(&worker_dir, &own_fixtures.join("annex-worker"))?;
    }
    write_catalog(&plugins_dir, &examples.iter().collect::<Vec<_>>())?;

    let fixture_plugins = fixtures_dir().join("plugins");
    fresh_dir(&fixture_plugins)?;
    for plugin in examples.iter().chain(&fixtures) {
        write(plugin, &fixture_plugins.join(format!("{}.wasm", plugin.name)))?;
    }
    write_catalog(&fixture_plugins, &examples.iter().chain(&fixtures).collect::<Vec<_>>())?;
    // Notes as the compiler made it, without the Asyncify transform: it runs
    // only where the engine has JSPI.
    let notes = examples.iter().find(|p| p.name == "notes").ok_or("no notes plugin")?;
    copy(&plugin_wasm(notes), &fixture_plugins.join("notes-untransformed.wasm"))?;
    let grayscale = fs::read(fixture_plugins.join("grayscale.wasm")).map_err(|e| e.to_string())?;
    let stripped =
        without_custom_section(&grayscale, "annex.manifest").map_err(|e| e.to_string())?;
    fs::write(fixture_plugins.join("no-manifest.wasm"), stripped).map_err(|e| e.to_string())?;
    // The same plugin with other bytes (and so another hash): a "new build".
    let rebuilt = with_custom_section(&grayscale, "annex.test-padding", b"rebuilt");
    fs::write(fixture_plugins.join("grayscale-rebuilt.wasm"), rebuilt)
        .map_err(|e| e.to_string())?;
    write_bench_plugins(&fixture_plugins.join("load-parallel.wasm"))?;
    copy_dir(&worker_dir, &fixtures_dir().join("annex-worker"))?;
    let leptos_fixtures = root().join("leptos-integration/tests/fixtures");
    copy_dir(&worker_dir, &leptos_fixtures.join("annex-worker"))?;
    copy_dir(&fixture_plugins, &leptos_fixtures.join("plugins"))?;

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

/// Writes `catalog.json` for the plugins in `dir`, from their embedded manifests.
fn write_catalog(dir: &Path, plugins: &[&PluginCrate]) -> Result {
    use sha2::Digest;
    let mut entries = Vec::new();
    for plugin in plugins {
        let file = format!("{}.wasm", plugin.name);
        let bytes = fs::read(dir.join(&file)).map_err(|e| e.to_string())?;
        let manifest = manifest_of(&bytes).map_err(|e| format!("{file}: {e}"))?;
        entries.push(annex_protocol::catalog::CatalogEntry {
            url: file,
            sha256: hex(&sha2::Sha256::digest(&bytes)),
            size: bytes.len() as u64,
            manifest,
        });
    }
    let catalog = annex_protocol::catalog::Catalog {
        schema: annex_protocol::catalog::CATALOG_SCHEMA,
        plugins: entries,
    };
    let json = serde_json::to_string_pretty(&catalog).expect("catalogs serialize");
    annex_protocol::catalog::Catalog::from_json(json.as_bytes())
        .map_err(|e| format!("catalog: {e}"))?;
    fs::write(dir.join("catalog.json"), json + "\n").map_err(|e| e.to_string())
}

/// The manifest embedded in a module, validated.
fn manifest_of(module: &[u8]) -> Result<annex_protocol::Manifest> {
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? {
            if section.name() == annex_protocol::abi::MANIFEST_SECTION {
                let parsed = annex_protocol::Manifest::from_json(section.data())
                    .map_err(|e| e.to_string())?;
                return Ok(parsed.manifest);
            }
        }
    }
    Err("no annex.manifest section".into())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn plugin_wasm(plugin: &PluginCrate) -> PathBuf {
    root().join(format!("target/{WASM_TARGET}/plugin/{}.wasm", plugin.package.replace('-', "_")))
}

/// Packages in `plugins/` that have their own browser tests (`tests/browser.rs`).
pub fn plugins_with_browser_tests() -> Result<Vec<String>> {
    Ok(plugin_crates("plugins")?
        .into_iter()
        .filter(|p| root().join("plugins").join(&p.name).join("tests/browser.rs").is_file())
        .map(|p| p.package)
        .collect())
}

/// The package name of `plugins/<name>`.
pub fn package_of_plugin(name: &str) -> Result<String> {
    plugin_crates("plugins")?
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.package)
        .ok_or_else(|| format!("there is no plugin crate in plugins/{name}"))
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
        let doc: toml::Table = text.parse().map_err(|e| format!("{}: {e}", manifest.display()))?;
        let package = doc
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .ok_or_else(|| format!("{}: no package name", manifest.display()))?;
        let name = dir.file_name().expect("a folder has a name").to_string_lossy().into_owned();
        crates.push(PluginCrate { name, package: package.to_owned() });
    }
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(crates)
}

/// Writes `tests/fixtures/bench/`: 50 small plugins made from `template` by
/// giving each its own manifest (ids `dev.annex.bench.p00`… , the first 5
/// eager, the rest lazy), a 1 MiB plugin `big.wasm`, and their catalog.
fn write_bench_plugins(template: &Path) -> Result {
    use annex_protocol::manifest::Strategy;
    let dir = fixtures_dir().join("bench");
    fresh_dir(&dir)?;
    let bytes = fs::read(template).map_err(|e| e.to_string())?;
    let base = manifest_of(&bytes)?;
    let mut names = Vec::new();
    for i in 0..50 {
        let mut manifest = base.clone();
        manifest.id = format!("dev.annex.bench.p{i:02}").parse().map_err(|e| format!("{e}"))?;
        manifest.name = format!("Bench plugin {i}");
        manifest.loading.strategy = if i < 5 { Strategy::Eager } else { Strategy::Lazy };
        let module = with_manifest(&bytes, &manifest.to_json())?;
        let name = format!("p{i:02}");
        fs::write(dir.join(format!("{name}.wasm")), module).map_err(|e| e.to_string())?;
        names.push(name);
    }
    let mut big = base;
    big.id = "dev.annex.bench.big".parse().map_err(|e| format!("{e}"))?;
    big.name = "Bench plugin, 1 MiB".into();
    let padded = with_manifest(&bytes, &big.to_json())?;
    let padding = vec![0x5a; (1 << 20) - padded.len().min(1 << 20) - 32];
    let module = with_custom_section(&padded, "annex.test-padding", &padding);
    fs::write(dir.join("big.wasm"), module).map_err(|e| e.to_string())?;
    names.push("big".into());
    let crates: Vec<PluginCrate> =
        names.into_iter().map(|name| PluginCrate { package: name.clone(), name }).collect();
    write_catalog(&dir, &crates.iter().collect::<Vec<_>>())
}

fn with_manifest(module: &[u8], json: &str) -> Result<Vec<u8>> {
    edit::with_manifest(module, json).map_err(|e| e.to_string())
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
