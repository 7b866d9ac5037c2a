//! `annex dev` as a child process, for the examples' end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `annex` binary: `ANNEX_BIN`, else this checkout's debug build.
pub fn annex_binary() -> PathBuf {
    std::env::var_os("ANNEX_BIN")
        .map_or_else(|| crate::root().join("target/debug/annex"), PathBuf::from)
}

/// A running `annex dev`; stopped when dropped. Its output goes to
/// `target/annex-e2e/<name>.log`.
#[derive(Debug)]
pub struct DevServer {
    child: Child,
    url: String,
    log: PathBuf,
}

impl DevServer {
    /// Starts `annex dev --site <site> <plugins>... <extra>` on a free port and
    /// waits until it serves (it builds the plugins and the worker first).
    pub fn start(name: &str, site: &Path, plugins: &[&Path], extra: &[&str]) -> Self {
        let port = crate::free_port();
        let log = crate::artifacts().join(format!("{name}.log"));
        let out = std::fs::File::create(&log).expect("create the dev server's log");
        let mut command = Command::new(annex_binary());
        command
            .arg("dev")
            .arg("--site")
            .arg(site)
            .args(plugins)
            .args(["--port", &port.to_string()])
            .args(extra)
            .arg("--build-dir")
            .arg(crate::root().join("target/annex-e2e").join(format!("{name}-build")))
            .env("ANNEX_PATH", crate::root())
            .stdout(Stdio::null())
            .stderr(out);
        let child = command.spawn().unwrap_or_else(|e| panic!("cannot start annex dev: {e}"));
        let mut server = Self { child, url: format!("http://127.0.0.1:{port}"), log };
        server.wait_until_serving();
        server
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What it printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A GET of `path` on it, as text (blocking; from a test thread).
    pub fn get(&self, path: &str) -> Option<String> {
        let address = self.url.trim_start_matches("http://");
        let (status, body) = crate::http::request(address, "GET", path, None)?;
        (status == 200).then_some(body)
    }

    fn wait_until_serving(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            if self.get("/plugins/catalog.json").is_some() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("annex dev stopped ({status}); its log:\n{}", self.log());
            }
            assert!(Instant::now() < deadline, "annex dev never served; its log:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
