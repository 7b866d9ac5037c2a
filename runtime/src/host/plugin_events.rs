//! Events between plugins and the host: subscriptions and delivery.
//!
//! A plugin subscribes to event types through its host functions; an event
//! (emitted by the host application or by a plugin) is delivered to every
//! running plugin subscribed to its type, except the plugin that emitted it,
//! and reported on the host's event stream. A `once` subscription ends after
//! its first delivery.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use annex_protocol::api::events::{valid_event_type, Event};
use annex_protocol::message::WorkerMessage;
use annex_protocol::PluginId;

use super::{HostShared, PluginHost};
use crate::events::EventKind;
use crate::{Error, Result};

/// Who receives which event types.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    by_type: RefCell<BTreeMap<String, Vec<(PluginId, bool)>>>,
}

impl Subscriptions {
    /// Subscribes or unsubscribes; a new type past `max` for the plugin is
    /// refused (its worker refuses those first: this holds if it did not).
    fn set(
        &self,
        event_type: &str,
        plugin: &PluginId,
        subscribe: bool,
        once: bool,
        max: u32,
    ) -> bool {
        let mut by_type = self.by_type.borrow_mut();
        let has = |list: &Vec<(PluginId, bool)>| list.iter().any(|(p, _)| p == plugin);
        let known = by_type.get(event_type).is_some_and(has);
        if subscribe && !known && by_type.values().filter(|l| has(l)).count() >= max as usize {
            return false;
        }
        let list = by_type.entry(event_type.to_owned()).or_default();
        list.retain(|(p, _)| p != plugin);
        if subscribe {
            list.push((plugin.clone(), once));
        } else if list.is_empty() {
            by_type.remove(event_type);
        }
        true
    }

    /// Subscribers of `event_type` other than `except`; `once` ones are removed.
    fn take_receivers(&self, event_type: &str, except: Option<&PluginId>) -> Vec<PluginId> {
        let mut by_type = self.by_type.borrow_mut();
        let Some(list) = by_type.get_mut(event_type) else { return Vec::new() };
        let receivers: Vec<PluginId> =
            list.iter().filter(|(p, _)| Some(p) != except).map(|(p, _)| p.clone()).collect();
        list.retain(|(p, once)| !(*once && receivers.contains(p)));
        if list.is_empty() {
            by_type.remove(event_type);
        }
        receivers
    }

    /// Forgets every subscription of a plugin.
    pub(crate) fn forget(&self, plugin: &PluginId) {
        let mut by_type = self.by_type.borrow_mut();
        for list in by_type.values_mut() {
            list.retain(|(p, _)| p != plugin);
        }
        by_type.retain(|_, list| !list.is_empty());
    }

    fn list(&self) -> Vec<(String, PluginId)> {
        let by_type = self.by_type.borrow();
        by_type
            .iter()
            .flat_map(|(t, list)| list.iter().map(|(p, _)| (t.clone(), p.clone())))
            .collect()
    }
}

impl HostShared {
    /// Handles what a plugin's worker sends on its own.
    pub(crate) fn on_plugin_message(self: &Rc<Self>, from: &PluginId, message: WorkerMessage) {
        match message {
            WorkerMessage::Subscription { event_type, subscribe, once } => {
                let max = self.env.config.limits.max_subscriptions;
                if !self.subscriptions.set(&event_type, from, subscribe, once, max) {
                    crate::js::warn(&format!(
                        "annex: plugin {from}: subscription to `{event_type}` ignored: \
                         it has {max} already, the limit"
                    ));
                }
            }
            WorkerMessage::Emitted { event_type, data } => {
                self.deliver(Event { event_type, data, source: Some(from.clone()) });
            }
            WorkerMessage::Throttled { what, refused } => {
                if let Some(plugin) = self.plugins.borrow().get(from).cloned() {
                    plugin.record_throttled(&what, refused);
                }
                self.events.emit(Some(from), EventKind::Throttled { what, refused });
            }
            WorkerMessage::Refused { permission, refused } => {
                self.events.emit(Some(from), EventKind::PermissionRefused { permission, refused });
            }
            _ => {}
        }
    }

    /// Reports an event and delivers it to its subscribers.
    fn deliver(self: &Rc<Self>, event: Event) {
        self.events.emit(
            event.source.as_ref(),
            EventKind::PluginEvent {
                event_type: event.event_type.clone(),
                data: event.data.clone(),
            },
        );
        for receiver in self.subscriptions.take_receivers(&event.event_type, event.source.as_ref())
        {
            let Some(plugin) = self.plugins.borrow().get(&receiver).cloned() else { continue };
            plugin.deliver_event(event.clone());
        }
    }
}

impl PluginHost {
    /// Emits an event from the host application to the plugins subscribed to
    /// its type (`a-z`, `0-9`, `.`, `-`, `_`, `:`; at most 64 characters).
    pub fn emit(&self, event_type: &str, data: serde_json::Value) -> Result<()> {
        if !valid_event_type(event_type) {
            return Err(Error::InvalidInput(format!("`{event_type}` is not an event type")));
        }
        self.shared.deliver(Event { event_type: event_type.to_owned(), data, source: None });
        Ok(())
    }

    /// Every subscription: event type and plugin.
    pub fn subscriptions(&self) -> Vec<(String, PluginId)> {
        self.shared.subscriptions.list()
    }
}
