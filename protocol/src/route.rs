//! Route patterns: `/exact`, `/prefix/*`, `/users/:id`, `/docs/:section/*`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A pattern over URL paths, as used by preload rules and hook conditions.
///
/// * literal segments match themselves (`/analytics`);
/// * `:name` matches any one non-empty segment (`/users/:id`);
/// * a final `*` matches any rest, including nothing (`/docs/*` matches
///   `/docs`, `/docs/a` and `/docs/a/b`).
///
/// Trailing slashes and empty segments in paths are ignored; matching is
/// case-sensitive, like paths.
///
/// ```
/// use annex_protocol::route::RoutePattern;
///
/// let pattern: RoutePattern = "/users/:id/*".parse().unwrap();
/// assert!(pattern.matches("/users/42/settings"));
/// assert!(!pattern.matches("/users"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoutePattern {
    source: String,
    segments: Vec<Segment>,
    rest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Literal(String),
    Param,
}

/// Why a string is not a route pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{pattern}` is not a route pattern: {reason}")]
pub struct InvalidRoutePattern {
    /// The rejected pattern.
    pub pattern: String,
    /// What is wrong.
    pub reason: &'static str,
}

impl RoutePattern {
    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether `path` (a URL path, without query) matches.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() < self.segments.len() || (!self.rest && parts.len() != self.segments.len()) {
            return false;
        }
        self.segments.iter().zip(&parts).all(|(segment, part)| match segment {
            Segment::Literal(literal) => literal == part,
            Segment::Param => true,
        })
    }

    /// How specific the pattern is, for ordering: more literal segments first.
    pub fn specificity(&self) -> (usize, usize, bool) {
        let literals = self.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
        (literals, self.segments.len(), !self.rest)
    }
}

impl FromStr for RoutePattern {
    type Err = InvalidRoutePattern;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason| Err(InvalidRoutePattern { pattern: s.to_owned(), reason });
        if !s.starts_with('/') {
            return fail("it must start with `/`");
        }
        if s.contains(['?', '#']) {
            return fail("it must be a path, without `?` or `#`");
        }
        let raw: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
        let mut segments = Vec::new();
        let mut rest = false;
        for (i, part) in raw.iter().enumerate() {
            if *part == "*" {
                if i + 1 != raw.len() {
                    return fail("`*` may only be the last segment");
                }
                rest = true;
            } else if let Some(name) = part.strip_prefix(':') {
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return fail("a `:param` needs a name of letters, digits or `_`");
                }
                segments.push(Segment::Param);
            } else if part.contains('*') || part.contains(':') {
                return fail("`*` and `:` must be whole segments");
            } else {
                segments.push(Segment::Literal((*part).to_owned()));
            }
        }
        Ok(Self { source: s.to_owned(), segments, rest })
    }
}

impl fmt::Display for RoutePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for RoutePattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for RoutePattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> RoutePattern {
        s.parse().unwrap()
    }

    #[test]
    fn exact_patterns_match_only_their_path() {
        assert!(p("/analytics").matches("/analytics"));
        assert!(p("/analytics").matches("/analytics/"));
        assert!(!p("/analytics").matches("/analytics/today"));
        assert!(!p("/analytics").matches("/"));
        assert!(p("/").matches("/"));
        assert!(!p("/").matches("/a"));
    }

    #[test]
    fn star_matches_any_rest_including_none() {
        let docs = p("/docs/*");
        assert!(docs.matches("/docs"));
        assert!(docs.matches("/docs/a/b/c"));
        assert!(!docs.matches("/doc"));
        assert!(p("/*").matches("/anything/at/all"));
    }

    #[test]
    fn params_match_one_segment() {
        let user = p("/users/:id");
        assert!(user.matches("/users/7"));
        assert!(!user.matches("/users"));
        assert!(!user.matches("/users/7/edit"));
        assert!(p("/users/:id/*").matches("/users/7/edit/x"));
    }

    #[test]
    fn bad_patterns_say_why() {
        for (bad, why) in [
            ("analytics", "start with `/`"),
            ("/a/*/b", "last segment"),
            ("/a/:", "needs a name"),
            ("/a/b*", "whole segments"),
            ("/a?x=1", "without `?`"),
        ] {
            let err = bad.parse::<RoutePattern>().unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn specificity_prefers_literals() {
        assert!(p("/a/b").specificity() > p("/a/:x").specificity());
        assert!(p("/a/:x").specificity() > p("/a/*").specificity());
    }
}
