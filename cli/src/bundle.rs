//! The worker bundle: the code every plugin worker runs, as the three static
//! files a site serves from one folder (`/annex-worker/` by default):
//!
//! | file | what |
//! |---|---|
//! | `annex-worker-loader.js` | the worker's entry script (the `annex-worker` crate's `js/`) |
//! | `annex_worker.js` | wasm-bindgen's glue |
//! | `annex_worker_bg.wasm` | the worker's code; the host compiles it once per page |
//!
//! It is built from the `annex-worker` crate of exactly this CLI's version:
//! from crates.io, or from the source tree the CLI was installed from (or
//! one named with `--annex-path`), through a small generated crate that
//! links it into a `cdylib`. A site therefore never copies files out of
//! Annex's repository, and the bundle always matches the runtime of the same
//! version.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::process::{cargo, run};
use crate::tools::WASM_TARGET;
use crate::{Error, Result};

/// The files of a bundle, in the order a site needs them.
pub const FILES: [&str; 3] = ["annex-worker-loader.js", "annex_worker.js", "annex_worker_bg.wasm"];

/// Where the `annex-worker` crate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerCrate {
    /// A checkout of Annex (the folder holding `worker/Cargo.toml`).
    Checkout(PathBuf),
    /// crates.io, at this version.
    Registry(String),
}

impl WorkerCrate {
    /// The worker of this CLI's version: the checkout it was built from when
    /// that still exists (`cargo install --path cli`), else crates.io.
    pub fn of_this_cli() -> Self {
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned);
        match checkout {
            Some(root) if root.join("worker/Cargo.toml").is_file() => Self::Checkout(root),
            _ => Self::Registry(env!("CARGO_PKG_VERSION").to_owned()),
        }
    }

    /// `--annex-path` when given, else [`WorkerCrate::of_this_cli`].
    pub fn choose(annex_path: Option<&Path>) -> Result<Self> {
        match annex_path {
            None => Ok(Self::of_this_cli()),
            Some(root) if root.join("worker/Cargo.toml").is_file() => {
                Ok(Self::Checkout(root.canonicalize().map_err(Error::io(root))?))
            }
            Some(root) => Err(Error::Usage(format!(
                "{} is not an Annex checkout (no worker/Cargo.toml in it)",
                root.display()
            ))),
        }
    }

    fn dependency(&self) -> String {
        match self {
            Self::Checkout(root) => {
                let path = root.join("worker").display().to_string().replace('\\', "/");
                format!("{{ path = \"{path}\" }}")
            }
            Self::Registry(version) => format!("\"={version}\""),
        }
    }

    /// Where the generated crate and its build live: inside the checkout's
    /// `target/` (sharing what it already compiled), else the user's cache.
    fn work_dir(&self) -> PathBuf {
        match self {
            Self::Checkout(root) => root.join("target"),
            Self::Registry(version) => cache_home().join("annex").join(version),
        }
    }
}

fn cache_home() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir);
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache"))
        .unwrap_or_else(std::env::temp_dir)
}

/// Builds the worker bundle from `source` into `out` (created or replaced);
/// returns the files with their sizes.
pub fn build(source: &WorkerCrate, out: &Path) -> Result<Vec<(String, u64)>> {
    crate::tools::require_wasm_target()?;
    let wasm_bindgen = crate::tools::wasm_bindgen()?;
    let work = source.work_dir();
    let project = work.join("annex-worker-bundle");
    write_project(source, &project)?;
    let target_dir = match source {
        WorkerCrate::Checkout(_) => work,
        WorkerCrate::Registry(_) => work.join("target"),
    };
    let manifest = project.join("Cargo.toml");
    run(cargo()
        .args(["build", "--lib", "--release", "--target", WASM_TARGET, "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir))?;
    let wasm = target_dir.join(WASM_TARGET).join("release/annex_worker_bundle.wasm");
    if out.exists() {
        fs::remove_dir_all(out).map_err(Error::io(out))?;
    }
    fs::create_dir_all(out).map_err(Error::io(out))?;
    run(Command::new(wasm_bindgen)
        .args(["--target", "web", "--no-typescript", "--out-name", "annex_worker", "--out-dir"])
        .arg(out)
        .arg(&wasm))?;
    let loader = worker_crate_dir(&manifest)?.join("js/annex-worker-loader.js");
    let loader_out = out.join(FILES[0]);
    fs::copy(&loader, &loader_out).map_err(Error::io(&loader))?;
    FILES
        .iter()
        .map(|file| {
            let path = out.join(file);
            let size = fs::metadata(&path).map_err(Error::io(&path))?.len();
            Ok(((*file).to_owned(), size))
        })
        .collect()
}

/// Writes the generated crate that links `annex-worker` into a `cdylib`.
/// From a checkout, its `Cargo.lock` pins the dependencies, so the bundle
/// is built from exactly the versions that checkout was tested with.
fn write_project(source: &WorkerCrate, project: &Path) -> Result {
    let src = project.join("src");
    fs::create_dir_all(&src).map_err(Error::io(&src))?;
    let manifest = format!(
        "# Generated by `annex build`: links the Annex worker into the module\n\
         # wasm-bindgen turns into the worker bundle. Do not edit.\n\
         [package]\nname = \"annex-worker-bundle\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n\
         [dependencies]\nannex-worker = {}\n\n\
         [profile.release]\nopt-level = 3\nlto = true\ncodegen-units = 1\n\n[workspace]\n",
        source.dependency()
    );
    write_if_changed(&project.join("Cargo.toml"), &manifest)?;
    write_if_changed(
        &src.join("lib.rs"),
        "//! Generated by `annex build`. Do not edit.\npub use annex_worker::annex_worker_boot;\n",
    )?;
    if let WorkerCrate::Checkout(root) = source {
        let lock = root.join("Cargo.lock");
        if lock.is_file() {
            let text = fs::read_to_string(&lock).map_err(Error::io(&lock))?;
            write_if_changed(&project.join("Cargo.lock"), &text)?;
        }
    }
    Ok(())
}

/// Writes `text` unless the file holds it already (keeps cargo's
/// fingerprints, and so its incremental build, untouched).
fn write_if_changed(path: &Path, text: &str) -> Result {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    fs::write(path, text).map_err(Error::io(path))
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetadataPackage>,
}

#[derive(Deserialize)]
struct MetadataPackage {
    name: String,
    manifest_path: PathBuf,
}

/// The folder of the `annex-worker` crate the generated crate resolved to.
fn worker_crate_dir(manifest: &Path) -> Result<PathBuf> {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .output()
        .map_err(Error::io("cargo"))?;
    let metadata: Metadata = serde_json::from_slice(&out.stdout).map_err(|e| {
        Error::Usage(format!("cannot read the metadata of {}: {e}", manifest.display()))
    })?;
    metadata
        .packages
        .into_iter()
        .find(|p| p.name == "annex-worker")
        .and_then(|p| p.manifest_path.parent().map(Path::to_owned))
        .ok_or_else(|| {
            Error::Usage(format!("{} does not depend on annex-worker", manifest.display()))
        })
}
