//! A plugin's dependencies among the plugins of its host.

use std::collections::BTreeMap;

use annex_protocol::manifest::Dependency;
use annex_protocol::{Manifest, PluginId};

use super::Plugin;
use crate::events::{DependencyChange, EventKind};
use crate::resolver::{DependencyError, Requirer};
use crate::{Error, Result, StatusKind};

/// Checks that `manifest`'s dependencies are met by the running plugins of
/// its host (`registry`): required ones active at a matching version with the features asked
/// for; optional and peer ones, when present, too.
pub(crate) fn check_loaded(
    registry: &BTreeMap<PluginId, Plugin>,
    manifest: &Manifest,
) -> Result<()> {
    let by = Requirer::Plugin(manifest.id.clone(), manifest.version.clone());
    for dep in &manifest.dependencies {
        let running = registry
            .get(&dep.id)
            .filter(|p| matches!(p.status().kind(), StatusKind::Active | StatusKind::Loaded))
            .map(|p| p.manifest());
        match running {
            None if dep.optional || dep.peer => {}
            None => {
                return Err(Error::Dependency(Box::new(DependencyError::NotLoaded {
                    plugin: dep.id.clone(),
                    range: dep.version.clone(),
                    required_by: by,
                })))
            }
            Some(loaded) if !fits(dep, &loaded) => {
                return Err(Error::Dependency(Box::new(DependencyError::LoadedMismatch {
                    plugin: dep.id.clone(),
                    range: dep.version.clone(),
                    features: dep.features.clone(),
                    loaded: loaded.version.clone(),
                    required_by: by,
                })))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn fits(dep: &Dependency, loaded: &Manifest) -> bool {
    dep.version.matches(&loaded.version) && dep.features.iter().all(|f| loaded.features.contains(f))
}

impl Plugin {
    /// The running plugins of the same host that depend on this one; with
    /// `required_only`, only those that cannot work without it.
    pub fn dependents(&self, required_only: bool) -> Vec<Plugin> {
        let Some(site) = self.site() else { return Vec::new() };
        let plugins = site.registry().borrow();
        plugins
            .values()
            .filter(|p| p.status().kind().has_worker())
            .filter(|p| {
                p.manifest()
                    .dependencies
                    .iter()
                    .any(|d| &d.id == self.id() && (!required_only || (!d.optional && !d.peer)))
            })
            .cloned()
            .collect()
    }

    /// Refuses to stop a plugin that running plugins require.
    pub(crate) fn refuse_if_required(&self, operation: &'static str) -> Result<()> {
        let dependents: Vec<PluginId> =
            self.dependents(true).iter().map(|p| p.id().clone()).collect();
        if dependents.is_empty() {
            Ok(())
        } else {
            Err(Error::HasDependents { plugin: self.id().clone(), operation, dependents })
        }
    }

    /// Tells (through events) every running dependent that this plugin changed.
    pub(crate) fn notify_dependents(&self, change: DependencyChange) {
        for dependent in self.dependents(false) {
            dependent.emit(EventKind::DependencyChanged {
                dependency: self.id().clone(),
                change: change.clone(),
            });
        }
    }
}
