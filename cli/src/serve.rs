//! Serving a site's static files: the right MIME types (browsers refuse
//! module scripts and streaming wasm compilation without them), a fallback
//! to the app's `index.html` for client-side routes, `Cache-Control:
//! no-store`, and any extra headers a site wants on every answer (a
//! Content-Security-Policy: see [`STRICT_CSP`]).
//!
//! `annex dev` serves with it; so does this repository's test server.

use std::fs;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Method, Request, Response};

/// A Content-Security-Policy that an Annex site can serve: everything from
/// the site's own origin, no inline script, no `eval`. What Annex needs
/// beyond `'self'` is `'wasm-unsafe-eval'` (the host compiles plugin modules
/// and the worker's code with `WebAssembly.compile`, workers instantiate
/// them). Workers load the bundle's module scripts from the site
/// (`worker-src 'self'`, no `blob:`), and plugins' network requests go out
/// from their workers, so `connect-src` also bounds where any plugin can
/// reach, beside Annex's own allow-list. Trunk's generated `index.html`
/// starts the app with an inline module script: allow it by its hash (see
/// `examples/csr-trunk`), not with `'unsafe-inline'`.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    worker-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; \
    font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// Answers one request from the files under `root`; returns the status and body size.
pub fn answer(root: &Path, request: Request) -> (u16, usize) {
    if *request.method() == Method::Options {
        return respond(request, 204, Vec::new(), "text/plain");
    }
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    answer_path(root, request, &path)
}

/// Answers with the file at URL path `path` under `root`, or 404.
pub fn answer_path(root: &Path, request: Request, path: &str) -> (u16, usize) {
    answer_path_with(root, request, path, &[])
}

/// [`answer_path`], with `extra` headers on the answer.
pub fn answer_path_with(
    root: &Path,
    request: Request,
    path: &str,
    extra: &[(String, String)],
) -> (u16, usize) {
    match read(root, path) {
        Some((body, mime)) => respond_with(request, 200, body, mime, extra),
        None => respond_with(
            request,
            404,
            format!("not found: {path}\n").into_bytes(),
            "text/plain; charset=utf-8",
            extra,
        ),
    }
}

/// `csp` with the SHA-256 of every inline `<script>` of `html` added to its
/// `script-src` (so a page that starts its app with one, as Trunk's does,
/// keeps a policy without `'unsafe-inline'`). A policy without `script-src`
/// is returned as it is.
pub fn with_inline_script_hashes(csp: &str, html: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let hashes: Vec<String> = inline_scripts(html)
        .map(|script| {
            let digest = sha2::Sha256::digest(script.as_bytes());
            format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    if hashes.is_empty() {
        return csp.to_owned();
    }
    csp.split(';')
        .map(|directive| {
            let trimmed = directive.trim();
            if trimmed.starts_with("script-src ") || trimmed == "script-src" {
                format!(" {trimmed} {}", hashes.join(" "))
            } else {
                directive.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
        .trim()
        .to_owned()
}

/// The text of each `<script>` element without a `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(start, _)| {
        let rest = &html[start..];
        let open_end = rest.find('>')?;
        let tag = &rest[..open_end];
        if tag.contains(" src=") || tag.contains(" src ") {
            return None;
        }
        let body = &rest[open_end + 1..];
        let close = body.find("</script>")?;
        Some(&body[..close])
    })
}

/// The file at URL path `path` under `root`, with its MIME type.
pub fn read(root: &Path, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let file = resolve(root, path)?;
    let body = fs::read(&file).ok()?;
    Some((body, mime(&file)))
}

/// Sends a response with the common headers; returns the status and body size.
pub fn respond(request: Request, status: u16, body: Vec<u8>, mime: &str) -> (u16, usize) {
    respond_with(request, status, body, mime, &[])
}

/// [`respond`], with `extra` headers added (e.g. a Content-Security-Policy).
pub fn respond_with(
    request: Request,
    status: u16,
    body: Vec<u8>,
    mime: &str,
    extra: &[(String, String)],
) -> (u16, usize) {
    let len = body.len();
    let mut response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Headers", "*"))
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"))
        // Not `no-cache`: with it Chromium keeps the demo's 5 MB wasm in its
        // HTTP cache, and the page loaded again right after (the home e2e
        // test going back to `/`) sometimes never sent its wasm request, so
        // the app never started: 3 of 3 runs of that test failed so on
        // 2026-12-04, 0 of 10 with `no-store`. Nothing here is worth caching
        // between loads (plugins have their own cache).
        .with_header(header("Cache-Control", "no-store"));
    // A header that is not valid HTTP is left out rather than sent broken.
    for (name, value) in extra {
        if let Ok(extra) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(extra);
        }
    }
    let _ = request.respond(response);
    (status, len)
}

/// Maps a URL path to a file under `root`, refusing `..`; folders serve their
/// `index.html`. A path with no extension that matches nothing, and a folder
/// without an `index.html`, serve the root `index.html`, so client-side
/// routes survive a reload (the demo's `/plugins` page shares its name with
/// the `plugins/` asset folder).
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
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
        if !path.is_file() {
            path = root.join("index.html");
        }
    }
    if !path.is_file() && path.extension().is_none() {
        path = root.join("index.html");
    }
    path.is_file().then_some(path)
}

/// The MIME type of a file, by its extension.
pub fn mime(path: &Path) -> &'static str {
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
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("headers are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder laid out like the demo's `dist/`.
    fn site(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("annex-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("plugins")).unwrap();
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("index.html"), "app").unwrap();
        fs::write(root.join("plugins/catalog.json"), "{}").unwrap();
        fs::write(root.join("docs/index.html"), "docs").unwrap();
        root
    }

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_nothing_else_changes() {
        let html =
            "<head><script type=\"module\">init()</script><script src=\"/a.js\"></script></head>";
        let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
        let hashed = with_inline_script_hashes(csp, html);
        // echo -n 'init()' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hashed,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' \
             'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8='; style-src 'self'"
        );
        assert_eq!(with_inline_script_hashes(csp, "<p>no scripts</p>"), csp);
    }

    #[test]
    fn a_folder_without_an_index_serves_the_app_and_its_files_stay_reachable() {
        let root = site("spa");
        for route in ["/plugins", "/plugins/", "/catalog", "/broken/deep/link"] {
            assert_eq!(resolve(&root, route), Some(root.join("index.html")), "{route}");
        }
        assert_eq!(resolve(&root, "/docs"), Some(root.join("docs/index.html")));
        assert_eq!(
            resolve(&root, "/plugins/catalog.json"),
            Some(root.join("plugins/catalog.json"))
        );
        assert_eq!(resolve(&root, "/plugins/missing.wasm"), None);
        assert_eq!(resolve(&root, "/../secret"), None);
        fs::remove_dir_all(root).unwrap();
    }
}
