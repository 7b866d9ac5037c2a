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

use annex_cli::bundle::WorkerCrate;
use annex_cli::plugin_build::{self, BuildOptions, BuiltPlugin};
use annex_cli::project::{self, PluginCrate, Workspace};
use annex_module::edit::{self, with_custom_section, without_custom_section};

use crate::cmd::{self, root, Result};

pub fn assets_dir() -> PathBuf {
    root().join("target/annex-assets")
}

pub fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures")
}

/// Every plugin crate of the workspace, named by its folder (the test
/// fixtures' packages are `annex-fixture-*`, their files are not).
fn workspace() -> Result<Workspace> {
    let mut workspace = project::discover(&root()).map_err(|e| e.to_string())?;
    for plugin in &mut workspace.plugins {
        plugin.file_stem =
            plugin.dir.file_name().expect("a crate has a folder").to_string_lossy().into_owned();
    }
    workspace.plugins.sort_by(|a, b| a.file_stem.cmp(&b.file_stem));
    Ok(workspace)
}

fn in_folder<'a>(built: &'a [BuiltPlugin], folder: &str) -> Vec<&'a BuiltPlugin> {
    let folder = root().join(folder);
    built.iter().filter(|b| b.plugin.dir.parent() == Some(folder.as_path())).collect()
}

/// Builds plugins and the worker bundle the way `annex build` does (the
/// CLI's library), then lays them out for the demo and the test suites.
pub fn build() -> Result {
    let workspace = workspace()?;
    cmd::step("building plugins (wasm32, profile `annex-plugin`, Asyncify where needed)");
    let built =
        plugin_build::build(&workspace, &BuildOptions::default()).map_err(|e| e.to_string())?;
    for b in built.iter().filter(|b| b.asyncified) {
        eprintln!(
            "{}: Asyncify {} -> {} KiB",
            b.plugin.file_stem,
            b.compiled_size / 1024,
            b.module.len() / 1024
        );
    }
    let (examples, fixtures) =
        (in_folder(&built, "plugins"), in_folder(&built, "tests/fixture-plugins"));
    // Later versions of a fixture share its id, so they get catalogs of their own.
    let (later, fixtures): (Vec<&BuiltPlugin>, Vec<&BuiltPlugin>) =
        fixtures.into_iter().partition(|p| LATER_VERSIONS.contains(&p.plugin.file_stem.as_str()));

    cmd::step("building the worker bundle");
    let worker_dir = assets_dir().join("annex-worker");
    annex_cli::bundle::build(&WorkerCrate::Checkout(root()), &worker_dir)
        .map_err(|e| e.to_string())?;

    let plugins_dir = assets_dir().join("plugins");
    fresh_dir(&plugins_dir)?;
    write_all(&examples, &plugins_dir)?;
    for plugin in &examples {
        let own_fixtures = plugin.plugin.dir.join("tests/fixtures");
        fresh_dir(&own_fixtures)?;
        write_all(&[plugin], &own_fixtures)?;
        copy_dir(&worker_dir, &own_fixtures.join("annex-worker"))?;
    }

    let fixture_plugins = fixtures_dir().join("plugins");
    fresh_dir(&fixture_plugins)?;
    let everything: Vec<&BuiltPlugin> = examples.iter().chain(&fixtures).copied().collect();
    write_all(&everything, &fixture_plugins)?;
    // Notes as the compiler made it, without the Asyncify transform: it runs
    // only where the engine has JSPI.
    let notes = examples.iter().find(|p| p.plugin.file_stem == "notes").ok_or("no notes plugin")?;
    copy(
        &plugin_build::compiled_path(&workspace, &notes.plugin),
        &fixture_plugins.join("notes-untransformed.wasm"),
    )?;
    let grayscale = fs::read(fixture_plugins.join("grayscale.wasm")).map_err(|e| e.to_string())?;
    let stripped =
        without_custom_section(&grayscale, "annex.manifest").map_err(|e| e.to_string())?;
    fs::write(fixture_plugins.join("no-manifest.wasm"), stripped).map_err(|e| e.to_string())?;
    // The same plugin with other bytes (and so another hash): a "new build".
    let rebuilt = with_custom_section(&grayscale, "annex.test-padding", b"rebuilt");
    fs::write(fixture_plugins.join("grayscale-rebuilt.wasm"), rebuilt)
        .map_err(|e| e.to_string())?;
    write_bench_plugins(&fixture_plugins.join("load-parallel.wasm"))?;
    write_update_catalogs(&everything, &later)?;
    copy_dir(&worker_dir, &fixtures_dir().join("annex-worker"))?;
    let leptos_fixtures = root().join("leptos-integration/tests/fixtures");
    copy_dir(&worker_dir, &leptos_fixtures.join("annex-worker"))?;
    copy_dir(&fixture_plugins, &leptos_fixtures.join("plugins"))?;
    let updates = fixtures_dir().join("updates");
    for version in ["v1", "v2", "v3"] {
        copy_dir(&updates.join(version), &leptos_fixtures.join("updates").join(version))?;
    }

    let sizes: Vec<String> = examples
        .iter()
        .map(|p| format!("{} {} KiB", p.plugin.file_stem, p.module.len() / 1024))
        .collect();
    eprintln!("plugins: {}", sizes.join(", "));
    Ok(())
}

/// Fixtures that are later versions of another fixture (same plugin id).
const LATER_VERSIONS: [&str; 2] = ["custom-calls-v2", "custom-calls-v3"];

/// `tests/fixtures/updates/v1/`, `v2/`, `v3/`: custom-calls in each of its
/// versions, each folder with its own catalog, for the update tests.
fn write_update_catalogs(fixtures: &[&BuiltPlugin], later: &[&BuiltPlugin]) -> Result {
    let dir = fixtures_dir().join("updates");
    fresh_dir(&dir)?;
    let first =
        fixtures.iter().find(|p| p.plugin.file_stem == "custom-calls").ok_or("no custom-calls")?;
    let mut versions = vec![(*first).clone()];
    versions.extend(later.iter().map(|p| (*p).clone()));
    for (i, version) in versions.iter_mut().enumerate() {
        version.plugin.file_stem = "custom-calls".into();
        let folder = dir.join(format!("v{}", i + 1));
        write_all(&[version], &folder)?;
    }
    Ok(())
}

/// Writes `plugins` into `dir` with their `catalog.json`.
fn write_all(plugins: &[&BuiltPlugin], dir: &Path) -> Result {
    let owned: Vec<BuiltPlugin> = plugins.iter().map(|b| (*b).clone()).collect();
    let files = plugin_build::write_modules(&owned, dir).map_err(|e| e.to_string())?;
    annex_cli::catalog::write(dir, &files).map(drop).map_err(|e| e.to_string())
}

/// Packages in `plugins/` that have their own browser tests (`tests/browser.rs`).
pub fn plugins_with_browser_tests() -> Result<Vec<String>> {
    Ok(example_crates()?
        .into_iter()
        .filter(|p| p.dir.join("tests/browser.rs").is_file())
        .map(|p| p.package)
        .collect())
}

/// The package name of `plugins/<name>`.
pub fn package_of_plugin(name: &str) -> Result<String> {
    example_crates()?
        .into_iter()
        .find(|p| p.file_stem == name)
        .map(|p| p.package)
        .ok_or_else(|| format!("there is no plugin crate in plugins/{name}"))
}

/// The example plugin crates (`plugins/*`).
fn example_crates() -> Result<Vec<PluginCrate>> {
    let folder = root().join("plugins");
    Ok(workspace()?
        .plugins
        .into_iter()
        .filter(|p| p.dir.parent() == Some(folder.as_path()))
        .collect())
}

/// Writes `tests/fixtures/bench/`: 50 small plugins made from `template` by
/// giving each its own manifest (ids `dev.annex.bench.p00`… , the first 5
/// eager, the rest lazy), a 1 MiB plugin `big.wasm`, and their catalog.
fn write_bench_plugins(template: &Path) -> Result {
    use annex_protocol::manifest::Strategy;
    let dir = fixtures_dir().join("bench");
    fresh_dir(&dir)?;
    let bytes = fs::read(template).map_err(|e| e.to_string())?;
    let base =
        annex_cli::catalog::manifest_of(&bytes, "load-parallel.wasm").map_err(|e| e.to_string())?;
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
    let files: Vec<String> = names.iter().map(|name| format!("{name}.wasm")).collect();
    annex_cli::catalog::write(&dir, &files).map(drop).map_err(|e| e.to_string())
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
