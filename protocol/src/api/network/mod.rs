//! Network: HTTP requests from plugins, and the policy that limits them.

mod pattern;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use pattern::{normalize_host, Destination, DomainPattern, InvalidDomainPattern};

/// An HTTP request. The body travels as bytes beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkRequest {
    /// Absolute `http://` or `https://` URL.
    pub url: String,
    /// HTTP method. Default: `GET`.
    #[serde(default = "get")]
    pub method: String,
    /// Request headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Time budget in milliseconds; the host's limit applies when absent or larger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
}

fn get() -> String {
    "GET".into()
}

impl NetworkRequest {
    /// A `GET` of `url`.
    pub fn get(url: impl Into<String>) -> Self {
        Self { url: url.into(), method: get(), headers: BTreeMap::new(), timeout_ms: None }
    }
}

/// An HTTP response. The body travels as bytes beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkResponse {
    /// Status code.
    pub status: u16,
    /// Response headers (lowercase names).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Length of the body.
    pub body_len: u32,
}

/// What a plugin's network access is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPolicy {
    /// Hosts requests may go to. Empty: none.
    pub allow: Vec<DomainPattern>,
    /// Hosts requests may never go to, even if allowed.
    pub block: Vec<DomainPattern>,
    /// Requests per minute (a sliding window).
    pub requests_per_minute: u32,
    /// Largest response body, in bytes.
    pub max_response_bytes: u32,
    /// Longest time a request may take, in milliseconds.
    pub timeout_ms: u32,
    /// Hosts whose requests carry the browser's cookies and HTTP
    /// authentication (`credentials: "include"`). Everywhere else requests
    /// carry none (`"omit"`), the page's own origin included. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<DomainPattern>,
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        Self {
            allow: Vec::new(),
            block: Vec::new(),
            requests_per_minute: 60,
            max_response_bytes: 5 << 20,
            timeout_ms: 10_000,
            credentials: Vec::new(),
        }
    }
}

impl NetworkPolicy {
    /// Why a request to `destination` is refused, or `None` when it is allowed.
    pub fn refusal(&self, destination: &Destination) -> Option<String> {
        if let Some(blocked) = self.block.iter().find(|p| p.matches(destination)) {
            return Some(format!("{destination} is blocked (matches `{blocked}`)"));
        }
        if !self.allow.iter().any(|p| p.matches(destination)) {
            let allowed: Vec<String> = self.allow.iter().map(ToString::to_string).collect();
            let list = if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") };
            return Some(format!("{destination} is not in the allow-list ({list})"));
        }
        None
    }

    /// Whether requests to `destination` carry cookies and HTTP authentication.
    pub fn sends_credentials(&self, destination: &Destination) -> bool {
        self.credentials.iter().any(|p| p.matches(destination))
    }
}

#[cfg(test)]
mod tests;
