//! Static files.

use std::fs;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Method, Request, Response};

/// Answers one request from the files under `root`; returns the status and body size.
pub(crate) fn answer(root: &Path, request: Request) -> (u16, usize) {
    if *request.method() == Method::Options {
        return respond(request, 204, Vec::new(), "text/plain");
    }
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    answer_path(root, request, &path)
}

/// Answers with the file at URL path `path` under `root`, or 404.
pub(crate) fn answer_path(root: &Path, request: Request, path: &str) -> (u16, usize) {
    match read(root, path) {
        Some((body, mime)) => respond(request, 200, body, mime),
        None => respond(
            request,
            404,
            format!("not found: {path}\n").into_bytes(),
            "text/plain; charset=utf-8",
        ),
    }
}

/// The file at URL path `path` under `root`, with its MIME type.
pub(crate) fn read(root: &Path, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let file = resolve(root, path)?;
    let body = fs::read(&file).ok()?;
    Some((body, mime(&file)))
}

/// Sends a response with the common headers; returns the status and body size.
pub(crate) fn respond(request: Request, status: u16, body: Vec<u8>, mime: &str) -> (u16, usize) {
    let len = body.len();
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Headers", "*"))
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"))
        .with_header(header("Cache-Control", "no-cache"));
    let _ = request.respond(response);
    (status, len)
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
