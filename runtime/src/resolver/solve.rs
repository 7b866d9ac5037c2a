//! The backtracking search over versions.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use annex_protocol::manifest::Dependency;
use annex_protocol::{Manifest, PluginId};
use semver::{Version, VersionReq};

use super::error::{DependencyError, Requirer, ResolveWarning};
use super::order::load_order;

/// What to do when a peer dependency is not present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeerPolicy {
    /// Resolve anyway and report a [`ResolveWarning::PeerMissing`]. The default.
    #[default]
    Warn,
    /// Fail with [`DependencyError::PeerMissing`].
    Error,
}

/// A plugin the host wants, with acceptable versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The plugin.
    pub id: PluginId,
    /// Acceptable versions.
    pub version: VersionReq,
}

impl Request {
    /// Any version of `id`.
    pub fn any(id: PluginId) -> Self {
        Self { id, version: VersionReq::STAR }
    }
}

/// The outcome: one manifest per plugin, and the load order.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The chosen version of every plugin to load, by id.
    pub selected: BTreeMap<PluginId, Manifest>,
    /// Load order: every plugin after all of its (present) dependencies.
    pub order: Vec<PluginId>,
    /// What the host should know.
    pub warnings: Vec<ResolveWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Required,
    Optional,
    Peer,
}

#[derive(Debug, Clone)]
struct Constraint {
    by: Requirer,
    range: VersionReq,
    features: Vec<String>,
    kind: Kind,
}

impl Constraint {
    fn accepts(&self, manifest: &Manifest) -> bool {
        self.range.matches(&manifest.version)
            && self.features.iter().all(|f| manifest.features.contains(f))
    }
}

/// Chosen so far: `Some(index into the plugin's versions)` or `None` (left out).
type Decisions = BTreeMap<PluginId, Option<usize>>;

#[derive(Debug, Clone, Default)]
struct State {
    decided: Decisions,
    constraints: BTreeMap<PluginId, Vec<Constraint>>,
    queue: VecDeque<PluginId>,
}

/// Resolves dependencies over a set of available plugin versions.
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    /// Every version of every plugin, newest first.
    available: BTreeMap<PluginId, Vec<&'a Manifest>>,
    host_api: Version,
    peers: PeerPolicy,
    /// Decisions allowed before giving up.
    budget: usize,
}

/// Decisions tried before the search gives up.
const DEFAULT_BUDGET: usize = 100_000;

impl<'a> Resolver<'a> {
    /// A resolver over these manifests (several versions of one plugin are
    /// fine), for a host whose API version is `host_api`.
    pub fn new(available: impl IntoIterator<Item = &'a Manifest>, host_api: Version) -> Self {
        let mut by_id: BTreeMap<PluginId, Vec<&'a Manifest>> = BTreeMap::new();
        for manifest in available {
            by_id.entry(manifest.id.clone()).or_default().push(manifest);
        }
        for versions in by_id.values_mut() {
            versions.sort_by(|a, b| b.version.cmp(&a.version));
            versions.dedup_by(|a, b| a.version == b.version);
        }
        Self { available: by_id, host_api, peers: PeerPolicy::default(), budget: DEFAULT_BUDGET }
    }

    /// Sets what a missing peer dependency is.
    pub fn peer_policy(mut self, policy: PeerPolicy) -> Self {
        self.peers = policy;
        self
    }

    /// Picks versions for `roots` and everything they need.
    pub fn resolve(&self, roots: &[Request]) -> Result<Resolution, DependencyError> {
        let mut state = State::default();
        for root in roots {
            let constraint = Constraint {
                by: Requirer::Host,
                range: root.version.clone(),
                features: Vec::new(),
                kind: Kind::Required,
            };
            state.constraints.entry(root.id.clone()).or_default().push(constraint);
            state.queue.push_back(root.id.clone());
        }
        let mut steps = 0;
        self.solve(&mut state, &mut steps)?;
        let solved = state;
        let selected: BTreeMap<PluginId, Manifest> = solved
            .decided
            .iter()
            .filter_map(|(id, choice)| choice.map(|i| (id.clone(), self.available[id][i].clone())))
            .collect();
        let warnings = self.check_left_out(&solved)?;
        let order = load_order(&selected)?;
        Ok(Resolution { selected, order, warnings })
    }

    /// Decides the next plugin in the queue and recurses. Works on one state
    /// in place: every change is undone before a failed branch returns, so
    /// backtracking costs no copies.
    fn solve(&self, state: &mut State, steps: &mut usize) -> Result<(), DependencyError> {
        let mut skipped = Vec::new();
        let id = loop {
            match state.queue.pop_front() {
                None => return Ok(()),
                Some(id) if state.decided.contains_key(&id) => skipped.push(id),
                Some(id) => break id,
            }
        };
        let result = self.decide(state, &id, steps);
        if result.is_err() {
            state.queue.push_front(id);
            for id in skipped.into_iter().rev() {
                state.queue.push_front(id);
            }
        }
        result
    }

    fn decide(
        &self,
        state: &mut State,
        id: &PluginId,
        steps: &mut usize,
    ) -> Result<(), DependencyError> {
        let constraints = state.constraints.get(id).cloned().unwrap_or_default();
        let versions = self.available.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let mut options: Vec<Option<usize>> = versions
            .iter()
            .enumerate()
            .filter(|(_, m)| constraints.iter().all(|c| c.accepts(m)) && self.host_accepts(m))
            .map(|(i, _)| Some(i))
            .collect();
        if constraints.iter().all(|c| c.kind != Kind::Required) {
            options.push(None);
        }
        if options.is_empty() {
            return Err(self.explain(id, &constraints));
        }
        let mut first_failure = None;
        for option in options {
            *steps += 1;
            if *steps > self.budget {
                return Err(DependencyError::TooComplex { steps: *steps });
            }
            let queue_len = state.queue.len();
            let mut added = Vec::new();
            state.decided.insert(id.clone(), option);
            let attempt = match option {
                Some(index) => self.add_dependencies(state, versions[index], &mut added),
                None => Ok(()),
            };
            match attempt.and_then(|()| self.solve(state, steps)) {
                Ok(()) => return Ok(()),
                Err(e @ DependencyError::TooComplex { .. }) => return Err(e),
                Err(e) => {
                    first_failure.get_or_insert(e);
                }
            }
            // Undo this option.
            state.queue.truncate(queue_len);
            for dep in added.into_iter().rev() {
                let list = state.constraints.get_mut(&dep).expect("added above");
                list.pop();
                if list.is_empty() {
                    state.constraints.remove(&dep);
                }
            }
            state.decided.remove(id);
        }
        Err(first_failure.expect("at least one option was tried"))
    }

    /// Records `manifest`'s dependencies as constraints (listing each id in
    /// `added`, to undo); fails if one contradicts a decision already made.
    fn add_dependencies(
        &self,
        state: &mut State,
        manifest: &Manifest,
        added: &mut Vec<PluginId>,
    ) -> Result<(), DependencyError> {
        let by = Requirer::Plugin(manifest.id.clone(), manifest.version.clone());
        for dep in &manifest.dependencies {
            let constraint = constraint(dep, by.clone());
            let contradicts = match state.decided.get(&dep.id) {
                Some(Some(index)) => !constraint.accepts(self.available[&dep.id][*index]),
                Some(None) => constraint.kind == Kind::Required,
                None => false,
            };
            if contradicts {
                let mut all = state.constraints.get(&dep.id).cloned().unwrap_or_default();
                all.push(constraint);
                return Err(self.explain(&dep.id, &all));
            }
            if !state.decided.contains_key(&dep.id) && constraint.kind != Kind::Peer {
                state.queue.push_back(dep.id.clone());
            }
            state.constraints.entry(dep.id.clone()).or_default().push(constraint);
            added.push(dep.id.clone());
        }
        Ok(())
    }

    fn host_accepts(&self, manifest: &Manifest) -> bool {
        manifest.requires.host_api.matches(&self.host_api)
    }

    /// Optional dependencies left out, and peers nothing brought in.
    fn check_left_out(&self, solved: &State) -> Result<Vec<ResolveWarning>, DependencyError> {
        let mut warnings = Vec::new();
        let mut seen = BTreeSet::new();
        for (id, constraints) in &solved.constraints {
            if matches!(solved.decided.get(id), Some(Some(_))) {
                continue;
            }
            for c in constraints {
                if !seen.insert((id.clone(), c.by.to_string())) {
                    continue;
                }
                match c.kind {
                    Kind::Optional => warnings.push(ResolveWarning::OptionalSkipped {
                        plugin: id.clone(),
                        required_by: c.by.clone(),
                    }),
                    Kind::Peer if self.peers == PeerPolicy::Error => {
                        return Err(DependencyError::PeerMissing {
                            plugin: id.clone(),
                            range: c.range.clone(),
                            required_by: c.by.clone(),
                        })
                    }
                    Kind::Peer => warnings.push(ResolveWarning::PeerMissing {
                        plugin: id.clone(),
                        range: c.range.clone(),
                        required_by: c.by.clone(),
                    }),
                    Kind::Required => {}
                }
            }
        }
        Ok(warnings)
    }

    /// The most useful explanation of why no version of `id` fits.
    fn explain(&self, id: &PluginId, constraints: &[Constraint]) -> DependencyError {
        let versions = self.available.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let available: Vec<Version> = versions.iter().rev().map(|m| m.version.clone()).collect();
        let first = constraints
            .iter()
            .find(|c| c.kind == Kind::Required)
            .or(constraints.first())
            .expect("a plugin is only decided when something asks for it");
        if versions.is_empty() {
            return DependencyError::Missing {
                plugin: id.clone(),
                range: first.range.clone(),
                required_by: first.by.clone(),
            };
        }
        for c in constraints {
            if !versions.iter().any(|m| c.range.matches(&m.version)) {
                return DependencyError::NoMatchingVersion {
                    plugin: id.clone(),
                    range: c.range.clone(),
                    required_by: c.by.clone(),
                    available,
                };
            }
        }
        for (i, a) in constraints.iter().enumerate() {
            for b in &constraints[i + 1..] {
                if !versions
                    .iter()
                    .any(|m| a.range.matches(&m.version) && b.range.matches(&m.version))
                {
                    return DependencyError::Conflict {
                        plugin: id.clone(),
                        first: a.range.clone(),
                        first_by: a.by.clone(),
                        second: b.range.clone(),
                        second_by: b.by.clone(),
                        available,
                    };
                }
            }
        }
        let in_range: Vec<&&Manifest> = versions
            .iter()
            .filter(|m| constraints.iter().all(|c| c.range.matches(&m.version)))
            .collect();
        if let Some(c) = constraints.iter().find(|c| !in_range.iter().any(|m| c.accepts(m))) {
            return DependencyError::MissingFeatures {
                plugin: id.clone(),
                features: c.features.clone(),
                required_by: c.by.clone(),
            };
        }
        match in_range.iter().find(|m| !self.host_accepts(m)) {
            Some(m) => DependencyError::HostApi {
                plugin: id.clone(),
                version: m.version.clone(),
                requires: m.requires.host_api.clone(),
                host: self.host_api.clone(),
            },
            // Every version fits on its own terms: a decision elsewhere ruled them out.
            None => DependencyError::Conflict {
                plugin: id.clone(),
                first: first.range.clone(),
                first_by: first.by.clone(),
                second: constraints.last().map_or(VersionReq::STAR, |c| c.range.clone()),
                second_by: constraints.last().map_or(Requirer::Host, |c| c.by.clone()),
                available,
            },
        }
    }
}

fn constraint(dep: &Dependency, by: Requirer) -> Constraint {
    let kind = if dep.peer {
        Kind::Peer
    } else if dep.optional {
        Kind::Optional
    } else {
        Kind::Required
    };
    Constraint { by, range: dep.version.clone(), features: dep.features.clone(), kind }
}
