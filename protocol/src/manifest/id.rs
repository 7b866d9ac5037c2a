//! Plugin identifiers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A plugin's identity: a reverse-DNS name such as `dev.annex.grayscale`.
///
/// Rules: 2 to 16 dot-separated labels, 128 bytes at most; each label starts
/// with a lowercase ASCII letter and holds only lowercase letters, digits and
/// `-`. Ids are compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PluginId(String);

impl PluginId {
    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a string is not a valid [`PluginId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{id}` is not a valid plugin id: {reason} (expected reverse-DNS like `com.example.my-plugin`)"
)]
pub struct InvalidPluginId {
    /// The rejected string.
    pub id: String,
    /// Which rule it broke.
    pub reason: &'static str,
}

impl FromStr for PluginId {
    type Err = InvalidPluginId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason| Err(InvalidPluginId { id: s.to_owned(), reason });
        if s.len() > 128 {
            return fail("longer than 128 bytes");
        }
        let labels: Vec<&str> = s.split('.').collect();
        if labels.len() < 2 {
            return fail("it needs at least two dot-separated labels");
        }
        if labels.len() > 16 {
            return fail("it has more than 16 labels");
        }
        for label in labels {
            let mut chars = label.chars();
            match chars.next() {
                None => return fail("it has an empty label"),
                Some(c) if !c.is_ascii_lowercase() => {
                    return fail("each label must start with a lowercase letter")
                }
                Some(_) => {}
            }
            if !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return fail("labels may only hold lowercase letters, digits and `-`");
            }
        }
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Display for PluginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PluginId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for PluginId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PluginId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_reverse_dns_ids() {
        for ok in ["dev.annex.grayscale", "com.example.my-plugin2", "a.b"] {
            assert_eq!(ok.parse::<PluginId>().unwrap().as_str(), ok);
        }
    }

    #[test]
    fn rejects_ids_with_the_broken_rule_named() {
        let cases = [
            ("grayscale", "two dot-separated labels"),
            ("dev..gray", "empty label"),
            ("Dev.annex", "start with a lowercase letter"),
            ("dev.1annex", "start with a lowercase letter"),
            ("dev.an_nex", "lowercase letters, digits and `-`"),
        ];
        for (bad, reason) in cases {
            let err = bad.parse::<PluginId>().unwrap_err().to_string();
            assert!(err.contains(reason), "{bad}: {err}");
            assert!(err.contains(bad), "{bad}: {err}");
        }
        assert!("a.".repeat(70).parse::<PluginId>().is_err());
    }
}
