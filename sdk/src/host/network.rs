//! HTTP requests (permission `network.request`). The host allows only the
//! hosts in its allow-list (never those in its block-list), counts requests
//! against a per-minute budget, caps response sizes and applies a time budget;
//! a refused request is never sent.

pub use annex_protocol::api::network::{NetworkRequest, NetworkResponse};

use super::{data, imp};
use crate::{Error, Result};

/// Sends a request with a body; returns the response and its body.
pub fn request(request: &NetworkRequest, body: &[u8]) -> Result<(NetworkResponse, Vec<u8>)> {
    let json = serde_json::to_vec(request).expect("requests serialize");
    let meta = data(imp::network_request(&json, body))?;
    let response: NetworkResponse =
        serde_json::from_slice(&meta).map_err(|e| Error::Malformed(e.to_string()))?;
    let body = imp::take_body(response.body_len as usize);
    Ok((response, body))
}

/// `GET url`.
pub fn get(url: &str) -> Result<(NetworkResponse, Vec<u8>)> {
    request(&NetworkRequest::get(url), &[])
}
