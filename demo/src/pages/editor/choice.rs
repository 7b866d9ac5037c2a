//! What the catalog offers the editor: one choice per filter of each
//! canvas-filter plugin, and the plugins subscribed to the filter hooks.

use annex_runtime::protocol::catalog::Catalog;
use annex_runtime::protocol::manifest::Priority;

/// One filter of one plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The plugin's id.
    pub plugin: String,
    /// The plugin's name, from its manifest.
    pub plugin_name: String,
    /// The filter's name, as the manifest lists it.
    pub filter: String,
}

impl Choice {
    /// Unique among the choices: `plugin:filter`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.plugin, self.filter)
    }

    /// The button text, `"<plugin name> · <filter>"`.
    pub fn label(&self) -> String {
        format!("{} · {}", self.plugin_name, self.filter)
    }
}

/// Every filter every canvas-filter plugin of the catalog lists, in catalog order.
pub fn choices(catalog: &Catalog) -> Vec<Choice> {
    catalog
        .plugins
        .iter()
        .flat_map(|entry| {
            let m = &entry.manifest;
            let filters = m.capabilities.canvas_filter.iter().flat_map(|c| c.filters.iter());
            filters.map(|filter| Choice {
                plugin: m.id.to_string(),
                plugin_name: m.name.clone(),
                filter: filter.clone(),
            })
        })
        .collect()
}

/// A plugin's subscription to a filter hook, from its manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Subscriber {
    /// The plugin's id.
    pub plugin: String,
    /// The plugin's name.
    pub name: String,
    /// What the plugin says it does.
    pub description: String,
    /// The hook point (`filter.pre_apply`).
    pub hook: String,
    /// Its priority in the chain.
    pub priority: Priority,
    /// When it runs, e.g. `for roles visitor`; empty when always.
    pub condition: String,
}

/// The catalog's subscriptions to `filter.*` hooks, in the order the host
/// runs them: by hook, then priority, then plugin id.
pub fn subscribers(catalog: &Catalog) -> Vec<Subscriber> {
    let mut found: Vec<Subscriber> = catalog
        .plugins
        .iter()
        .flat_map(|entry| {
            let m = &entry.manifest;
            m.hooks.iter().filter(|s| s.hook.as_str().starts_with("filter.")).map(|s| {
                let condition = s.condition.as_ref().map_or_else(String::new, |c| {
                    let mut parts = Vec::new();
                    if !c.roles.is_empty() {
                        parts.push(format!("for roles {}", c.roles.join(", ")));
                    }
                    if !c.routes.is_empty() {
                        let routes: Vec<&str> = c.routes.iter().map(|r| r.as_str()).collect();
                        parts.push(format!("on routes {}", routes.join(", ")));
                    }
                    parts.join(" and ")
                });
                Subscriber {
                    plugin: m.id.to_string(),
                    name: m.name.clone(),
                    description: m.description.clone().unwrap_or_default(),
                    hook: s.hook.to_string(),
                    priority: s.priority,
                    condition,
                }
            })
        })
        .collect();
    found.sort_by(|a, b| (&a.hook, a.priority, &a.plugin).cmp(&(&b.hook, b.priority, &b.plugin)));
    found
}
