//! The plugin manifest: what a plugin is, what it offers and what it asks for.
//!
//! The manifest travels inside the plugin's module as JSON in the custom
//! section [`crate::abi::MANIFEST_SECTION`], so the host can read it before any
//! plugin code runs. Plugin authors never write it by hand: the SDK's export
//! macro builds it from `[package.metadata.annex]` in the plugin's `Cargo.toml`.
//!
//! ```
//! use annex_protocol::manifest::Manifest;
//!
//! let json = br#"{
//!     "id": "dev.annex.grayscale",
//!     "version": "0.1.0",
//!     "name": "Grayscale",
//!     "capabilities": { "canvas_filter": { "filters": ["grayscale"] } },
//!     "permissions": [
//!         { "permission": "canvas.read", "reason": "reads the pixels it filters" }
//!     ]
//! }"#;
//! let parsed = Manifest::from_json(json)?;
//! assert_eq!(parsed.manifest.id.as_str(), "dev.annex.grayscale");
//! assert!(parsed.warnings.is_empty());
//! # Ok::<(), annex_protocol::manifest::ManifestError>(())
//! ```

mod capabilities;
mod config;
mod dependency;
mod hooks;
mod id;
mod limits;
mod loading;
mod parse;
mod validate;

use serde::{Deserialize, Serialize};

pub use capabilities::{
    AnimationCapability, ApiFamily, CanvasFilterCapability, Capabilities, EmptyCapability,
    TypographyCapability,
};
pub use config::{resolve_config, ConfigField, ConfigSchema};
pub use dependency::{Dependency, Requirements};
pub use hooks::{HookCondition, HookName, HookSubscription, Priority, UnknownHook, BUILTIN_HOOKS};
pub use id::{InvalidPluginId, PluginId};
pub(crate) use limits::ErrorList;
pub use limits::{MAX_FIELD_ERRORS, MAX_LIST_ITEMS, MAX_MANIFEST_BYTES, MAX_WARNINGS};
pub use loading::{
    Budgets, DeviceType, Loading, NetworkSpeed, PreloadRule, RetryPolicy, Strategy, Timeouts,
};
pub use parse::{FieldError, ManifestError, ManifestWarning, ParsedManifest};

use crate::permission::{Permission, PermissionSet};

/// A plugin's manifest. Only `id`, `version`, `name` and `capabilities` are
/// required; every other field has the default its documentation states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Reverse-DNS identity, e.g. `dev.annex.grayscale`.
    pub id: PluginId,
    /// The plugin's version (semver).
    pub version: semver::Version,
    /// Human-readable name shown to site visitors (at most 100 characters).
    pub name: String,
    /// One or two sentences on what the plugin does (at most 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who wrote it, e.g. `["Ada <ada@example.com>"]`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// SPDX license expression, e.g. `MIT OR Apache-2.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Home page URL (`http://` or `https://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Source repository URL (`http://` or `https://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Search keywords: at most 20 lowercase slugs (`a-z`, `0-9`, `-`). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// One lowercase slug for catalogs, e.g. `image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The API families the plugin implements (at least one).
    pub capabilities: Capabilities,
    /// Features this plugin provides to plugins that depend on it. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Hook points it subscribes to. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<HookSubscription>,
    /// Other plugins it needs. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// What it needs from the host. Default: any host version, no features.
    #[serde(default)]
    pub requires: Requirements,
    /// Permissions it asks for, each with a reason shown to the visitor. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<PermissionRequest>,
    /// Its configuration schema. Default: it takes no configuration.
    #[serde(default, skip_serializing_if = "ConfigSchema::is_empty")]
    pub config: ConfigSchema,
    /// When and how it loads. Default: lazy, normal priority, no preload.
    #[serde(default)]
    pub loading: Loading,
}

impl Manifest {
    /// The set of permissions the manifest requests.
    pub fn requested_permissions(&self) -> PermissionSet {
        self.permissions.iter().map(|r| r.permission.clone()).collect()
    }

    /// The configuration with every default filled in (what the plugin gets
    /// when the host gives none), or the fields that have no default.
    pub fn default_config(
        &self,
    ) -> Result<serde_json::Map<String, serde_json::Value>, Vec<FieldError>> {
        resolve_config(&self.config, &serde_json::Value::Null)
    }
}

/// One permission the plugin asks for, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionRequest {
    /// The permission.
    pub permission: Permission,
    /// Why the plugin needs it, in words a site visitor understands.
    pub reason: String,
}

#[cfg(test)]
mod tests;
