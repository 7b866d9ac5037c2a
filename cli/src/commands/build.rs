//! `annex build`.

use std::path::PathBuf;

use annex_cli::bundle::WorkerCrate;
use annex_cli::plugin_build::BuildOptions;
use annex_cli::site::{self, Layout};

/// Build plugins to optimized wasm, the worker bundle and catalog.json.
///
/// Each PATH is a plugin crate, or a workspace whose plugin crates are all
/// built. Writes OUT/plugins/<name>.wasm, OUT/plugins/catalog.json and
/// OUT/annex-worker/, and prints their sizes. Plugins that use storage or
/// network get binaryen's Asyncify transform so they run in engines without
/// JSPI (WebKit); that needs `wasm-opt` on PATH (or WASM_OPT).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plugin crate or workspace folders (default: the current folder).
    paths: Vec<PathBuf>,
    /// Where to write the site's files.
    #[arg(long, default_value = "target/annex")]
    out: PathBuf,
    /// Sign every plugin with this key file (see `annex keygen`).
    #[arg(long, value_name = "KEY_FILE")]
    sign: Option<PathBuf>,
    /// Leave the worker bundle out (only plugins and catalog.json).
    #[arg(long)]
    no_worker: bool,
    /// Skip the Asyncify transform: storage and network plugins then run
    /// only where the engine has JSPI (Chromium, Firefox).
    #[arg(long)]
    no_asyncify: bool,
    /// Build the worker from this Annex checkout instead of the version of
    /// this CLI on crates.io.
    #[arg(long, value_name = "DIR", env = "ANNEX_PATH")]
    annex_path: Option<PathBuf>,
}

pub fn run(args: Args) -> annex_cli::Result {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let sign = match (&args.sign, annex_cli::keys::from_env()) {
        (Some(file), _) => Some(annex_cli::keys::read(file)?),
        (None, Some(key)) => Some(key?),
        (None, None) => None,
    };
    let mut layout = Layout::under(&args.out);
    if args.no_worker {
        layout.worker = None;
    }
    let worker = WorkerCrate::choose(args.annex_path.as_deref())?;
    let options = BuildOptions { sign, no_asyncify: args.no_asyncify };
    let report = site::build(&paths, &layout, &worker, &options)?;
    eprintln!("\nbuilt into {}:", args.out.display());
    for line in report.size_lines() {
        eprintln!("  {line}");
    }
    if let Some(key) = &options.sign {
        eprintln!("signed with key:{}", annex_cli::keys::public_hex(key));
    }
    Ok(())
}
