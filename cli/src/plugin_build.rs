//! Building plugin crates into the modules a site serves.
//!
//! One `cargo build` per workspace, for `wasm32-unknown-unknown`, with the
//! `annex-plugin` profile given on the command line (so any crate builds the
//! same way without editing its `Cargo.toml`): the release profile, optimized
//! for size (site visitors download plugins), panics abort (the SDK reports
//! them to the host before the trap), symbols stripped. Then the Asyncify
//! transform where the module needs it, then an optional signature.

use std::fs;
use std::path::{Path, PathBuf};

use crate::keys::SigningKey;
use crate::process::{cargo, run};
use crate::project::{PluginCrate, Workspace};
use crate::tools::WASM_TARGET;
use crate::{asyncify, Error, Result};

/// The cargo profile plugins are built with.
pub const PROFILE: &str = "annex-plugin";

/// The profile's settings, passed as `--config` so no `Cargo.toml` needs them.
const PROFILE_SETTINGS: [(&str, &str); 6] = [
    ("inherits", "\"release\""),
    ("opt-level", "\"s\""),
    ("lto", "true"),
    ("codegen-units", "1"),
    ("panic", "\"abort\""),
    ("strip", "true"),
];

/// A plugin built into a module.
#[derive(Debug, Clone)]
pub struct BuiltPlugin {
    /// The crate it came from.
    pub plugin: PluginCrate,
    /// The module the site serves (transformed and signed as asked).
    pub module: Vec<u8>,
    /// Its size as the compiler wrote it, before any transform.
    pub compiled_size: usize,
    /// Whether the Asyncify transform was applied.
    pub asyncified: bool,
}

/// How to build.
#[derive(Debug, Default)]
pub struct BuildOptions {
    /// Sign every module with this key.
    pub sign: Option<SigningKey>,
    /// Skip the Asyncify transform (the module then runs only where the
    /// engine has JSPI).
    pub no_asyncify: bool,
}

/// The `cargo build` command for `plugins` of `workspace`.
pub fn cargo_command(workspace: &Workspace, plugins: &[&PluginCrate]) -> std::process::Command {
    let mut command = cargo();
    command.current_dir(&workspace.root).args([
        "build",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ]);
    for (key, value) in PROFILE_SETTINGS {
        command.arg("--config").arg(format!("profile.{PROFILE}.{key}={value}"));
    }
    for plugin in plugins {
        command.args(["-p", &plugin.package]);
    }
    command
}

/// Where cargo writes the module of `plugin`.
pub fn compiled_path(workspace: &Workspace, plugin: &PluginCrate) -> PathBuf {
    workspace.target_dir.join(WASM_TARGET).join(PROFILE).join(format!("{}.wasm", plugin.lib_name))
}

/// Builds every plugin of `workspace`.
pub fn build(workspace: &Workspace, options: &BuildOptions) -> Result<Vec<BuiltPlugin>> {
    crate::tools::require_wasm_target()?;
    let plugins: Vec<&PluginCrate> = workspace.plugins.iter().collect();
    run(&mut cargo_command(workspace, &plugins))?;
    let cache = workspace.target_dir.join("annex-asyncify");
    plugins
        .into_iter()
        .map(|plugin| {
            let path = compiled_path(workspace, plugin);
            let compiled = fs::read(&path).map_err(Error::io(&path))?;
            let file = format!("{}.wasm", plugin.file_stem);
            crate::catalog::manifest_of(&compiled, &file)?;
            let module = if options.no_asyncify {
                compiled.clone()
            } else {
                asyncify::transform(&compiled, &file, &cache)?
            };
            let asyncified = module.len() != compiled.len();
            let module = match &options.sign {
                Some(key) => annex_module::signature::sign(&module, key),
                None => module,
            };
            Ok(BuiltPlugin {
                plugin: plugin.clone(),
                module,
                compiled_size: compiled.len(),
                asyncified,
            })
        })
        .collect()
}

/// Writes each module to `dir/<file_stem>.wasm`; returns the file names.
pub fn write_modules(built: &[BuiltPlugin], dir: &Path) -> Result<Vec<String>> {
    fs::create_dir_all(dir).map_err(Error::io(dir))?;
    built
        .iter()
        .map(|b| {
            let file = format!("{}.wasm", b.plugin.file_stem);
            let path = dir.join(&file);
            fs::write(&path, &b.module).map_err(Error::io(&path))?;
            Ok(file)
        })
        .collect()
}
