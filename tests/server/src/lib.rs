//! A small local HTTP server for the demo, the end-to-end tests and the
//! benchmark.
//!
//! It serves one folder with the right MIME types (browsers refuse module
//! scripts and streaming wasm compilation without them), answers CORS
//! preflights so test pages on another port can call it, and logs every
//! request so tests can count what reached the network.
#![deny(missing_docs)]

mod files;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Status code answered.
    pub status: u16,
    /// Body bytes sent.
    pub bytes: usize,
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    log: Arc<Mutex<Vec<LoggedRequest>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `root` on `127.0.0.1:port` (0 picks a free port).
    pub fn start(root: impl Into<PathBuf>, port: u16) -> std::io::Result<Self> {
        let root = root.into();
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("server is not on an IP address"))?;
        let http = Arc::new(http);
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (http, log) = (http.clone(), log.clone());
            std::thread::spawn(move || {
                for request in http.incoming_requests() {
                    let (status, bytes) = files::answer(&root, request);
                    if let Some((method, url)) = status.request {
                        let entry = LoggedRequest { method, url, status: status.code, bytes };
                        log.lock().expect("request log").push(entry);
                    }
                }
            })
        };
        Ok(Self { addr, http, log, thread: Some(thread) })
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
        self.log.lock().expect("request log").clone()
    }

    /// Blocks until the server stops (it never does on its own).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
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
