//! What a plugin needs: other plugins, a host version, host features.

use serde::{Deserialize, Serialize};

use super::PluginId;

/// Another plugin this one needs.
///
/// ```toml
/// [[package.metadata.annex.dependencies]]
/// id = "dev.annex.analytics"
/// version = "^1.2"
/// features = ["percentiles"]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The plugin's id.
    pub id: PluginId,
    /// Acceptable versions, as a semver requirement (`^1.2`, `~0.3.1`, `>=1, <3`, `*`).
    pub version: semver::VersionReq,
    /// If true, the plugin works without it; it is loaded first only when available.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// A peer dependency: not loaded on this plugin's behalf, but if present it
    /// must match `version` (the host decides whether a missing peer is a
    /// warning or an error).
    #[serde(default, skip_serializing_if = "is_false")]
    pub peer: bool,
    /// Features the dependency must provide (see [`super::Manifest::features`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What the plugin needs from the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    /// Host API versions the plugin works with. Default: `*` (any).
    #[serde(default = "any_version")]
    pub host_api: semver::VersionReq,
    /// Host features it needs, e.g. `["jspi"]`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

impl Default for Requirements {
    fn default() -> Self {
        Self { host_api: any_version(), features: Vec::new() }
    }
}

fn any_version() -> semver::VersionReq {
    semver::VersionReq::STAR
}
