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

mod id;
mod parse;

use serde::{Deserialize, Serialize};

pub use id::{InvalidPluginId, PluginId};
pub use parse::{FieldError, ManifestError, ManifestWarning, ParsedManifest};

use crate::permission::{Permission, PermissionSet};

/// A plugin's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Reverse-DNS identity, e.g. `dev.annex.grayscale`.
    pub id: PluginId,
    /// The plugin's version (semver).
    pub version: semver::Version,
    /// Human-readable name shown to site visitors.
    pub name: String,
    /// One or two sentences on what the plugin does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The API families the plugin implements.
    pub capabilities: Capabilities,
    /// Permissions the plugin asks for, each with a reason shown to the visitor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<PermissionRequest>,
}

impl Manifest {
    /// The set of permissions the manifest requests.
    pub fn requested_permissions(&self) -> PermissionSet {
        self.permissions
            .iter()
            .map(|r| r.permission.clone())
            .collect()
    }
}

/// The API families a plugin implements, with per-family detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Capabilities {
    /// Canvas filters: the plugin transforms RGBA pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canvas_filter: Option<CanvasFilterCapability>,
}

impl Capabilities {
    /// Whether the plugin declares no API family at all.
    pub fn is_empty(&self) -> bool {
        self.canvas_filter.is_none()
    }
}

/// What a canvas-filter plugin offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CanvasFilterCapability {
    /// Names of the filters it implements, e.g. `["grayscale"]`.
    pub filters: Vec<String>,
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
