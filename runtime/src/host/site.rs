//! The host as its plugins see it: [`Site`] for [`HostShared`].

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use annex_protocol::manifest::HookName;
use annex_protocol::message::WorkerMessage;
use annex_protocol::PluginId;
use futures::future::{FutureExt, LocalBoxFuture};
use serde_json::Value;

use super::HostShared;
use crate::events::EventBus;
use crate::hooks::{has_handlers, run_hook, HookRun};
use crate::permissions::GrantStore;
use crate::plugin::{Env, Site};
use crate::{Plugin, Result};

impl Site for HostShared {
    fn env(&self) -> Rc<Env> {
        self.env.clone()
    }

    fn events(&self) -> Rc<EventBus> {
        self.events.clone()
    }

    fn registry(&self) -> &RefCell<BTreeMap<PluginId, Plugin>> {
        &self.plugins
    }

    fn grant_store(&self) -> Option<&GrantStore> {
        self.grant_store.as_ref()
    }

    fn on_plugin_message(self: Rc<Self>, from: &PluginId, message: WorkerMessage) {
        HostShared::on_plugin_message(&self, from, message);
    }

    fn forget_subscriptions(&self, plugin: &PluginId) {
        self.subscriptions.forget(plugin);
    }

    fn run_hook<'a>(
        &'a self,
        hook: &'a HookName,
        data: Value,
    ) -> LocalBoxFuture<'a, Result<HookRun>> {
        run_hook(self, hook, data).boxed_local()
    }

    fn has_handlers(&self, hook: &HookName) -> bool {
        has_handlers(self, hook)
    }
}
