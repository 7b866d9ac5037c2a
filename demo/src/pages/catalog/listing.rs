//! One catalog entry as the page lists it, and the search that narrows the list.

use annex_runtime::protocol::catalog::CatalogEntry;
use annex_runtime::protocol::PluginId;

/// What the page shows of a catalog entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// The plugin's id.
    pub id: PluginId,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its description, if it has one.
    pub description: Option<String>,
    /// Its category, if it has one.
    pub category: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// The permissions it asks for, each with its reason.
    pub permissions: Vec<(String, String)>,
    /// The module's size in bytes.
    pub size: u64,
}

impl Listing {
    /// The listing for a catalog entry.
    pub fn new(entry: &CatalogEntry) -> Self {
        let m = &entry.manifest;
        Self {
            id: m.id.clone(),
            name: m.name.clone(),
            version: m.version.to_string(),
            description: m.description.clone(),
            category: m.category.clone(),
            tags: m.tags.clone(),
            permissions: m
                .permissions
                .iter()
                .map(|p| (p.permission.to_string(), p.reason.clone()))
                .collect(),
            size: entry.size,
        }
    }

    /// Whether the entry is in `category` (`""` is every category) and
    /// mentions every word of `query` (case-insensitive) in its name, id,
    /// description, category or tags.
    pub fn matches(&self, query: &str, category: &str) -> bool {
        if !category.is_empty() && self.category.as_deref() != Some(category) {
            return false;
        }
        let text = [
            self.name.as_str(),
            self.id.as_str(),
            self.description.as_deref().unwrap_or(""),
            self.category.as_deref().unwrap_or(""),
        ]
        .into_iter()
        .chain(self.tags.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
        query.to_lowercase().split_whitespace().all(|word| text.contains(word))
    }

    /// The module's size for people: `224.5 KiB`.
    pub fn size_text(&self) -> String {
        format!("{:.1} KiB", self.size as f64 / 1024.0)
    }
}
