//! A blocking HTTP/1.1 request over a plain TCP stream: enough for the dev
//! server's JSON endpoints and the WebDriver's log endpoint, without an
//! HTTP client crate for two calls.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// `method path` on `address` (`host:port`) with an optional JSON `body`;
/// the status code and the body, or `None` if the server cannot be reached.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    // Read up to Content-Length when the server gives one: ChromeDriver
    // keeps the connection open despite `Connection: close`.
    let mut answer = Vec::new();
    let mut chunk = [0; 8192];
    loop {
        let read = stream.read(&mut chunk).ok()?;
        answer.extend_from_slice(&chunk[..read]);
        if read == 0 || complete(&answer) {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

/// Whether `answer` holds its head and as many body bytes as the head's
/// Content-Length says.
fn complete(answer: &[u8]) -> bool {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    length.is_some_and(|length| answer.len() - end - 4 >= length)
}
