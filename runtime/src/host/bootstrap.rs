//! Carrying out load plans: bootstrap, idle work and route changes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use annex_protocol::manifest::{DeviceType, NetworkSpeed, Priority};
use annex_protocol::PluginId;
use futures::future::{abortable, join_all, AbortHandle};
use wasm_bindgen::JsCast;

use super::PluginHost;
use crate::events::EventKind;
use crate::planner::{plan, Action, Device, Phase, Plan, PlanItem};
use crate::{Error, Result};

/// What [`PluginHost::bootstrap`] did.
#[derive(Debug, Clone)]
pub struct BootstrapReport {
    /// The plan it carried out.
    pub plan: Plan,
    /// Plugins activated before it returned (the blocking ones).
    pub activated: Vec<PluginId>,
    /// Non-critical plugins that failed to load, and why.
    pub failed: Vec<(PluginId, Error)>,
    /// From the call to its return, in milliseconds.
    pub duration_ms: f64,
}

/// Preloads under way, by plugin, so a route change can cancel stale ones.
#[derive(Debug, Default)]
pub(crate) struct Preloads {
    running: RefCell<HashMap<PluginId, (Action, AbortHandle)>>,
}

impl PluginHost {
    /// Device facts from the browser: the kind from the viewport width and
    /// touch support, the network from the Network Information API where
    /// present.
    pub fn detect_device() -> Device {
        let Some(window) = web_sys::window() else { return Device::default() };
        let width = window.inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1024.0);
        let touch = window.navigator().max_touch_points() > 0;
        let kind = if width < 600.0 {
            DeviceType::Mobile
        } else if width < 1024.0 && touch {
            DeviceType::Tablet
        } else {
            DeviceType::Desktop
        };
        let network = js_sys::Reflect::get(&window.navigator(), &"connection".into())
            .ok()
            .filter(|c| !c.is_undefined())
            .and_then(|c| js_sys::Reflect::get(&c, &"effectiveType".into()).ok())
            .and_then(|t| t.as_string())
            .and_then(|t| NetworkSpeed::from_effective_type(&t));
        Device { kind: Some(kind), network }
    }

    /// Sets the device facts preload rules look at (see [`PluginHost::detect_device`]).
    pub fn set_device(&self, device: Device) {
        *self.shared.device.borrow_mut() = device;
    }

    /// The plan for the current catalog, route, roles and device.
    pub fn plan(&self, phase: Phase) -> Result<Plan> {
        let catalog = self.catalog().ok_or_else(|| {
            Error::InvalidInput("no catalog is set; call PluginHost::set_catalog first".into())
        })?;
        let context = self.shared.context.borrow().clone();
        Ok(plan(&catalog, &context, &self.shared.device.borrow(), phase))
    }

    /// Starts the host's plugins by the catalog's loading rules: blocking
    /// (eager) plugins are activated before this returns; parallel ones and
    /// matching preloads start alongside without being waited for; deferred
    /// ones start when the main thread is idle. A `critical` blocking plugin
    /// that fails fails the bootstrap ([`Error::Bootstrap`]); other failures
    /// are reported in [`BootstrapReport::failed`] and as events.
    pub async fn bootstrap(&self) -> Result<BootstrapReport> {
        let started = crate::js::now_ms();
        let plan = self.plan(Phase::Bootstrap)?;
        let (blocking, background): (Vec<&PlanItem>, Vec<&PlanItem>) =
            plan.items.iter().partition(|item| item.blocking);
        for item in &background {
            self.start_preload(item);
        }
        let outcomes = join_all(
            blocking.iter().map(|item| async move { (item, self.activate(&item.plugin).await) }),
        )
        .await;
        let mut activated = Vec::new();
        let mut failed = Vec::new();
        for (item, outcome) in outcomes {
            match outcome {
                Ok(_) => activated.push(item.plugin.clone()),
                Err(error) if item.priority == Priority::Critical => {
                    return Err(Error::Bootstrap {
                        plugin: item.plugin.clone(),
                        error: Box::new(error),
                    })
                }
                Err(error) => failed.push((item.plugin.clone(), error)),
            }
        }
        self.when_idle();
        Ok(BootstrapReport { plan, activated, failed, duration_ms: crate::js::now_ms() - started })
    }

    /// Follows a route change: sets the route, plans again, starts the
    /// preloads that now apply and cancels those that no longer do. Returns
    /// the new plan.
    pub fn navigate(&self, route: &str) -> Result<Plan> {
        self.set_route(route);
        let plan = self.plan(Phase::Idle)?;
        let wanted: Vec<&PluginId> = plan.items.iter().map(|i| &i.plugin).collect();
        let stale: Vec<(PluginId, AbortHandle)> = self
            .shared
            .preloads
            .running
            .borrow()
            .iter()
            .filter(|(id, _)| !wanted.contains(id))
            .map(|(id, (_, handle))| (id.clone(), handle.clone()))
            .collect();
        for (id, handle) in stale {
            handle.abort();
            self.shared.preloads.running.borrow_mut().remove(&id);
            let reason = format!("route {route} no longer asks for it");
            self.shared.events.emit(Some(&id), EventKind::PreloadCancelled { reason });
        }
        for item in &plan.items {
            self.start_preload(item);
        }
        Ok(plan)
    }

    /// Starts one plan item in the background, unless it is already running,
    /// under way, or done.
    fn start_preload(&self, item: &PlanItem) {
        let running = self.plugin(&item.plugin).is_some_and(|p| p.status().kind().has_worker());
        let already = self.shared.preloads.running.borrow().contains_key(&item.plugin);
        let compiled =
            self.catalog().and_then(|c| c.entry(item.plugin.as_str()).map(|e| e.sha256.clone()));
        let is_compiled =
            compiled.is_some_and(|sha| self.shared.compiled.borrow().contains_key(&sha));
        if running || already || (item.action != Action::Activate && is_compiled) {
            return;
        }
        self.shared.events.emit(
            Some(&item.plugin),
            EventKind::PreloadStarted { action: item.action, reason: item.reason.clone() },
        );
        let (host, id, action) = (self.clone(), item.plugin.clone(), item.action);
        let (task, handle) = abortable(async move {
            let outcome = match action {
                Action::Activate => host.activate(&id).await.map(drop),
                Action::Compile | Action::Fetch => host.prefetch(&id).await,
            };
            if let Err(error) = outcome {
                crate::js::warn(&format!("annex: preloading {id} failed: {error}"));
            }
            host.shared.preloads.running.borrow_mut().remove(&id);
        });
        self.shared.preloads.running.borrow_mut().insert(item.plugin.clone(), (action, handle));
        wasm_bindgen_futures::spawn_local(async move {
            let _ = task.await;
        });
    }

    /// Carries out the idle-phase plan (deferred plugins) when the main thread
    /// is next idle.
    fn when_idle(&self) {
        let weak = Rc::downgrade(&self.shared);
        on_idle(move || {
            let Some(shared) = weak.upgrade() else { return };
            let host = PluginHost { shared };
            if let Ok(plan) = host.plan(Phase::Idle) {
                for item in &plan.items {
                    host.start_preload(item);
                }
            }
        });
    }

    /// Preloads under way now: plugin and action.
    pub fn preloads(&self) -> Vec<(PluginId, Action)> {
        let running = self.shared.preloads.running.borrow();
        let mut list: Vec<(PluginId, Action)> =
            running.iter().map(|(id, (a, _))| (id.clone(), *a)).collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list
    }
}

/// Calls `f` once the main thread is idle (`requestIdleCallback`), or soon
/// where that does not exist.
fn on_idle(f: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let global = js_sys::global();
    let idle = js_sys::Reflect::get(&global, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request) => {
            let _ = request.call1(&global, &callback);
        }
        None => {
            let set_timeout = js_sys::Reflect::get(&global, &"setTimeout".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(set_timeout) = set_timeout {
                let _ = set_timeout.call2(&global, &callback, &0.into());
            }
        }
    }
}
