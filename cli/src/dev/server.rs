//! The dev server's HTTP side: the site, the built plugins and worker, the
//! catalog marked for hot reload, and the rebuild long poll.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::Request;

use super::{DevOptions, Rebuilds};
use crate::serve;
use crate::{Error, Result};

/// Where pages ask whether plugins were rebuilt.
pub const EVENTS: &str = "/_annex/dev/events";

/// Where browsers report Content-Security-Policy violations (added to the
/// policy as `report-uri`); `GET` lists the reports so far.
pub const CSP_REPORTS: &str = "/_annex/dev/csp-report";

/// How long a poll waits for a rebuild before answering with no change.
const POLL: Duration = Duration::from_secs(20);

/// A running dev server (it serves until the process ends).
#[derive(Debug)]
pub(super) struct DevServer {
    url: String,
}

struct Routes {
    site: Option<PathBuf>,
    build: PathBuf,
    headers: Vec<(String, String)>,
    rebuilds: Arc<Rebuilds>,
    csp_reports: std::sync::Mutex<Vec<serde_json::Value>>,
}

impl DevServer {
    pub(super) fn start(options: &DevOptions, rebuilds: Arc<Rebuilds>) -> Result<Self> {
        let http = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| {
            Error::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", options.port))
        })?;
        let url = format!("http://{}", http.server_addr());
        let routes = Arc::new(Routes {
            site: options.site.clone(),
            build: options.build_dir.clone(),
            headers: options
                .csp
                .iter()
                .map(|csp| {
                    let policy = format!("{csp}; report-uri {CSP_REPORTS}");
                    ("Content-Security-Policy".to_owned(), policy)
                })
                .collect(),
            rebuilds,
            csp_reports: std::sync::Mutex::default(),
        });
        std::thread::spawn(move || {
            for request in http.incoming_requests() {
                let routes = routes.clone();
                std::thread::spawn(move || routes.answer(request));
            }
        });
        Ok(Self { url })
    }

    pub(super) fn url(&self) -> &str {
        &self.url
    }
}

impl Routes {
    fn answer(&self, mut request: Request) {
        let url = request.url().to_owned();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let path = path.to_owned();
        if path == EVENTS {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let version = self.rebuilds.wait(since, POLL);
            let body = format!("{{\"version\":{version}}}").into_bytes();
            serve::respond_with(request, 200, body, "application/json", &self.headers);
        } else if path == CSP_REPORTS {
            let mut body = String::new();
            let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
            let mut reports = self.csp_reports.lock().expect("not poisoned");
            if let Ok(report) = serde_json::from_str::<serde_json::Value>(&body) {
                eprintln!("annex dev: the browser reports a CSP violation: {report}");
                reports.push(report);
            }
            let list = serde_json::json!({ "reports": *reports }).to_string().into_bytes();
            serve::respond_with(request, 200, list, "application/json", &[]);
        } else if path == "/plugins/catalog.json" {
            self.catalog(request);
        } else if let Some(rest) = path.strip_prefix("/plugins/") {
            self.file(request, &self.build.join("plugins"), rest);
        } else if let Some(rest) = path.strip_prefix("/annex-worker/") {
            self.file(request, &self.build.join("annex-worker"), rest);
        } else if let Some(site) = &self.site {
            let headers = self.page_headers(site, &path);
            serve::answer_path_with(site, request, &path, &headers);
        } else {
            let body = b"annex dev: no site folder; plugins are under /plugins/\n".to_vec();
            serve::respond_with(request, 404, body, "text/plain; charset=utf-8", &self.headers);
        }
    }

    fn file(&self, request: Request, root: &Path, rest: &str) {
        serve::answer_path_with(root, request, &format!("/{rest}"), &self.headers);
    }

    /// The built catalog, with where to hear about rebuilds.
    fn catalog(&self, request: Request) {
        let path = self.build.join("plugins/catalog.json");
        let catalog = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
        match catalog {
            Some(mut catalog) => {
                let version = self.rebuilds.count();
                catalog["dev"] = serde_json::json!({ "events": EVENTS, "version": version });
                let body = catalog.to_string().into_bytes();
                serve::respond_with(request, 200, body, "application/json", &self.headers);
            }
            None => {
                let body = format!("no catalog at {}\n", path.display()).into_bytes();
                serve::respond_with(request, 500, body, "text/plain; charset=utf-8", &self.headers);
            }
        }
    }

    /// The headers of a site page: the CSP, with the hashes of the page's
    /// inline scripts added to `script-src` (Trunk starts an app with one).
    fn page_headers(&self, site: &Path, path: &str) -> Vec<(String, String)> {
        let page =
            serve::resolve(site, path).filter(|p| p.extension().is_some_and(|e| e == "html"));
        match page.and_then(|p| std::fs::read_to_string(p).ok()) {
            Some(html) => self
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), serve::with_inline_script_hashes(value, &html)))
                .collect(),
            None => self.headers.clone(),
        }
    }
}
