//! What can go wrong resolving dependencies, named so it can be fixed.

use std::fmt;

use annex_protocol::PluginId;
use semver::{Version, VersionReq};

/// Who placed a requirement: the host application (a root request) or a
/// plugin at a given version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirer {
    /// The host asked for it.
    Host,
    /// A plugin depends on it.
    Plugin(PluginId, Version),
}

impl Requirer {
    /// The plugin's id, unless it is the host.
    pub fn id(&self) -> Option<&PluginId> {
        match self {
            Self::Host => None,
            Self::Plugin(id, _) => Some(id),
        }
    }
}

impl fmt::Display for Requirer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Host => f.write_str("the host"),
            Self::Plugin(id, version) => write!(f, "{id} {version}"),
        }
    }
}

fn versions(list: &[Version]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Why no set of versions works.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DependencyError {
    /// A required plugin is not in the catalog at all.
    #[error("{required_by} needs {plugin} {range}, which is not in the catalog")]
    Missing {
        /// The missing plugin.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Who needs it.
        required_by: Requirer,
    },
    /// No available version satisfies one requirement on its own.
    #[error("{required_by} needs {plugin} {range}, but the catalog has only {}", versions(.available))]
    NoMatchingVersion {
        /// The plugin.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Who asked.
        required_by: Requirer,
        /// Versions in the catalog.
        available: Vec<Version>,
    },
    /// Two requirements on the same plugin cannot both be met.
    #[error(
        "{first_by} needs {plugin} {first} but {second_by} needs {plugin} {second}; \
         no available version satisfies both (available: {})",
        versions(.available)
    )]
    Conflict {
        /// The plugin both need.
        plugin: PluginId,
        /// One range.
        first: VersionReq,
        /// Who placed it.
        first_by: Requirer,
        /// The other range.
        second: VersionReq,
        /// Who placed it.
        second_by: Requirer,
        /// Versions in the catalog.
        available: Vec<Version>,
    },
    /// Versions match the ranges but lack features asked for.
    #[error("{required_by} needs {plugin} with features {}, which no matching version provides", .features.join(", "))]
    MissingFeatures {
        /// The plugin.
        plugin: PluginId,
        /// The features asked for.
        features: Vec<String>,
        /// Who asked.
        required_by: Requirer,
    },
    /// Every matching version needs another host API version.
    #[error("{plugin} {version} needs host API {requires}, but this host is {host}")]
    HostApi {
        /// The plugin.
        plugin: PluginId,
        /// The newest version otherwise acceptable.
        version: Version,
        /// Its requirement.
        requires: VersionReq,
        /// The host's API version.
        host: Version,
    },
    /// Plugins depend on each other in a circle.
    #[error("dependency cycle: {}", .path.iter().map(PluginId::as_str).collect::<Vec<_>>().join(" → "))]
    Cycle {
        /// The cycle, its first plugin repeated at the end (`a → b → c → a`).
        path: Vec<PluginId>,
    },
    /// A peer dependency is not present and the host policy makes that an error.
    #[error("{required_by} needs peer {plugin} {range}, which nothing else brings in")]
    PeerMissing {
        /// The peer.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Who asked.
        required_by: Requirer,
    },
    /// A dependency is not loaded in the host (when loading one plugin by URL
    /// or bytes, its dependencies must already be active).
    #[error("{required_by} needs {plugin} {range}, which is not loaded (load it first, or activate {required_by_id} from a catalog)", required_by_id = .required_by.id().map(PluginId::as_str).unwrap_or("it"))]
    NotLoaded {
        /// The dependency.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Who needs it.
        required_by: Requirer,
    },
    /// A dependency is loaded, but at a version (or without features) that does not fit.
    #[error("{required_by} needs {plugin} {range}{}, but {plugin} {loaded} is loaded", if .features.is_empty() { String::new() } else { format!(" with features {}", .features.join(", ")) })]
    LoadedMismatch {
        /// The dependency.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Features asked for.
        features: Vec<String>,
        /// The version loaded.
        loaded: Version,
        /// Who needs it.
        required_by: Requirer,
    },
    /// The search was abandoned (pathological catalogs).
    #[error("gave up after trying {steps} combinations")]
    TooComplex {
        /// Decisions tried.
        steps: usize,
    },
}

/// Something the resolution went through with, but that the host should see.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveWarning {
    /// An optional dependency was left out.
    OptionalSkipped {
        /// The dependency.
        plugin: PluginId,
        /// Who wanted it.
        required_by: Requirer,
    },
    /// A peer dependency is not present (host policy: warn).
    PeerMissing {
        /// The peer.
        plugin: PluginId,
        /// The range asked for.
        range: VersionReq,
        /// Who asked.
        required_by: Requirer,
    },
}

impl fmt::Display for ResolveWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OptionalSkipped { plugin, required_by } => {
                write!(f, "optional dependency {plugin} of {required_by} is left out (no compatible version)")
            }
            Self::PeerMissing { plugin, range, required_by } => {
                write!(f, "{required_by} expects peer {plugin} {range}, which is not loaded")
            }
        }
    }
}
