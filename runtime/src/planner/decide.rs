//! The planning rules: one decision per plugin, then the plan's order.

use std::collections::BTreeMap;

use annex_protocol::catalog::Catalog;
use annex_protocol::manifest::{Manifest, Priority, Strategy};
use annex_protocol::PluginId;

use super::preload::first_match;
use super::{Action, Device, Phase, Plan, PlanItem};
use crate::host::VisitContext;

/// Decides what to load ahead of use for this visit, with a reason for every
/// plugin in the catalog (see the [module documentation](super)).
pub fn plan(catalog: &Catalog, context: &VisitContext, device: &Device, phase: Phase) -> Plan {
    let mut plan = Plan::default();
    // Id order, so `skipped` needs no sort of its own.
    for manifest in newest_versions(catalog).into_values() {
        match decide(manifest, context, device, phase) {
            Decision::Load { action, blocking, reason } => plan.items.push(PlanItem {
                plugin: manifest.id.clone(),
                action,
                priority: manifest.loading.priority,
                blocking,
                reason,
            }),
            Decision::Skip(reason) => plan.skipped.push((manifest.id.clone(), reason)),
        }
    }
    plan.items.sort_by(|a, b| urgency(a).cmp(&urgency(b)));
    plan
}

/// What to do with one plugin.
enum Decision {
    Load { action: Action, blocking: bool, reason: String },
    Skip(String),
}

fn decide(manifest: &Manifest, context: &VisitContext, device: &Device, phase: Phase) -> Decision {
    let activate = |blocking, reason: &str| Decision::Load {
        action: Action::Activate,
        blocking,
        reason: reason.to_owned(),
    };
    let loading = &manifest.loading;
    match loading.strategy {
        // An eager plugin is normally running by the time the host is idle;
        // it is still listed, and the executor skips running plugins.
        Strategy::Eager => activate(true, "eager: loads during bootstrap"),
        Strategy::Parallel => {
            activate(false, "parallel: loads during bootstrap without holding it up")
        }
        Strategy::Deferred => match phase {
            Phase::Bootstrap => Decision::Skip("deferred: waits until the host is idle".to_owned()),
            Phase::Idle => activate(false, "deferred: the host is idle"),
        },
        Strategy::OnDemand => Decision::Skip("on_demand: loads only when asked for".to_owned()),
        Strategy::Lazy if loading.preload.is_empty() => {
            Decision::Skip("lazy: loads on first use".to_owned())
        }
        Strategy::Lazy => match first_match(&loading.preload, context, device) {
            Some(matched) => Decision::Load {
                // Urgent plugins are worth a worker up front, not just a compiled module.
                action: match loading.priority {
                    Priority::Critical | Priority::High => Action::Activate,
                    _ => Action::Compile,
                },
                blocking: false,
                reason: format!("preload {}: {matched}", manifest.id),
            },
            None => {
                let roles = if context.roles.is_empty() {
                    "none".to_owned()
                } else {
                    context.roles.join(", ")
                };
                Decision::Skip(format!(
                    "lazy: no preload rule matches (route {}, roles {roles})",
                    context.route
                ))
            }
        },
    }
}

/// The newest version of each plugin the catalog lists, by id; the first
/// listed wins a tie.
fn newest_versions(catalog: &Catalog) -> BTreeMap<&PluginId, &Manifest> {
    let mut newest: BTreeMap<&PluginId, &Manifest> = BTreeMap::new();
    for manifest in catalog.plugins.iter().map(|entry| &entry.manifest) {
        let kept = newest.entry(&manifest.id).or_insert(manifest);
        if manifest.version > kept.version {
            *kept = manifest;
        }
    }
    newest
}

/// Sort key, most urgent first: priority, blocking, how far to go, id.
fn urgency(item: &PlanItem) -> (Priority, bool, u8, &str) {
    let depth = match item.action {
        Action::Activate => 0,
        Action::Compile => 1,
        Action::Fetch => 2,
    };
    (item.priority, !item.blocking, depth, item.plugin.as_str())
}
