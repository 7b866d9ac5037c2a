//! How and when a plugin loads: strategy, priority, preload rules, timeouts,
//! retries and budgets. Every field has a default, so `loading` may be absent.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::hooks::Priority;
use crate::route::RoutePattern;

/// Loading rules.
///
/// ```toml
/// [package.metadata.annex.loading]
/// strategy = "lazy"
/// priority = "high"
/// timeouts.init_ms = 2000
///
/// [[package.metadata.annex.loading.preload]]
/// routes = ["/analytics/*"]
/// roles = ["analyst", "admin"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Loading {
    /// When to load. Default: `lazy`.
    #[serde(default)]
    pub strategy: Strategy,
    /// Order among plugins loading at the same time; `critical` plugins that
    /// fail to load fail the host's bootstrap. Default: `normal`.
    #[serde(default)]
    pub priority: Priority,
    /// Rules that load the plugin ahead of use; it preloads when any rule
    /// matches. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preload: Vec<PreloadRule>,
    /// Time budget of each phase.
    #[serde(default)]
    pub timeouts: Timeouts,
    /// Retries of transient load failures.
    #[serde(default)]
    pub retry: RetryPolicy,
    /// Resources the plugin expects to need; the host grants at most its own limits.
    #[serde(default)]
    pub budgets: Budgets,
}

/// When a plugin loads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// During the host's bootstrap, before it reports ready.
    Eager,
    /// On first use (or when a preload rule matches). The default.
    #[default]
    Lazy,
    /// During bootstrap, alongside the others, without holding bootstrap up.
    Parallel,
    /// After bootstrap, when the main thread is idle.
    Deferred,
    /// Only when the host application asks for it by id.
    OnDemand,
}

impl Strategy {
    /// The strategy as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eager => "eager",
            Self::Lazy => "lazy",
            Self::Parallel => "parallel",
            Self::Deferred => "deferred",
            Self::OnDemand => "on_demand",
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One preload rule. Every list that is not empty must match (a route from
/// `routes` and a role from `roles` and ...); an empty rule is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreloadRule {
    /// The current route matches one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RoutePattern>,
    /// The user has one of these roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The device is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceType>,
    /// The connection is at least this fast (Network Information API's
    /// `effectiveType`; when the browser does not say, the rule is not held back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_network: Option<NetworkSpeed>,
}

impl PreloadRule {
    /// Whether the rule has no condition at all.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
            && self.roles.is_empty()
            && self.devices.is_empty()
            && self.min_network.is_none()
    }
}

/// A kind of device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceType {
    /// Wide screen, fine pointer.
    Desktop,
    /// Medium screen, touch.
    Tablet,
    /// Narrow screen, touch.
    Mobile,
}

impl DeviceType {
    /// The device type as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desktop => "desktop",
            Self::Tablet => "tablet",
            Self::Mobile => "mobile",
        }
    }
}

/// Connection speed classes, slowest first (the `effectiveType` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NetworkSpeed {
    /// `slow-2g`
    #[serde(rename = "slow-2g")]
    Slow2g,
    /// `2g`
    #[serde(rename = "2g")]
    Speed2g,
    /// `3g`
    #[serde(rename = "3g")]
    Speed3g,
    /// `4g` (and anything faster)
    #[serde(rename = "4g")]
    Speed4g,
}

impl NetworkSpeed {
    /// The `effectiveType` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Slow2g => "slow-2g",
            Self::Speed2g => "2g",
            Self::Speed3g => "3g",
            Self::Speed4g => "4g",
        }
    }

    /// Parses an `effectiveType` value.
    pub fn from_effective_type(value: &str) -> Option<Self> {
        [Self::Slow2g, Self::Speed2g, Self::Speed3g, Self::Speed4g]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// Time budget per load phase and per call, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timeouts {
    /// Downloading the module. Default: 15000.
    pub fetch_ms: u32,
    /// Compiling it. Default: 10000.
    pub compile_ms: u32,
    /// Starting the worker, instantiating and running `initialize`. Default: 5000.
    pub init_ms: u32,
    /// Each call. Default: 5000.
    pub call_ms: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { fetch_ms: 15_000, compile_ms: 10_000, init_ms: 5_000, call_ms: 5_000 }
    }
}

/// Retries of transient load failures (network errors, HTTP 5xx); permanent
/// ones (bad hash, bad manifest) are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. Default: 3.
    pub attempts: u32,
    /// Wait before the first retry. Default: 250.
    pub initial_backoff_ms: u32,
    /// Longest wait between attempts. Default: 8000.
    pub max_backoff_ms: u32,
    /// Each wait is the previous one times this. Default: 2.0.
    pub multiplier: f64,
    /// Random spread of each wait, as a fraction (0.2 = ±20%). Default: 0.2.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            initial_backoff_ms: 250,
            max_backoff_ms: 8_000,
            multiplier: 2.0,
            jitter: 0.2,
        }
    }
}

/// Resources a plugin expects to use. The host applies the smaller of this
/// and its own limit; absent means the host's limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budgets {
    /// Largest linear memory, in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
    /// Storage, in KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_kb: Option<u32>,
    /// Network requests per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_minute: Option<u32>,
}
