//! Static files.

use std::fs;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Method, Request, Response};

/// What was answered, for the log.
pub(crate) struct Answered {
    pub(crate) code: u16,
    pub(crate) request: Option<(String, String)>,
}

/// Answers one request from the files under `root`; returns the status and body size.
pub(crate) fn answer(root: &Path, request: Request) -> (Answered, usize) {
    let method = request.method().to_string();
    let url = request.url().to_owned();
    let logged = Some((method, url.clone()));
    if *request.method() == Method::Options {
        let _ = request.respond(with_common_headers(Response::empty(204)));
        return (Answered { code: 204, request: logged }, 0);
    }
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let (code, body, mime) =
        match resolve(root, path).and_then(|p| fs::read(&p).ok().map(|b| (p, b))) {
            Some((file, body)) => (200, body, mime(&file)),
            None => (404, format!("not found: {path}\n").into_bytes(), "text/plain; charset=utf-8"),
        };
    let len = body.len();
    let response =
        Response::from_data(body).with_status_code(code).with_header(header("Content-Type", mime));
    let _ = request.respond(with_common_headers(response));
    (Answered { code, request: logged }, len)
}

/// Maps a URL path to a file under `root`, refusing `..`; folders serve `index.html`.
/// A path with no extension that matches nothing serves `index.html` too, so
/// client-side routes survive a reload.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in Path::new(url_path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    if !path.is_file() && path.extension().is_none() {
        path = root.join("index.html");
    }
    path.is_file().then_some(path)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn with_common_headers<R: std::io::Read>(response: Response<R>) -> Response<R> {
    response
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Headers", "*"))
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"))
        .with_header(header("Cache-Control", "no-cache"))
}
