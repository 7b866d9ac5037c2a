//! Starting, stopping and reconfiguring a plugin.

use std::rc::Rc;
use std::time::Duration;

use annex_protocol::manifest::resolve_config;
use annex_protocol::message::{InitRequest, PluginRequest};

use super::{Inner, Plugin, Prepared};
use crate::events::{DependencyChange, EventKind};
use crate::lifecycle::{PluginStatus, StatusKind};
use crate::worker::{Callbacks, WorkerConnection};
use crate::{Error, Result};
use annex_protocol::message::WorkerLimits;

/// Longest time `cleanup` gets before a plugin is stopped anyway.
const CLEANUP_BUDGET: Duration = Duration::from_secs(1);

impl Plugin {
    /// Starts the plugin's worker and initializes it: Loading → Loaded → Active.
    /// On failure the plugin is left in [`PluginStatus::Error`].
    pub(crate) async fn activate(&self, started_ms: f64) -> Result<()> {
        self.set_status(PluginStatus::Loading, "load")?;
        self.start_worker().await?;
        self.set_status(PluginStatus::Active, "load")?;
        let duration_ms = crate::js::now_ms() - started_ms;
        self.record_load(duration_ms);
        self.emit(EventKind::LoadCompleted { duration_ms });
        let starts = self.inner.starts.get() + 1;
        self.inner.starts.set(starts);
        self.inner.last_call_ms.set(crate::js::now_ms());
        if starts > 1 {
            self.notify_dependents(DependencyChange::Restarted);
        }
        Ok(())
    }

    async fn start_worker(&self) -> Result<()> {
        let env = self.inner.env.clone();
        let module =
            self.inner.state.borrow().module.clone().ok_or_else(|| Error::InvalidState {
                plugin: self.id().clone(),
                status: StatusKind::Unloaded,
                operation: "start",
            })?;
        let budget = self.init_budget();
        let generation = self.inner.generation.get() + 1;
        self.inner.generation.set(generation);
        let connection = self
            .open_worker(generation, budget)
            .await
            .map_err(|e| self.failed_to_start(e, false))?;
        self.inner.state.borrow_mut().connection = Some(connection.clone());
        let grants: Vec<_> = self.grants().iter().cloned().collect();
        let (limits, namespace) = {
            let installed = self.inner.installed.borrow();
            (self.limits_of(&installed), installed.storage_namespace())
        };
        connection
            .instantiate(&module, namespace, grants.clone(), limits, env.config.suspension, budget)
            .await
            .map_err(|e| self.failed_to_start(e, false))?;
        self.set_status(PluginStatus::Loaded, "load")?;
        let init = InitRequest { plugin: self.id().clone(), grants, config: self.config() };
        connection.init(init, budget).await.map_err(|e| self.failed_to_start(e, true))?;
        Ok(())
    }

    /// A worker for this plugin (a warm one when the pool has it), reporting
    /// to it as worker `generation`: only the current generation's failures
    /// count as crashes, so a worker an update is starting (or has replaced)
    /// cannot stop the one running.
    pub(super) async fn open_worker(
        &self,
        generation: u32,
        budget: std::time::Duration,
    ) -> Result<WorkerConnection> {
        let env = self.inner.env.clone();
        let connection = match env.pool.take() {
            Some(warm) => {
                warm.assign(self.id().clone(), self.callbacks(generation));
                warm
            }
            None => {
                WorkerConnection::spawn(
                    self.id().clone(),
                    &env.config.worker_name(self.id().as_str()),
                    &env.config.worker,
                    &env.worker_module,
                    budget,
                    self.callbacks(generation),
                )
                .await?
            }
        };
        env.pool.refill(&env.config, &env.worker_module);
        Ok(connection)
    }

    /// What the worker connection reports to: crashes to this plugin (while
    /// its generation is the current one), the plugin's events and
    /// subscriptions to the host.
    fn callbacks(&self, generation: u32) -> Callbacks {
        let weak = Rc::downgrade(&self.inner);
        let on_failure = Box::new(move |error: &Error| {
            if let Some(inner) = weak.upgrade() {
                if inner.generation.get() == generation {
                    Plugin { inner }.crashed(error.clone());
                }
            }
        });
        let (site, id) = (self.inner.site.clone(), self.id().clone());
        let on_message = Box::new(move |message| {
            if let Some(site) = site.upgrade() {
                site.on_plugin_message(&id, message);
            }
        });
        Callbacks { on_failure, on_message }
    }

    /// The limits the worker enforces for `version`: the host's, tightened
    /// by its manifest's budgets where those are smaller.
    pub(super) fn limits_of(&self, version: &Prepared) -> WorkerLimits {
        let host = &self.inner.env.config.limits;
        let budgets = &version.manifest.loading.budgets;
        let mut limits = WorkerLimits {
            storage_quota_bytes: host.storage_quota_bytes,
            network: host.network.clone(),
            memory_max_bytes: version.memory.map(|m| m.max_bytes()),
            max_result_bytes: host.max_result_bytes,
            max_answer_bytes: host.max_answer_bytes,
            events_per_second: host.events_per_second,
            logs_per_second: host.logs_per_second,
            max_subscriptions: host.max_subscriptions,
            max_log_bytes: host.max_log_bytes,
            max_state_bytes: host.max_state_bytes,
        };
        if let Some(kb) = budgets.storage_kb {
            limits.storage_quota_bytes = limits.storage_quota_bytes.min(u64::from(kb) * 1024);
        }
        if let Some(rpm) = budgets.requests_per_minute {
            limits.network.requests_per_minute = limits.network.requests_per_minute.min(rpm);
        }
        limits
    }

    /// Stops the worker, records the error as the status and reports it.
    fn failed_to_start(&self, error: Error, in_init: bool) -> Error {
        self.stop_worker(error.clone());
        let _ = self.set_status(PluginStatus::Error(error.clone()), "load");
        let kind = if in_init {
            EventKind::InitFailed { error: error.clone() }
        } else {
            EventKind::LoadFailed { error: error.clone() }
        };
        self.emit(kind);
        error
    }

    /// An active plugin's worker died (timeout, trap, worker error): the
    /// plugin becomes [`PluginStatus::Error`]. Failures while starting are
    /// reported by the start-up path instead.
    pub(crate) fn crashed(&self, error: Error) {
        if self.status().kind() != StatusKind::Active {
            return;
        }
        // Status first: stopping the worker calls back here, and must find it done.
        let _ = self.set_status(PluginStatus::Error(error.clone()), "crash");
        self.stop_worker(error.clone());
        self.emit(EventKind::Crashed { error: error.clone() });
        self.record_crash(&error);
        self.notify_dependents(DependencyChange::Stopped);
        self.supervise(&error);
    }

    fn stop_worker(&self, reason: Error) {
        let connection = self.inner.state.borrow_mut().connection.take();
        if let Some(connection) = connection {
            connection.fail(reason);
        }
    }

    /// Stops the plugin's worker at once, without `cleanup`. Calls waiting on
    /// it fail with [`annex_protocol::ErrorCode::Terminated`] and `reason`; the
    /// plugin becomes [`PluginStatus::Error`] and can be loaded again.
    pub fn terminate(&self, reason: &str) {
        if !self.status().kind().has_worker() {
            return;
        }
        let error = Error::Terminated { plugin: self.id().clone(), reason: reason.to_owned() };
        let _ = self.set_status(PluginStatus::Error(error.clone()), "terminate");
        self.stop_worker(error);
        self.notify_dependents(DependencyChange::Stopped);
    }

    /// Stops the plugin (after its `cleanup`) but keeps it registered with its
    /// compiled module, so [`Plugin::enable`] restarts it without downloading
    /// or compiling again. Refused with [`Error::HasDependents`] while running
    /// plugins require it; see [`Plugin::disable_cascade`].
    pub async fn disable(&self) -> Result<()> {
        let status = self.status().kind();
        if !matches!(status, StatusKind::Active | StatusKind::Error) {
            return Err(Error::InvalidState {
                plugin: self.id().clone(),
                status,
                operation: "disable",
            });
        }
        self.refuse_if_required("disabled")?;
        if status == StatusKind::Active {
            self.save_state().await;
        }
        self.cleanup_quietly().await;
        self.set_status(PluginStatus::Disabled(None), "disable")?;
        self.stop_worker(self.stopped("it was disabled"));
        if status == StatusKind::Active {
            self.notify_dependents(DependencyChange::Stopped);
        }
        Ok(())
    }

    /// Disables the running plugins that require this one (theirs first, and
    /// so on), then this one.
    pub async fn disable_cascade(&self) -> Result<()> {
        for dependent in self.dependents(true) {
            Box::pin(dependent.disable_cascade()).await?;
        }
        self.disable().await
    }

    /// Parks an active plugin: its `cleanup` runs and its worker stops, but it
    /// stays registered and its next call starts it again from the compiled
    /// module. Plugins keep what they saved (storage) across a park.
    pub async fn park(&self) -> Result<()> {
        let status = self.status().kind();
        if status != StatusKind::Active {
            return Err(Error::InvalidState {
                plugin: self.id().clone(),
                status,
                operation: "park",
            });
        }
        self.save_state().await;
        self.cleanup_quietly().await;
        self.set_status(PluginStatus::Parked, "park")?;
        self.stop_worker(self.stopped("it was parked"));
        Ok(())
    }

    /// Starts a parked plugin again (what its next call does by itself).
    pub(crate) async fn unpark(&self) -> Result<()> {
        self.activate(crate::js::now_ms()).await?;
        self.restore_state().await;
        Ok(())
    }

    /// Starts a disabled plugin again from its compiled module.
    pub async fn enable(&self) -> Result<()> {
        let status = self.status().kind();
        if status != StatusKind::Disabled {
            return Err(Error::InvalidState {
                plugin: self.id().clone(),
                status,
                operation: "enable",
            });
        }
        // A fresh restart budget: someone decided to try again.
        self.inner.crashes.borrow_mut().clear();
        self.activate(crate::js::now_ms()).await?;
        self.restore_state().await;
        Ok(())
    }

    /// Runs the plugin's `cleanup`, stops its worker, forgets its compiled
    /// module and removes it from the host. This handle then reports
    /// [`StatusKind::Unloaded`]. Refused with [`Error::HasDependents`] while
    /// running plugins require it; see [`Plugin::unload_cascade`].
    pub async fn unload(&self) -> Result<()> {
        self.refuse_if_required("unloaded")?;
        self.unload_unchecked().await
    }

    /// Unloads the running plugins that require this one (theirs first, and so
    /// on), then this one.
    pub async fn unload_cascade(&self) -> Result<()> {
        for dependent in self.dependents(true) {
            Box::pin(dependent.unload_cascade()).await?;
        }
        self.unload().await
    }

    /// [`Plugin::unload`] without the dependents check (replacing a failed plugin).
    pub(crate) async fn unload_unchecked(&self) -> Result<()> {
        let status = self.status().kind();
        let was_running = status.has_worker();
        if matches!(status, StatusKind::Unloaded | StatusKind::Unloading) {
            return Err(Error::InvalidState {
                plugin: self.id().clone(),
                status,
                operation: "unload",
            });
        }
        self.cleanup_quietly().await;
        self.set_status(PluginStatus::Unloading, "unload")?;
        self.stop_worker(self.stopped("it was unloaded"));
        self.inner.env.fonts.release(self.id());
        self.inner.state.borrow_mut().module = None;
        self.set_status(PluginStatus::Unloaded, "unload")?;
        if let Some(site) = self.site() {
            let mut plugins = site.registry().borrow_mut();
            if plugins.get(self.id()) == Some(self) {
                plugins.remove(self.id());
            }
        }
        self.emit(EventKind::Unloaded);
        if let Some(site) = self.site() {
            site.forget_subscriptions(self.id());
        }
        if was_running {
            self.notify_dependents(DependencyChange::Stopped);
        }
        Ok(())
    }

    /// Asks the running plugin to reload (its `reload`: by default `cleanup`
    /// then `initialize`, with the current configuration).
    pub async fn reload(&self) -> Result<()> {
        self.call(PluginRequest::Reload, None).await.map(drop)
    }

    /// Replaces the configuration. It is checked against the manifest's schema
    /// first (every field problem is listed in [`Error::Config`]); a running
    /// plugin then checks it with `validate_config` and applies it with
    /// `update_config`. On any error the previous configuration stays. A
    /// disabled or failed plugin gets the new configuration when it starts.
    pub async fn update_config(&self, config: serde_json::Value) -> Result<()> {
        let config = resolve_config(&self.manifest().config, &config)
            .map_err(|errors| Error::Config { plugin: self.id().clone(), errors })?;
        match self.status().kind() {
            StatusKind::Active => {
                self.call(PluginRequest::UpdateConfig { config: config.clone() }, None).await?;
            }
            StatusKind::Disabled | StatusKind::Error => {}
            status => {
                return Err(Error::InvalidState {
                    plugin: self.id().clone(),
                    status,
                    operation: "update the configuration",
                })
            }
        }
        self.inner.state.borrow_mut().config = config;
        self.emit(EventKind::ConfigUpdated);
        Ok(())
    }

    /// Gives an active plugin a short chance to run `cleanup`; its errors are
    /// logged, not returned (the plugin is being stopped either way).
    async fn cleanup_quietly(&self) {
        if self.status().kind() != StatusKind::Active {
            return;
        }
        let Ok(connection) = self.running_connection("clean up") else { return };
        let budget = self.call_budget().min(CLEANUP_BUDGET);
        if let Err(error) = connection.call(PluginRequest::Cleanup, None, budget).await {
            crate::js::warn(&format!("annex: {error} (during cleanup; stopping it anyway)"));
        }
    }

    fn stopped(&self, why: &str) -> Error {
        Error::Terminated { plugin: self.id().clone(), reason: why.to_owned() }
    }
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin").field("id", &self.id).finish_non_exhaustive()
    }
}
