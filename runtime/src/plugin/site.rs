//! What a plugin asks of the host it belongs to, as a trait: the host
//! implements it and a plugin holds it weakly, so `plugin` does not depend
//! on `host` (which owns the plugins).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use annex_protocol::manifest::HookName;
use annex_protocol::message::WorkerMessage;
use annex_protocol::PluginId;
use futures::future::LocalBoxFuture;
use serde_json::Value;

use super::Env;
use crate::events::EventBus;
use crate::hooks::HookRun;
use crate::permissions::GrantStore;
use crate::{Plugin, Result};

pub(crate) trait Site {
    /// What every plugin of the host needs to start a worker.
    fn env(&self) -> Rc<Env>;
    /// The host's event stream.
    fn events(&self) -> Rc<EventBus>;
    /// Every registered plugin, by id.
    fn registry(&self) -> &RefCell<BTreeMap<PluginId, Plugin>>;
    /// Where permission decisions are remembered, when that is enabled.
    fn grant_store(&self) -> Option<&GrantStore>;
    /// Handles what a plugin's worker sends on its own (events, subscriptions).
    fn on_plugin_message(self: Rc<Self>, from: &PluginId, message: WorkerMessage);
    /// The plugin is gone: its event subscriptions go too.
    fn forget_subscriptions(&self, plugin: &PluginId);
    /// Runs `hook` over the host's active plugins that subscribe to it.
    fn run_hook<'a>(
        &'a self,
        hook: &'a HookName,
        data: Value,
    ) -> LocalBoxFuture<'a, Result<HookRun>>;
    /// Whether an active plugin subscribes to `hook`.
    fn has_handlers(&self, hook: &HookName) -> bool;
}
