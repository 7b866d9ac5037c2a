//! Network: HTTP requests from plugins, and the policy that limits them.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A domain pattern: `example.com` (that host only), `*.example.com` (its
/// subdomains, not itself) or `*` (any host). Ports are not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainPattern(String);

impl DomainPattern {
    /// Whether `host` (lowercase, no port) matches.
    pub fn matches(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        match self.0.strip_prefix("*.") {
            _ if self.0 == "*" => true,
            Some(suffix) => host.len() > suffix.len() && host.ends_with(&format!(".{suffix}")),
            None => host == self.0,
        }
    }
}

/// The string is not a domain pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a domain pattern (expected `example.com`, `*.example.com` or `*`)")]
pub struct InvalidDomainPattern(pub String);

impl FromStr for DomainPattern {
    type Err = InvalidDomainPattern;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let host = lower.strip_prefix("*.").unwrap_or(&lower);
        let valid = lower == "*"
            || (!host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                }));
        if valid {
            Ok(Self(lower))
        } else {
            Err(InvalidDomainPattern(s.to_owned()))
        }
    }
}

impl fmt::Display for DomainPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DomainPattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DomainPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
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
}

impl Default for NetworkPolicy {
    fn default() -> Self {
        Self {
            allow: Vec::new(),
            block: Vec::new(),
            requests_per_minute: 60,
            max_response_bytes: 5 << 20,
            timeout_ms: 10_000,
        }
    }
}

impl NetworkPolicy {
    /// Why a request to `host` is refused, or `None` when it is allowed.
    pub fn refusal(&self, host: &str) -> Option<String> {
        if let Some(blocked) = self.block.iter().find(|p| p.matches(host)) {
            return Some(format!("{host} is blocked (matches `{blocked}`)"));
        }
        if !self.allow.iter().any(|p| p.matches(host)) {
            let allowed: Vec<String> = self.allow.iter().map(ToString::to_string).collect();
            let list = if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") };
            return Some(format!("{host} is not in the allow-list ({list})"));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> DomainPattern {
        s.parse().unwrap()
    }

    #[test]
    fn patterns_match_hosts() {
        assert!(p("api.example.com").matches("api.example.com"));
        assert!(p("api.example.com").matches("API.example.com"));
        assert!(!p("api.example.com").matches("example.com"));
        assert!(p("*.example.com").matches("a.b.example.com"));
        assert!(!p("*.example.com").matches("example.com"));
        assert!(!p("*.example.com").matches("badexample.com"));
        assert!(p("*").matches("anything.at.all"));
        assert!(p("127.0.0.1").matches("127.0.0.1"));
        assert!("exa mple.com".parse::<DomainPattern>().is_err());
        assert!("*.".parse::<DomainPattern>().is_err());
    }

    #[test]
    fn block_wins_over_allow() {
        let policy = NetworkPolicy {
            allow: vec![p("*.example.com")],
            block: vec![p("ads.example.com")],
            ..NetworkPolicy::default()
        };
        assert_eq!(policy.refusal("api.example.com"), None);
        assert_eq!(
            policy.refusal("ads.example.com").unwrap(),
            "ads.example.com is blocked (matches `ads.example.com`)"
        );
        assert_eq!(
            policy.refusal("evil.org").unwrap(),
            "evil.org is not in the allow-list (*.example.com)"
        );
    }
}
