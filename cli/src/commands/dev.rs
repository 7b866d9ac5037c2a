//! `annex dev`.

use std::path::PathBuf;

use annex_cli::bundle::WorkerCrate;
use annex_cli::dev::{self, DevOptions};

/// Serve a site and its plugins on 127.0.0.1; rebuild plugins when their
/// sources change and hot-reload them in open pages.
///
/// Serves SITE at /, the plugins at /plugins/ (with catalog.json) and the
/// worker bundle at /annex-worker/. Pages whose `<PluginHost>` reads
/// /plugins/catalog.json follow the rebuilds: each changed plugin is updated
/// in place, its state handed from the old instance to the new one, without
/// reloading the page.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plugin crate or workspace folders to build and watch (default: the
    /// current folder).
    plugins: Vec<PathBuf>,
    /// The site folder to serve at / (e.g. Trunk's dist/).
    #[arg(long)]
    site: Option<PathBuf>,
    /// The port on 127.0.0.1.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Send a Content-Security-Policy: `strict` (see the book's getting
    /// started, "Content-Security-Policy"; inline scripts of HTML pages are
    /// allowed by their hash) or a policy of your own.
    #[arg(long)]
    csp: Option<String>,
    /// Where builds go.
    #[arg(long, default_value = "target/annex-dev")]
    build_dir: PathBuf,
    /// Build the worker from this Annex checkout instead of crates.io.
    #[arg(long, value_name = "DIR", env = "ANNEX_PATH")]
    annex_path: Option<PathBuf>,
}

pub fn run(args: Args) -> annex_cli::Result {
    let plugins = if args.plugins.is_empty() { vec![PathBuf::from(".")] } else { args.plugins };
    let csp = args.csp.map(|csp| match csp.as_str() {
        "strict" => annex_cli::serve::STRICT_CSP.to_owned(),
        _ => csp,
    });
    dev::run(DevOptions {
        site: args.site,
        plugins,
        port: args.port,
        csp,
        worker: WorkerCrate::choose(args.annex_path.as_deref())?,
        build_dir: args.build_dir,
    })
}
