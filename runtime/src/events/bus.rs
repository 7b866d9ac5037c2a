//! The event bus: subscribers, the most recent events, and waiting for the
//! next event about one plugin.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::{Rc, Weak};

use annex_protocol::PluginId;
use futures::channel::oneshot;

use super::{EventKind, HostEvent};

type Listener = Rc<dyn Fn(&HostEvent)>;

/// Delivers events to subscribers and keeps the most recent ones.
pub struct EventBus {
    listeners: RefCell<Vec<(u64, Listener)>>,
    next_id: Cell<u64>,
    recent: RefCell<VecDeque<HostEvent>>,
    keep: usize,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBus").field("listeners", &self.listeners.borrow().len()).finish()
    }
}

impl EventBus {
    /// A bus keeping the last `keep` events.
    pub(crate) fn new(keep: usize) -> Rc<Self> {
        Rc::new(Self {
            listeners: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
            recent: RefCell::new(VecDeque::with_capacity(keep)),
            keep,
        })
    }

    /// Calls `listener` for every future event until the returned
    /// [`Subscription`] is dropped.
    pub fn subscribe(self: &Rc<Self>, listener: impl Fn(&HostEvent) + 'static) -> Subscription {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.listeners.borrow_mut().push((id, Rc::new(listener)));
        Subscription { bus: Rc::downgrade(self), id }
    }

    /// Resolves at the next event about plugin `id`, whatever its kind: how
    /// a caller waits for a loading plugin to settle without polling. It
    /// listens from this call on, so an event emitted before the first poll
    /// still counts.
    pub fn next_about(self: &Rc<Self>, id: &PluginId) -> impl Future<Output = ()> + 'static {
        let (sender, receiver) = oneshot::channel::<()>();
        let sender = Cell::new(Some(sender));
        let id = id.clone();
        let subscription = self.subscribe(move |event| {
            if event.plugin.as_ref() == Some(&id) {
                if let Some(sender) = sender.take() {
                    let _ = sender.send(());
                }
            }
        });
        async move {
            let _ = receiver.await;
            drop(subscription);
        }
    }

    /// The most recent events, oldest first.
    pub fn recent(&self) -> Vec<HostEvent> {
        self.recent.borrow().iter().cloned().collect()
    }

    pub(crate) fn emit(&self, plugin: Option<&PluginId>, kind: EventKind) {
        let event = HostEvent { at_ms: crate::js::now_ms(), plugin: plugin.cloned(), kind };
        {
            let mut recent = self.recent.borrow_mut();
            if recent.len() == self.keep {
                recent.pop_front();
            }
            recent.push_back(event.clone());
        }
        // Listeners may subscribe or unsubscribe while we call them.
        let listeners: Vec<Listener> =
            self.listeners.borrow().iter().map(|(_, l)| l.clone()).collect();
        for listener in listeners {
            listener(&event);
        }
    }
}

/// Keeps a listener subscribed; dropping it unsubscribes.
#[derive(Debug)]
#[must_use = "dropping a Subscription unsubscribes at once"]
pub struct Subscription {
    bus: Weak<EventBus>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(bus) = self.bus.upgrade() {
            bus.listeners.borrow_mut().retain(|(id, _)| *id != self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> PluginId {
        "dev.annex.x".parse().unwrap()
    }

    #[test]
    fn subscribers_get_events_until_they_drop_their_subscription() {
        let bus = EventBus::new(10);
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        let subscription = bus.subscribe(move |e| sink.borrow_mut().push(e.kind.clone()));
        bus.emit(Some(&id()), EventKind::ConfigUpdated);
        drop(subscription);
        bus.emit(Some(&id()), EventKind::Unloaded);
        assert_eq!(*seen.borrow(), [EventKind::ConfigUpdated]);
    }

    #[test]
    fn next_about_waits_for_an_event_about_that_plugin_only() {
        use futures::FutureExt;
        let bus = EventBus::new(4);
        let other: PluginId = "dev.annex.other".parse().unwrap();
        let mut next = Box::pin(bus.next_about(&id()));
        bus.emit(Some(&other), EventKind::ConfigUpdated);
        bus.emit(None, EventKind::ConfigUpdated);
        assert!((&mut next).now_or_never().is_none(), "woken by an event about someone else");
        // Emitted before the next poll: still seen.
        bus.emit(Some(&id()), EventKind::Unloaded);
        assert!(next.now_or_never().is_some());
        assert_eq!(bus.listeners.borrow().len(), 0, "the listener is gone once it resolved");
    }

    #[test]
    fn recent_keeps_the_last_events_in_order() {
        let bus = EventBus::new(2);
        for source in ["a", "b", "c"] {
            bus.emit(None, EventKind::LoadStarted { source: source.into() });
        }
        let kinds: Vec<EventKind> = bus.recent().into_iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::LoadStarted { source: "b".into() },
                EventKind::LoadStarted { source: "c".into() }
            ]
        );
    }

    #[test]
    fn a_listener_may_subscribe_while_being_called() {
        let bus = EventBus::new(4);
        let inner = Rc::new(RefCell::new(None));
        let (bus2, slot) = (bus.clone(), inner.clone());
        let _outer = bus.subscribe(move |_| {
            *slot.borrow_mut() = Some(bus2.subscribe(|_| {}));
        });
        bus.emit(None, EventKind::Unloaded);
        assert!(inner.borrow().is_some());
    }
}
