//! The local test server xtask starts for the browser tests.

use serde::Deserialize;

/// The test server (see `annex-test-server`): `tests/fixtures/` plus test endpoints.
#[derive(Debug, Clone)]
pub struct TestServer {
    base: String,
}

/// What the server saw under a prefix.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerStats {
    /// Requests.
    pub count: u64,
    /// Body bytes sent.
    pub bytes: u64,
    /// Most requests in flight at once (of the group asked about).
    pub max_inflight: u64,
    /// The requested URLs (path and query), in order.
    pub urls: Vec<String>,
}

#[derive(Deserialize)]
struct ServerFile {
    url: String,
}

/// The server xtask started; its URL is in `/fixtures/server.json`.
pub async fn server() -> TestServer {
    let file: ServerFile = serde_json::from_slice(&crate::fetch("/fixtures/server.json").await)
        .expect("tests/fixtures/server.json is written by `cargo xtask test`");
    TestServer { base: file.url }
}

impl TestServer {
    /// The absolute URL of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Host and port, as in `127.0.0.1:4321`.
    pub fn host(&self) -> &str {
        self.base
            .split_once("://")
            .map_or(self.base.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.host().rsplit_once(':').and_then(|(_, p)| p.parse().ok()).expect("a port")
    }

    /// Requests whose path and query start with `prefix`; `max_inflight` is
    /// for `group` when given (requests carrying `group=<group>`).
    pub async fn stats(&self, prefix: &str, group: Option<&str>) -> ServerStats {
        let mut url = format!("{}/__test/stats?prefix={}", self.base, encode(prefix));
        if let Some(group) = group {
            url.push_str(&format!("&group={}", encode(group)));
        }
        serde_json::from_slice(&crate::fetch(&url).await).expect("stats are JSON")
    }
}

/// A string unique in this page, to keep concurrent tests' requests apart.
pub fn unique(name: &str) -> String {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = NEXT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{name}-{n}-{}", js_sys::Date::now() as u64)
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
