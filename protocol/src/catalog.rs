//! Catalogs: the list of plugins a site offers, with what the host needs to
//! decide and verify before downloading any of them.
//!
//! ```json
//! { "schema": 1,
//!   "plugins": [
//!     { "url": "grayscale.wasm", "sha256": "…64 hex…", "size": 150321,
//!       "manifest": { "id": "dev.annex.grayscale", … } } ] }
//! ```

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::manifest::{ErrorList, FieldError, Manifest, ManifestError};

/// The catalog format version this crate reads and writes.
pub const CATALOG_SCHEMA: u32 = 1;

/// A list of plugins a site offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Format version; must be [`CATALOG_SCHEMA`].
    pub schema: u32,
    /// The plugins.
    pub plugins: Vec<CatalogEntry>,
    /// Set only by a development server (`annex dev`): where the host hears
    /// that plugins were rebuilt, so it can update them in open pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<DevReload>,
    /// The URL it was read from, set by the reader (never read from the
    /// file): its origin publishes the unsigned plugins it lists. `None`
    /// for a catalog the app built itself, which the page's origin vouches for.
    #[serde(skip)]
    pub source: Option<String>,
}

/// A development server's change notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevReload {
    /// URL (relative to the catalog's) to long-poll: `GET <events>?since=<n>`
    /// answers `{"version": m}` once the server's rebuild count `m` differs
    /// from `n` (or after a while, unchanged).
    pub events: String,
    /// The rebuild count when this catalog was written: the first poll asks
    /// `since` it, so a rebuild right after the page read the catalog counts.
    #[serde(default)]
    pub version: u64,
}

/// One plugin in a catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// Where the module is, relative to the catalog's own URL (or absolute).
    pub url: String,
    /// SHA-256 of the module bytes, lowercase hex; checked on download and on
    /// every cache read.
    pub sha256: String,
    /// Size of the module in bytes.
    pub size: u64,
    /// A copy of the manifest embedded in the module, so the host can plan
    /// without downloading. The module's own manifest must be identical.
    pub manifest: Manifest,
}

impl Catalog {
    /// A catalog of `plugins`, in the current format.
    pub fn new(plugins: Vec<CatalogEntry>) -> Self {
        Self { schema: CATALOG_SCHEMA, plugins, dev: None, source: None }
    }

    /// Parses a catalog and checks it: schema version, hash format, every
    /// manifest valid, no plugin listed twice.
    pub fn from_json(bytes: &[u8]) -> Result<Self, ManifestError> {
        let catalog: Catalog =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(bytes))
                .map_err(|e| {
                    let path = e.path().to_string();
                    ManifestError::Field(FieldError::new(path, e.into_inner().to_string()))
                })?;
        let mut errors = ErrorList::default();
        if catalog.schema != CATALOG_SCHEMA {
            errors.push(|| {
                FieldError::new(
                    "schema",
                    format!("is {}, this host reads {CATALOG_SCHEMA}", catalog.schema),
                )
            });
        }
        let mut ids = BTreeSet::new();
        for (i, entry) in catalog.plugins.iter().enumerate() {
            let hex = entry.sha256.len() == 64
                && entry.sha256.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
            if !hex {
                errors.push(|| {
                    FieldError::new(
                        format!("plugins[{i}].sha256"),
                        "must be 64 lowercase hex digits",
                    )
                });
            }
            if !ids.insert(&entry.manifest.id) {
                errors.push(|| {
                    FieldError::new(
                        format!("plugins[{i}].manifest.id"),
                        format!("`{}` is listed twice", entry.manifest.id),
                    )
                });
            }
            if let Err(e) = entry.manifest.validate() {
                for f in e.field_errors() {
                    errors.push(|| {
                        let path = format!("plugins[{i}].manifest.{}", f.path);
                        FieldError::new(path, f.problem.clone())
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(ManifestError::Invalid(errors.finish()))
        }
    }

    /// The entry for a plugin id.
    pub fn entry(&self, id: &str) -> Option<&CatalogEntry> {
        self.plugins.iter().find(|e| e.manifest.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(sha: &str, ids: &[&str]) -> String {
        let plugins: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| {
                serde_json::json!({
                    "url": format!("{id}.wasm"), "sha256": sha, "size": 10,
                    "manifest": {"id": id, "version": "1.0.0", "name": "X",
                                 "capabilities": {"canvas_filter": {"filters": ["x"]}}}
                })
            })
            .collect();
        serde_json::json!({"schema": 1, "plugins": plugins}).to_string()
    }

    #[test]
    fn parses_a_valid_catalog() {
        let c = Catalog::from_json(catalog(&"a".repeat(64), &["dev.a.x", "dev.a.y"]).as_bytes())
            .unwrap();
        assert_eq!(c.plugins.len(), 2);
        assert_eq!(c.entry("dev.a.y").unwrap().url, "dev.a.y.wasm");
    }

    #[test]
    fn bad_hashes_and_duplicates_are_named() {
        let err =
            Catalog::from_json(catalog("ABC", &["dev.a.x", "dev.a.x"]).as_bytes()).unwrap_err();
        let paths: Vec<&str> = err.field_errors().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["plugins[0].sha256", "plugins[1].sha256", "plugins[1].manifest.id"]);
    }
}
