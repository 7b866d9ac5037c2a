//! Domain patterns and the destinations they match.
//!
//! A host is compared in one spelling only: lowercase, without a trailing
//! dot, IPv4 in dotted decimal (however the URL wrote it: `2130706433`,
//! `0x7f.1` and `127.0.0.1.` are all `127.0.0.1`), an IPv4-mapped IPv6
//! address as the IPv4 address it maps, other IPv6 addresses in their
//! canonical form. Patterns are written in that spelling (an internationalised
//! name in its `xn--` form), so what a pattern names is what it matches.
//! Ports are part of a pattern: without one, only the scheme's default port.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A domain pattern: a host (`example.com`), its subdomains
/// (`*.example.com`, not itself) or any host (`*`), then optionally a port
/// (`example.com:8443`) or any port (`example.com:*`). Without a port it
/// matches only the scheme's default port (80 for `http`, 443 for `https`).
/// IPv6 addresses are written in brackets (`[::1]:8080`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainPattern {
    host: HostPattern,
    port: PortPattern,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum HostPattern {
    Any,
    Exact(String),
    Subdomains(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PortPattern {
    Default,
    Exact(u16),
    Any,
}

/// Where a request goes, in the spelling patterns are compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    host: String,
    port: u16,
    default_port: bool,
}

impl Destination {
    /// The destination of a URL with this scheme (`http` or `https`), host
    /// and port (`None`: the scheme's default); `None` for another scheme
    /// or a host that is not one (`0x1g.1`, an IPv4 number out of range).
    pub fn new(scheme: &str, host: &str, port: Option<u16>) -> Option<Self> {
        let default = match scheme.trim_end_matches(':').to_ascii_lowercase().as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let port = port.unwrap_or(default);
        Some(Self { host: normalize_host(host)?, port, default_port: port == default })
    }

    /// The host, normalised.
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.default_port {
            f.write_str(&self.host)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

impl DomainPattern {
    /// Whether the pattern matches `destination`.
    pub fn matches(&self, destination: &Destination) -> bool {
        let host = destination.host.as_str();
        let host_matches = match &self.host {
            HostPattern::Any => true,
            HostPattern::Exact(name) => host == name,
            HostPattern::Subdomains(suffix) => {
                host.len() > suffix.len()
                    && host.ends_with(suffix.as_str())
                    && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
            }
        };
        let port_matches = match self.port {
            PortPattern::Default => destination.default_port,
            PortPattern::Exact(port) => destination.port == port,
            PortPattern::Any => true,
        };
        host_matches && port_matches
    }
}

/// A host in the one spelling patterns compare, or `None` if it is not a host.
pub fn normalize_host(host: &str) -> Option<String> {
    let lower = host.to_ascii_lowercase();
    if let Some(inner) = lower.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let v6: Ipv6Addr = inner.parse().ok()?;
        return Some(match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => format!("[{v6}]"),
        });
    }
    let name = lower.strip_suffix('.').unwrap_or(&lower);
    if name.is_empty() || name.contains(['/', '\\', '@', ':', ' ', '[', ']', '%']) {
        return None;
    }
    // The URL standard: a host whose last label is a number is an IPv4
    // address, or not a host at all.
    let last = name.rsplit('.').next().unwrap_or(name);
    if ipv4_number(last).is_some() || last.chars().all(|c| c.is_ascii_digit()) {
        return whatwg_ipv4(name).map(|ip| ip.to_string());
    }
    Some(name.to_owned())
}

/// An IPv4 address in any spelling the URL standard accepts: one to four
/// parts, each decimal, `0x` hex or `0` octal, the last filling the rest.
fn whatwg_ipv4(host: &str) -> Option<Ipv4Addr> {
    let parts: Vec<u64> = host.split('.').map(ipv4_number).collect::<Option<_>>()?;
    let (last, init) = parts.split_last()?;
    if init.len() > 3
        || init.iter().any(|&p| p > 255)
        || *last >= 256_u64.pow(4 - init.len() as u32)
    {
        return None;
    }
    let value = init.iter().enumerate().fold(*last, |acc, (i, &p)| acc + (p << (8 * (3 - i))));
    Some(Ipv4Addr::from(u32::try_from(value).ok()?))
}

fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = match part {
        "" => return None,
        p if p.starts_with("0x") || p.starts_with("0X") => (&p[2..], 16),
        p if p.len() > 1 && p.starts_with('0') => (&p[1..], 8),
        p => (p, 10),
    };
    if digits.is_empty() {
        // `0x` alone is zero.
        return (radix == 16).then_some(0);
    }
    u64::from_str_radix(digits, radix).ok().filter(|n| *n <= u64::from(u32::MAX))
}

/// The string is not a domain pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a domain pattern ({1})")]
pub struct InvalidDomainPattern(pub String, pub &'static str);

impl FromStr for DomainPattern {
    type Err = InvalidDomainPattern;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |why| InvalidDomainPattern(s.to_owned(), why);
        let (host, port) = split_port(s).ok_or_else(|| invalid("a port is 1 to 65535 or `*`"))?;
        let host = if host == "*" {
            HostPattern::Any
        } else {
            let (wild, name) = match host.strip_prefix("*.") {
                Some(name) => (true, name),
                None => (false, host),
            };
            if !name.is_ascii() {
                return Err(invalid("write an internationalised name in its `xn--` form"));
            }
            let normalized =
                normalize_host(name)
                    .filter(|n| n.starts_with('[') || valid_name(n))
                    .ok_or_else(|| invalid("expected `example.com`, `*.example.com` or `*`"))?;
            // A pattern says what it matches: `0x7f.1` would match 127.0.0.1.
            if normalized != name.to_ascii_lowercase().trim_end_matches('.') {
                return Err(invalid(SPELLING));
            }
            if wild {
                HostPattern::Subdomains(normalized)
            } else {
                HostPattern::Exact(normalized)
            }
        };
        Ok(Self { host, port })
    }
}

const SPELLING: &str = "write IP addresses in dotted decimal (IPv4) or canonical form (IPv6)";

fn valid_name(name: &str) -> bool {
    name.split('.').all(|label| {
        !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// Splits `host[:port]`; `None` for a malformed port.
fn split_port(s: &str) -> Option<(&str, PortPattern)> {
    let (host, port) = if s.starts_with('[') {
        let end = s.find(']')? + 1;
        (&s[..end], s[end..].strip_prefix(':'))
    } else {
        match s.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (s, None),
        }
    };
    let port = match port {
        None => PortPattern::Default,
        Some("*") => PortPattern::Any,
        Some(p) => PortPattern::Exact(p.parse().ok().filter(|&p: &u16| p != 0)?),
    };
    Some((host, port))
}

impl fmt::Display for DomainPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            HostPattern::Any => f.write_str("*")?,
            HostPattern::Exact(name) => f.write_str(name)?,
            HostPattern::Subdomains(name) => write!(f, "*.{name}")?,
        }
        match self.port {
            PortPattern::Default => Ok(()),
            PortPattern::Exact(port) => write!(f, ":{port}"),
            PortPattern::Any => f.write_str(":*"),
        }
    }
}

impl Serialize for DomainPattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DomainPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}
