//! A small local HTTP server for the demo, the end-to-end and browser tests,
//! and the benchmark.
//!
//! It serves one folder with the right MIME types (browsers refuse module
//! scripts and streaming wasm compilation without them), answers CORS
//! preflights so pages on another port can call it, and counts every request,
//! so tests can check what reached the network. Under `/__test/` it offers
//! endpoints for network tests: echo, slow answers, failures, sized bodies
//! and request statistics (see [`endpoints`]).
#![deny(missing_docs)]

pub mod endpoints;
mod stats;

// Static files are served exactly as `annex dev` serves them.
use annex_cli::serve as files;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use stats::{LoggedRequest, Stats};

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    stats: Arc<Stats>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `root` on `127.0.0.1:port` (0 picks a free port). Each request
    /// is answered on its own thread, so slow endpoints do not hold others up.
    pub fn start(root: impl Into<PathBuf>, port: u16) -> std::io::Result<Self> {
        let root = Arc::new(root.into());
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("server is not on an IP address"))?;
        let http = Arc::new(http);
        let stats = Arc::new(Stats::default());
        let thread = {
            let (http, stats) = (http.clone(), stats.clone());
            std::thread::spawn(move || {
                for request in http.incoming_requests() {
                    let (root, stats) = (root.clone(), stats.clone());
                    std::thread::spawn(move || answer(&root, &stats, request));
                }
            })
        };
        Ok(Self { addr, http, stats, thread: Some(thread) })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.stats.requests()
    }

    /// Blocks until the server stops (it never does on its own).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(root: &std::path::Path, stats: &Stats, request: tiny_http::Request) {
    let method = request.method().to_string();
    let url = request.url().to_owned();
    // ANNEX_SERVE_LOG=1 prints each request as it starts and ends, to see
    // one that never ends.
    let log = std::env::var_os("ANNEX_SERVE_LOG").is_some();
    let started = std::time::Instant::now();
    if log {
        eprintln!("annex-serve: start {method} {url}");
    }
    let group = url
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("group=")))
        .map(str::to_owned);
    let _inflight = (!url.starts_with(endpoints::STATS)).then(|| stats.begin(group));
    let (status, bytes) = if url.starts_with(endpoints::PREFIX) {
        endpoints::answer(root, stats, request)
    } else {
        files::answer(root, request)
    };
    // Statistics requests and CORS preflights are not traffic under test.
    if log {
        eprintln!("annex-serve: {status} {method} {url} {bytes} B in {:.0?}", started.elapsed());
    }
    if !url.starts_with(endpoints::STATS) && method != "OPTIONS" {
        stats.record(LoggedRequest { method, url, status, bytes });
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
