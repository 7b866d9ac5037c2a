//! `annex dev`: a site and its plugins on 127.0.0.1, rebuilt on change and
//! hot-reloaded in the pages that have them open.
//!
//! ```text
//! /                         the site folder (client routes fall back to its index.html)
//! /plugins/…                the plugins as `annex build` makes them, and catalog.json,
//!                           which carries `"dev": {"events": "/_annex/dev/events"}`
//! /annex-worker/…           the worker bundle
//! /_annex/dev/events?since=N  a long poll: {"version": M} once the rebuild count M != N
//! /_annex/dev/csp-report    with --csp: where the browser reports violations
//!                           (printed; GET lists them)
//! ```
//!
//! The runtime follows the catalog's `dev.events` (`PluginHost::follow_catalog`,
//! which `<PluginHost catalog_url=…>` calls by itself): after a rebuild it reads
//! the catalog again and updates each changed plugin in place, handing its
//! state from the old instance to the new one. Nothing in the app changes for
//! development; a production catalog has no `dev` field.

mod server;
mod watch;

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

use crate::bundle::WorkerCrate;
use crate::plugin_build::BuildOptions;
use crate::site::{self, Layout};
use crate::Result;

pub use server::{CSP_REPORTS, EVENTS};

/// How to run the dev server.
#[derive(Debug, Clone)]
pub struct DevOptions {
    /// The site to serve (e.g. Trunk's `dist/`); `None` serves only plugins.
    pub site: Option<PathBuf>,
    /// Plugin crates or workspaces to build and watch.
    pub plugins: Vec<PathBuf>,
    /// The port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// A Content-Security-Policy for every answer (see [`crate::serve::STRICT_CSP`]).
    pub csp: Option<String>,
    /// Where the worker bundle comes from.
    pub worker: WorkerCrate,
    /// Where builds go.
    pub build_dir: PathBuf,
}

/// The rebuild count, and a way to wait for it to change.
#[derive(Debug, Default)]
pub struct Rebuilds {
    count: Mutex<u64>,
    changed: Condvar,
}

impl Rebuilds {
    /// The current count.
    pub fn count(&self) -> u64 {
        *self.count.lock().expect("not poisoned")
    }

    fn bump(&self) {
        *self.count.lock().expect("not poisoned") += 1;
        self.changed.notify_all();
    }

    /// Waits until the count differs from `since`, at most `timeout`; the count.
    pub fn wait(&self, since: u64, timeout: std::time::Duration) -> u64 {
        let count = self.count.lock().expect("not poisoned");
        let (count, _) = self
            .changed
            .wait_timeout_while(count, timeout, |count| *count == since)
            .expect("not poisoned");
        *count
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn run(options: DevOptions) -> Result {
    let layout = Layout {
        plugins: options.build_dir.join("plugins"),
        worker: Some(options.build_dir.join("annex-worker")),
    };
    let build = BuildOptions::default();
    site::build(&options.plugins, &layout, &options.worker, &build)?;
    let rebuilds = Arc::new(Rebuilds::default());
    let server = server::DevServer::start(&options, rebuilds.clone())?;
    eprintln!("\nannex dev: serving on {}", server.url());
    if let Some(site) = &options.site {
        eprintln!("  /                {}", site.display());
    }
    eprintln!("  /plugins/        {}", layout.plugins.display());
    eprintln!("  /annex-worker/   the worker bundle");
    eprintln!("watching {} for changes", watch::describe(&options.plugins));
    let plugins_only = Layout { worker: None, ..layout };
    watch::watch(&options.plugins, || {
        eprintln!("\nannex dev: a plugin changed, rebuilding");
        match site::build(&options.plugins, &plugins_only, &options.worker, &build) {
            Ok(report) => {
                for line in report.size_lines() {
                    eprintln!("  {line}");
                }
                rebuilds.bump();
                eprintln!("annex dev: rebuild {} is live; open pages update", rebuilds.count());
            }
            Err(error) => {
                eprintln!("annex dev: the rebuild failed, pages keep the last build: {error}")
            }
        }
    })
}
