//! Plugin crates on disk, found through `cargo metadata`.
//!
//! A plugin crate is a package with a `cdylib` library and a
//! `[package.metadata.annex]` table (the manifest `annex_sdk::export_plugin!`
//! embeds). `annex build` takes a crate folder, or a workspace folder and
//! then builds every plugin crate in it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::process::cargo;
use crate::{Error, Result};

/// One plugin crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginCrate {
    /// The package name.
    pub package: String,
    /// The library target's name (the `.wasm` cargo writes is `<lib_name>.wasm`).
    pub lib_name: String,
    /// The crate's folder.
    pub dir: PathBuf,
    /// The name its module is published under: the package name without a
    /// leading `annex-plugin-` (`annex-plugin-invert` → `invert.wasm`).
    pub file_stem: String,
}

/// The cargo workspace plugin crates were found in.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Its root folder.
    pub root: PathBuf,
    /// Where cargo writes its builds.
    pub target_dir: PathBuf,
    /// The plugin crates asked for.
    pub plugins: Vec<PluginCrate>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    workspace_root: PathBuf,
    target_directory: PathBuf,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    manifest_path: PathBuf,
    targets: Vec<Target>,
    #[serde(default)]
    metadata: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    crate_types: Vec<String>,
}

impl Package {
    fn plugin(&self) -> std::result::Result<PluginCrate, String> {
        if self.metadata.as_ref().and_then(|m| m.get("annex")).is_none() {
            return Err("has no [package.metadata.annex] table (the plugin's manifest)".into());
        }
        let lib = self
            .targets
            .iter()
            .find(|t| t.crate_types.iter().any(|c| c == "cdylib"))
            .ok_or("its [lib] is not a cdylib (add `crate-type = [\"cdylib\", \"rlib\"]`)")?;
        let dir = self.manifest_path.parent().expect("a manifest is in a folder").to_owned();
        let file_stem = self.name.strip_prefix("annex-plugin-").unwrap_or(&self.name).to_owned();
        Ok(PluginCrate { package: self.name.clone(), lib_name: lib.name.clone(), dir, file_stem })
    }
}

/// The plugin crates at `path`: the crate itself if `path` is a plugin
/// crate, else every plugin crate of the workspace whose root it is.
pub fn discover(path: &Path) -> Result<Workspace> {
    let manifest = if path.is_dir() { path.join("Cargo.toml") } else { path.to_owned() };
    if !manifest.is_file() {
        return Err(Error::NotAPlugin {
            path: path.to_owned(),
            reason: "has no Cargo.toml (run this in a plugin crate, or name one)".into(),
        });
    }
    let manifest = manifest.canonicalize().map_err(Error::io(&manifest))?;
    let out = std::process::Command::new(cargo().get_program())
        .args(["metadata", "--no-deps", "--format-version", "1", "--manifest-path"])
        .arg(&manifest)
        .output()
        .map_err(Error::io("cargo"))?;
    if !out.status.success() {
        return Err(Error::NotAPlugin {
            path: manifest,
            reason: format!(
                "cargo metadata failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    let metadata: Metadata =
        serde_json::from_slice(&out.stdout).map_err(|e| Error::NotAPlugin {
            path: manifest.clone(),
            reason: format!("cannot read cargo metadata: {e}"),
        })?;
    let own = metadata.packages.iter().find(|p| p.manifest_path == manifest);
    let plugins = match own.map(Package::plugin) {
        Some(Ok(plugin)) => vec![plugin],
        // The crate itself is no plugin: a workspace root lists its plugins;
        // any other crate is a mistake worth naming.
        Some(Err(reason)) if manifest.parent() != Some(&metadata.workspace_root) => {
            return Err(Error::NotAPlugin { path: manifest, reason });
        }
        _ => metadata.packages.iter().filter_map(|p| p.plugin().ok()).collect(),
    };
    if plugins.is_empty() {
        return Err(Error::NotAPlugin {
            path: manifest,
            reason: "is a workspace with no plugin crates (packages with a cdylib and \
                     [package.metadata.annex])"
                .into(),
        });
    }
    Ok(Workspace { root: metadata.workspace_root, target_dir: metadata.target_directory, plugins })
}
