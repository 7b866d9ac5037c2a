//! Test endpoints under `/__test/`.
//!
//! | path | answer |
//! |---|---|
//! | `/__test/stats?prefix=/plugins/&group=G` | JSON: `count`, `bytes` and `urls` of logged requests under the prefix, and `max_inflight` (of group G when given) |
//! | `/__test/reset` | forgets the log and the concurrency peak |
//! | `/__test/echo` | JSON: `method`, `url`, `headers`, `body` (any method) |
//! | `/__test/slow?ms=N` | waits N ms, then `200 slow` |
//! | `/__test/status/<code>` | an empty answer with that status |
//! | `/__test/bytes?n=N` | N bytes of `x` |
//! | `/__test/stream?n=N` | N bytes of `x` in 16 KiB chunks, 1 ms apart, with no `Content-Length`; logs the bytes actually sent |
//! | `/__test/flaky?key=K&fail=N&path=/p` | `503` for the first N requests with key K, then the file at `/p` |
//! | `/__test/corrupt?path=/p` | the file at `/p` with its last byte flipped |
//! | `/__test/delayed?ms=N&path=/p` | the file at `/p` after N ms |
//! | `/__test/redirect?to=URL` | `302` to URL |
//! | `/__test/whoami` | JSON: the `cookie` and `authorization` headers it got (or null), answered so that a credentialed request may read it (the caller's origin, `Access-Control-Allow-Credentials`) |

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use tiny_http::Request;

use crate::stats::Stats;
use annex_cli::serve as files;

/// Where the test endpoints live.
pub const PREFIX: &str = "/__test/";
/// Statistics endpoints, left out of the log.
pub(crate) const STATS: &str = "/__test/stats";

/// Failures served so far per `flaky` key.
static FLAKY: Mutex<BTreeMap<String, u32>> = Mutex::new(BTreeMap::new());

pub(crate) fn answer(root: &Path, stats: &Stats, mut request: Request) -> (u16, usize) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let params = parse_query(query);
    let param = |key: &str| params.get(key).cloned().unwrap_or_default();
    let number = |key: &str| param(key).parse::<u64>().unwrap_or(0);
    if request.method() == &tiny_http::Method::Options {
        return preflight(request);
    }
    match path.trim_start_matches(PREFIX) {
        "stats" => {
            let prefix = param("prefix");
            let hits: Vec<_> =
                stats.requests().into_iter().filter(|r| r.url.starts_with(&prefix)).collect();
            let body = serde_json::json!({
                "count": hits.len(),
                "bytes": hits.iter().map(|r| r.bytes).sum::<usize>(),
                "max_inflight": match params.get("group") {
                    Some(group) => stats.group_max_inflight(group),
                    None => stats.max_inflight(),
                },
                "urls": hits.iter().map(|r| r.url.clone()).collect::<Vec<_>>(),
            });
            files::respond(request, 200, body.to_string().into_bytes(), "application/json")
        }
        "reset" => {
            stats.reset();
            FLAKY.lock().expect("flaky counters").clear();
            files::respond(request, 200, b"reset".to_vec(), "text/plain")
        }
        "echo" => {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let headers: serde_json::Map<String, serde_json::Value> = request
                .headers()
                .iter()
                .map(|h| (h.field.as_str().as_str().to_ascii_lowercase(), h.value.as_str().into()))
                .collect();
            let json = serde_json::json!({
                "method": request.method().as_str(),
                "url": url,
                "headers": headers,
                "body": body,
            });
            files::respond(request, 200, json.to_string().into_bytes(), "application/json")
        }
        "slow" => {
            std::thread::sleep(Duration::from_millis(number("ms")));
            files::respond(request, 200, b"slow".to_vec(), "text/plain")
        }
        "bytes" => files::respond(
            request,
            200,
            vec![b'x'; number("n") as usize],
            "application/octet-stream",
        ),
        "stream" => stream(request, number("n")),
        "flaky" => {
            let failed_enough = {
                let mut counters = FLAKY.lock().expect("flaky counters");
                let served = counters.entry(param("key")).or_insert(0);
                let failing = u64::from(*served) < number("fail");
                *served += 1;
                !failing
            };
            if failed_enough {
                files::answer_path(root, request, &param("path"))
            } else {
                files::respond(request, 503, b"try again".to_vec(), "text/plain")
            }
        }
        "corrupt" => match files::read(root, &param("path")) {
            Some((mut bytes, mime)) => {
                if let Some(last) = bytes.last_mut() {
                    *last ^= 0xff;
                }
                files::respond(request, 200, bytes, mime)
            }
            None => files::respond(request, 404, b"no such file".to_vec(), "text/plain"),
        },
        "delayed" => {
            std::thread::sleep(Duration::from_millis(number("ms")));
            files::answer_path(root, request, &param("path"))
        }
        "redirect" => {
            let headers = [("Location".to_owned(), param("to"))];
            files::respond_with(request, 302, Vec::new(), "text/plain", &headers)
        }
        "whoami" => whoami(request),
        other => match other.strip_prefix("status/").and_then(|c| c.parse::<u16>().ok()) {
            Some(code) => files::respond(request, code, Vec::new(), "text/plain"),
            None => files::respond(
                request,
                404,
                format!("no test endpoint {path}").into_bytes(),
                "text/plain",
            ),
        },
    }
}

/// Sends `n` bytes chunked, slowly enough that a client which stops
/// reading (a size limit) stops the sending: what was sent is returned for
/// the log, so a test can tell a streamed refusal from reading to the end.
fn stream(request: Request, n: u64) -> (u16, usize) {
    struct Slow {
        left: u64,
        sent: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }
    impl std::io::Read for Slow {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let len = buf.len().min(16 << 10).min(self.left as usize);
            if len > 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            buf[..len].fill(b'x');
            self.left -= len as u64;
            self.sent.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
            Ok(len)
        }
    }
    let sent = std::sync::Arc::default();
    let body = Slow { left: n, sent: std::sync::Arc::clone(&sent) };
    let header = "Content-Type: application/octet-stream".parse::<tiny_http::Header>();
    let cors = "Access-Control-Allow-Origin: *".parse::<tiny_http::Header>();
    let headers = [header, cors].into_iter().flatten().collect();
    let response = tiny_http::Response::new(200.into(), headers, body, None, None);
    // A client that stops reading makes the write fail; that is the point.
    let _ = request.respond(response);
    (200, sent.load(std::sync::atomic::Ordering::Relaxed))
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.to_string())
}

/// Answers `body` readable by a credentialed cross-origin caller too, which
/// `*` is not: the caller's origin, and credentials allowed.
fn respond_credentialed(request: Request, status: u16, body: Vec<u8>) -> (u16, usize) {
    let origin = header(&request, "Origin").unwrap_or_else(|| "*".to_owned());
    let allow_headers =
        header(&request, "Access-Control-Request-Headers").unwrap_or_else(|| "*".to_owned());
    let len = body.len();
    let headers = [
        ("Content-Type", "application/json"),
        ("Access-Control-Allow-Origin", origin.as_str()),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Headers", allow_headers.as_str()),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
        ("Vary", "Origin"),
        ("Cache-Control", "no-store"),
    ];
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
    (status, len)
}

/// A CORS preflight, for credentialed requests as well as others.
fn preflight(request: Request) -> (u16, usize) {
    respond_credentialed(request, 204, Vec::new())
}

/// Which credentials came with the request.
fn whoami(request: Request) -> (u16, usize) {
    let seen = serde_json::json!({
        "cookie": header(&request, "Cookie"),
        "authorization": header(&request, "Authorization"),
    });
    respond_credentialed(request, 200, seen.to_string().into_bytes())
}

fn parse_query(query: &str) -> BTreeMap<String, String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

/// Percent-decoding of a query component (`+` is a space).
fn decode(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let pair: Vec<u8> = bytes.by_ref().take(2).collect();
                let hex =
                    std::str::from_utf8(&pair).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push(b'%');
                        out.extend(pair);
                    }
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
