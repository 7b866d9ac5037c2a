//! Load order: dependencies before dependents, and cycles named in full.

use std::collections::{BTreeMap, BTreeSet};

use annex_protocol::{Manifest, PluginId};

use super::error::DependencyError;

/// Orders `selected` so every plugin comes after the (selected) plugins it
/// depends on; independent plugins keep id order. Fails on a cycle.
pub(crate) fn load_order(
    selected: &BTreeMap<PluginId, Manifest>,
) -> Result<Vec<PluginId>, DependencyError> {
    // Edges from each plugin to the selected plugins it depends on.
    let needs: BTreeMap<&PluginId, BTreeSet<&PluginId>> = selected
        .iter()
        .map(|(id, m)| {
            let deps = m.dependencies.iter().map(|d| &d.id).filter(|d| selected.contains_key(*d));
            (id, deps.collect())
        })
        .collect();
    let mut waiting: BTreeMap<&PluginId, usize> =
        needs.iter().map(|(id, deps)| (*id, deps.len())).collect();
    let mut ready: BTreeSet<&PluginId> =
        waiting.iter().filter(|(_, n)| **n == 0).map(|(id, _)| *id).collect();
    let mut order = Vec::with_capacity(selected.len());
    while let Some(id) = ready.pop_first() {
        waiting.remove(id);
        order.push(id.clone());
        for (dependent, deps) in &needs {
            if deps.contains(id) {
                if let Some(n) = waiting.get_mut(dependent) {
                    *n -= 1;
                    if *n == 0 {
                        ready.insert(dependent);
                    }
                }
            }
        }
    }
    match waiting.keys().next() {
        None => Ok(order),
        Some(start) => Err(DependencyError::Cycle { path: find_cycle(start, &needs, &waiting) }),
    }
}

/// Follows unresolved dependencies from `start` until a plugin repeats.
fn find_cycle(
    start: &PluginId,
    needs: &BTreeMap<&PluginId, BTreeSet<&PluginId>>,
    stuck: &BTreeMap<&PluginId, usize>,
) -> Vec<PluginId> {
    let mut path: Vec<&PluginId> = vec![start];
    loop {
        let current = path.last().expect("the path starts non-empty");
        // Every stuck plugin waits on at least one stuck plugin.
        let next = needs[*current]
            .iter()
            .find(|d| stuck.contains_key(*d))
            .expect("a stuck plugin depends on a stuck plugin");
        if let Some(at) = path.iter().position(|p| p == next) {
            let mut cycle: Vec<PluginId> = path[at..].iter().map(|p| (*p).clone()).collect();
            cycle.push((*next).clone());
            return cycle;
        }
        path.push(next);
    }
}
