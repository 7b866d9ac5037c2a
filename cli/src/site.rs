//! What `annex build` writes: everything a site serves for Annex.
//!
//! ```text
//! <out>/plugins/<name>.wasm      each plugin, optimized (and signed)
//! <out>/plugins/catalog.json     URL, SHA-256, size and manifest of each
//! <out>/annex-worker/…           the worker bundle (see crate::bundle)
//! ```
//!
//! The app points its host at them: `WorkerSource::from_base("/annex-worker")`
//! and `catalog_url="/plugins/catalog.json"`.

use std::path::{Path, PathBuf};

use crate::bundle::{self, WorkerCrate};
use crate::plugin_build::{self, BuildOptions, BuiltPlugin};
use crate::project;
use crate::Result;

/// Where the files go.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The plugins and `catalog.json`.
    pub plugins: PathBuf,
    /// The worker bundle; `None` to leave it out.
    pub worker: Option<PathBuf>,
}

impl Layout {
    /// `out/plugins/` and `out/annex-worker/`.
    pub fn under(out: &Path) -> Self {
        Self { plugins: out.join("plugins"), worker: Some(out.join("annex-worker")) }
    }
}

/// What was built.
#[derive(Debug)]
pub struct Report {
    /// The plugins, as written.
    pub plugins: Vec<BuiltPlugin>,
    /// `catalog.json`.
    pub catalog: PathBuf,
    /// The worker bundle's files and sizes (empty when left out).
    pub worker: Vec<(String, u64)>,
}

impl Report {
    /// The sizes, one line each, as `annex build` prints them.
    pub fn size_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for built in &self.plugins {
            let mut line = format!(
                "{:<36} {:>10}",
                format!("plugins/{}.wasm", built.plugin.file_stem),
                crate::size_text(built.module.len())
            );
            if built.asyncified {
                line.push_str(&format!(
                    "  (Asyncify: {} as compiled)",
                    crate::size_text(built.compiled_size)
                ));
            }
            lines.push(line);
        }
        for (file, size) in &self.worker {
            lines.push(format!(
                "{:<36} {:>10}",
                format!("annex-worker/{file}"),
                crate::size_text(*size as usize)
            ));
        }
        lines
    }
}

/// Builds the plugin crates at `paths` (crate or workspace folders) into
/// `layout`, writes their catalog, and the worker bundle from `worker`.
pub fn build(
    paths: &[PathBuf],
    layout: &Layout,
    worker: &WorkerCrate,
    options: &BuildOptions,
) -> Result<Report> {
    let mut plugins = Vec::new();
    for path in paths {
        let workspace = project::discover(path)?;
        crate::process::step(&format!(
            "building {} (wasm32, profile `{}`)",
            workspace.plugins.iter().map(|p| p.package.as_str()).collect::<Vec<_>>().join(", "),
            plugin_build::PROFILE
        ));
        plugins.extend(plugin_build::build(&workspace, options)?);
    }
    let files = plugin_build::write_modules(&plugins, &layout.plugins)?;
    let catalog = crate::catalog::write(&layout.plugins, &files)?;
    let worker = match &layout.worker {
        Some(dir) => {
            crate::process::step("building the worker bundle");
            bundle::build(worker, dir)?
        }
        None => Vec::new(),
    };
    Ok(Report { plugins, catalog, worker })
}
