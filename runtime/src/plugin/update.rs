//! Updating a registered plugin to another build without reloading the page
//! (a dev server's rebuild, a newer catalog entry), and rolling back.
//!
//! In order: the new module is the same plugin (id) from the same publisher;
//! its permissions are decided (those the running version holds keep their
//! state; new ones go through the policy, and an approval request names the
//! running version, so a prompt can show what is new); its imports must be
//! covered by what was granted; the current configuration must satisfy its
//! schema. Any of these failing rejects the update and the old version keeps
//! running. Then the swap: new calls wait, calls already sent finish on the
//! old instance (its worker answers in order), the old instance saves its
//! state, a new worker starts the new version, gets the state, and takes
//! over; the old worker stops.
//! A new version that fails to start leaves the old one running.

use std::rc::Rc;

use annex_protocol::manifest::resolve_config;
use annex_protocol::message::InitRequest;
use futures::channel::oneshot;
use futures::future::{FutureExt, Shared};
use serde_json::{Map, Value};

use super::Prepared;
use super::{Plugin, Retired};
use crate::events::{DependencyChange, EventKind};
use crate::lifecycle::StatusKind;
use crate::permissions::{self, PermissionStatus};
use crate::{Error, Result};

/// Resolves when a swap is over; calls made meanwhile wait for it.
pub(crate) type SwapGate = Shared<oneshot::Receiver<()>>;

/// What an update (or a rollback) did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateOutcome {
    /// The version before.
    pub from: semver::Version,
    /// The version now.
    pub to: semver::Version,
    /// Whether the old instance's saved state reached the new one.
    pub state_restored: bool,
}

/// A version to move to, with what was decided for it.
struct Target {
    prepared: Rc<Prepared>,
    permissions: Vec<PermissionStatus>,
    config: Map<String, Value>,
}

impl Plugin {
    /// Waits while an update swaps the plugin's worker.
    pub(super) async fn wait_for_swap(&self) {
        let gate = self.inner.swap.borrow().clone();
        if let Some(gate) = gate {
            let _ = gate.await;
        }
    }

    /// Whether an update is swapping the worker right now.
    pub fn updating(&self) -> bool {
        self.inner.swap.borrow().is_some()
    }

    /// Updates the plugin to `prepared`, a checked and compiled build of
    /// the same plugin. `Ok(None)` when it already runs exactly that build.
    pub(crate) async fn update_to(&self, prepared: Rc<Prepared>) -> Result<Option<UpdateOutcome>> {
        if prepared.sha256 == self.module_sha256() {
            return Ok(None);
        }
        let (from, to) = (self.version(), prepared.manifest.version.clone());
        let reject = |reason: String| Error::UpdateRejected {
            plugin: self.id().clone(),
            from: Box::new(from.clone()),
            to: Box::new(to.clone()),
            reason,
        };
        self.check_updatable(&prepared).map_err(|r| self.rejected(reject(r)))?;
        self.emit(EventKind::UpdateStarted { from: from.clone(), to: to.clone() });
        let target = self.decide_target(prepared).await.map_err(|r| self.rejected(reject(r)))?;
        let outcome =
            self.swap(target, false).await.map_err(|e| self.rejected(reject(e.to_string())))?;
        Ok(Some(outcome))
    }

    /// Goes back to the version the last update replaced, with the
    /// permissions it had; the version replaced now is kept in its place, so
    /// a second rollback goes forward again.
    pub async fn rollback(&self) -> Result<UpdateOutcome> {
        let Some(retired) = self.inner.previous.borrow().clone() else {
            return Err(Error::InvalidInput(format!(
                "plugin {} has no earlier version to roll back to",
                self.id()
            )));
        };
        let (from, to) = (self.version(), retired.prepared.manifest.version.clone());
        let reject = |reason: String| Error::UpdateRejected {
            plugin: self.id().clone(),
            from: Box::new(from.clone()),
            to: Box::new(to.clone()),
            reason,
        };
        let config =
            resolve_config(&retired.prepared.manifest.config, &Value::Object(self.config()))
                .map_err(|errors| self.rejected(reject(config_problem(&errors))))?;
        let target =
            Target { prepared: retired.prepared, permissions: retired.permissions, config };
        self.swap(target, true).await.map_err(|e| self.rejected(reject(e.to_string())))
    }

    fn rejected(&self, error: Error) -> Error {
        if let Error::UpdateRejected { from, to, .. } = &error {
            let (from, to) = ((**from).clone(), (**to).clone());
            self.emit(EventKind::UpdateRejected { from, to, error: error.clone() });
        }
        error
    }

    /// Same plugin, same publisher, a status an update can work from.
    fn check_updatable(&self, prepared: &Prepared) -> std::result::Result<(), String> {
        if prepared.manifest.id != *self.id() {
            return Err(format!("the new module is another plugin ({})", prepared.manifest.id));
        }
        let publisher = self.publisher();
        if prepared.publisher.0 != publisher {
            return Err(format!(
                "the new module is published by {}, the running one by {publisher}",
                prepared.publisher.0
            ));
        }
        if self.updating() {
            return Err("another update is under way".into());
        }
        match self.status().kind() {
            StatusKind::Active | StatusKind::Parked | StatusKind::Disabled | StatusKind::Error => {
                Ok(())
            }
            other => Err(format!("it is {}", other.as_str())),
        }
    }

    /// Permissions, grants against imports, configuration: what the new
    /// version would run with, or why it cannot.
    async fn decide_target(&self, prepared: Rc<Prepared>) -> std::result::Result<Target, String> {
        let site = self.site().ok_or("its host is gone")?;
        let config = &self.inner.env.config;
        let running = self.permissions();
        let decided = permissions::decide_update(
            &prepared.manifest,
            &prepared.publisher,
            &config.permissions,
            config.approver.as_ref(),
            site.grant_store(),
            &self.inner.events,
            (&self.version(), &running),
        )
        .await;
        // What the new version asks for beyond the running one must be granted.
        let refused: Vec<String> = decided
            .statuses
            .iter()
            .filter(|s| !s.state.is_granted())
            .filter(|s| !running.iter().any(|r| r.permission == s.permission))
            .map(|s| format!("`{}`", s.permission))
            .collect();
        if !refused.is_empty() {
            return Err(format!(
                "it asks for {}, which {} not granted",
                refused.join(", "),
                if refused.len() == 1 { "was" } else { "were" }
            ));
        }
        super::check_grants(&prepared.manifest, &prepared.imports, &decided.grants)
            .map_err(|e| e.to_string())?;
        let config = resolve_config(&prepared.manifest.config, &Value::Object(self.config()))
            .map_err(|errors| config_problem(&errors))?;
        Ok(Target { prepared, permissions: decided.statuses, config })
    }

    /// Moves to `target`: through a worker swap when running, else by
    /// replacing what its next start uses.
    async fn swap(&self, target: Target, rollback: bool) -> Result<UpdateOutcome> {
        let (sender, receiver) = oneshot::channel::<()>();
        *self.inner.swap.borrow_mut() = Some(receiver.shared());
        let running = self.status().kind() == StatusKind::Active;
        let from = self.version();
        let swapped = if running { self.swap_running(&target).await } else { Ok(()) };
        let outcome = match swapped {
            Ok(()) => {
                self.install(target);
                // Before any waiting call reaches the new instance.
                let state_restored = running && self.restore_state().await;
                Ok(UpdateOutcome { from, to: self.version(), state_restored })
            }
            Err(error) => Err(error),
        };
        *self.inner.swap.borrow_mut() = None;
        let _ = sender.send(());
        let outcome = outcome?;
        self.emit(EventKind::Updated {
            from: outcome.from.clone(),
            to: outcome.to.clone(),
            state_restored: outcome.state_restored,
            rollback,
        });
        let change =
            DependencyChange::VersionChanged { from: outcome.from.clone(), to: outcome.to.clone() };
        self.notify_dependents(change);
        Ok(outcome)
    }

    /// The running instance finishes its calls and saves its state; a new
    /// worker starts `target`. On success the new worker is the plugin's
    /// (the version is installed by the caller).
    async fn swap_running(&self, target: &Target) -> Result<()> {
        // The worker answers in the order it was asked, so the state is
        // saved after every call sent before the swap began has finished.
        self.save_state().await;
        let generation = self.inner.generation.get() + 1;
        let budget = self.init_budget();
        let connection = self.open_worker(generation, budget).await?;
        let grants: Vec<_> = target
            .permissions
            .iter()
            .filter(|s| s.state.is_granted())
            .map(|s| s.permission.clone())
            .collect();
        let suspension = self.inner.env.config.suspension;
        let limits = self.limits_of(&target.prepared);
        let namespace = target.prepared.storage_namespace();
        let started = async {
            let module = &target.prepared.module;
            connection
                .instantiate(module, namespace, grants.clone(), limits, suspension, budget)
                .await?;
            let init =
                InitRequest { plugin: self.id().clone(), grants, config: target.config.clone() };
            connection.init(init, budget).await
        };
        if let Err(error) = started.await {
            connection.fail(error.clone());
            return Err(error);
        }
        // From here on the new worker is the plugin's; the old one's end is
        // not a crash.
        self.inner.generation.set(generation);
        let old = self.inner.state.borrow_mut().connection.replace(connection);
        if let Some(old) = old {
            old.fail(Error::Terminated {
                plugin: self.id().clone(),
                reason: format!("replaced by version {}", target.prepared.manifest.version),
            });
        }
        Ok(())
    }

    /// Makes `target` the installed version, keeping the one it replaces.
    fn install(&self, target: Target) {
        let replaced = Retired {
            prepared: self.inner.installed.borrow().clone(),
            permissions: self.permissions(),
        };
        *self.inner.previous.borrow_mut() = Some(replaced);
        *self.inner.installed.borrow_mut() = target.prepared.clone();
        *self.inner.permissions.borrow_mut() = target.permissions;
        let mut state = self.inner.state.borrow_mut();
        if state.module.is_some() {
            state.module = Some(target.prepared.module.clone());
        }
        state.config = target.config;
    }
}

fn config_problem(errors: &[annex_protocol::manifest::FieldError]) -> String {
    let problems: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    format!("its configuration does not fit the new schema: {}", problems.join("; "))
}
