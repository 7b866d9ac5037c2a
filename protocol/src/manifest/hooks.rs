//! Hook subscriptions and priorities.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::route::RoutePattern;

/// How urgent something is: the order of hook handlers and of load tasks.
///
/// Ordered from most to least urgent, so sorting ascending puts `Critical` first.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Must run (or load) first; for loading, a failure fails bootstrap.
    Critical,
    /// Before normal.
    High,
    /// The default.
    #[default]
    Normal,
    /// After normal.
    Low,
    /// Last, when nothing else waits.
    Background,
}

impl Priority {
    /// The priority as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Normal => "normal",
            Self::Low => "low",
            Self::Background => "background",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The hook points the host defines. Host applications add their own as
/// `custom:<name>`.
pub const BUILTIN_HOOKS: [&str; 13] = [
    "canvas.pre_render",
    "canvas.post_render",
    "filter.pre_apply",
    "filter.post_apply",
    "metadata.pre_update",
    "metadata.post_update",
    "metadata.validate",
    "analytics.pre_process",
    "analytics.post_process",
    "storage.pre_read",
    "storage.post_read",
    "storage.pre_write",
    "storage.post_write",
];

/// The name of a hook point: one of [`BUILTIN_HOOKS`] or `custom:<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HookName(String);

impl HookName {
    /// The name as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a host-defined `custom:` hook.
    pub fn is_custom(&self) -> bool {
        self.0.starts_with("custom:")
    }
}

/// The string is not a hook name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown hook `{0}` (expected one of {list}, or custom:<name>)", list = BUILTIN_HOOKS.join(", "))]
pub struct UnknownHook(pub String);

impl FromStr for HookName {
    type Err = UnknownHook;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let custom_ok = s.strip_prefix("custom:").is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        });
        if custom_ok || BUILTIN_HOOKS.contains(&s) {
            Ok(Self(s.to_owned()))
        } else {
            Err(UnknownHook(s.to_owned()))
        }
    }
}

impl fmt::Display for HookName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for HookName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HookName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A plugin's subscription to a hook point.
///
/// ```toml
/// [[package.metadata.annex.hooks]]
/// hook = "filter.pre_apply"
/// priority = "high"
/// condition.routes = ["/editor/*"]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookSubscription {
    /// The hook point.
    pub hook: HookName,
    /// Where in the chain the handler runs. Default: `normal`.
    #[serde(default)]
    pub priority: Priority,
    /// When the handler runs; absent means always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<HookCondition>,
}

/// When a hook handler applies. Every list that is not empty must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookCondition {
    /// The current route must match one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RoutePattern>,
    /// The user must have one of these roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_sort_most_urgent_first() {
        let mut all = [Priority::Low, Priority::Critical, Priority::Background, Priority::Normal];
        all.sort();
        assert_eq!(
            all,
            [Priority::Critical, Priority::Normal, Priority::Low, Priority::Background]
        );
    }

    #[test]
    fn hook_names_are_builtin_or_custom() {
        assert!("filter.pre_apply".parse::<HookName>().is_ok());
        assert!("custom:shop.checkout".parse::<HookName>().unwrap().is_custom());
        let err = "filter.pre-apply".parse::<HookName>().unwrap_err().to_string();
        assert!(err.contains("filter.pre_apply"), "{err}");
        assert!("custom:".parse::<HookName>().is_err());
    }
}
