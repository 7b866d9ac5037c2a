//! What may wait on one plugin at once: calls waiting for its answer, and
//! events on their way to it. Both are capped ([`crate::PluginLimits`]'s
//! `max_pending_calls` and `max_events_in_flight`) so that a slow or stuck
//! plugin cannot make the host hold an unbounded queue for it.

use std::cell::Cell;

use annex_protocol::api::events::Event;
use annex_protocol::message::PluginRequest;
use annex_protocol::{ErrorCode, PluginError};

use super::Plugin;
use crate::events::EventKind;
use crate::worker::WorkerConnection;
use crate::{Error, Result};

/// Events on their way to one plugin, and how many were dropped.
#[derive(Debug)]
pub(super) struct Deliveries {
    in_flight: Cell<u32>,
    dropped: Cell<u64>,
    /// When a drop was last reported (ms): at most once a second.
    reported_ms: Cell<f64>,
}

impl Default for Deliveries {
    fn default() -> Self {
        Self { in_flight: Cell::new(0), dropped: Cell::new(0), reported_ms: Cell::new(f64::MIN) }
    }
}

impl Plugin {
    /// Refuses a call when `max_pending_calls` already wait on `connection`.
    pub(super) fn check_backlog(&self, connection: &WorkerConnection) -> Result<()> {
        let max = self.inner.env.config.limits.max_pending_calls;
        let waiting = connection.pending_calls();
        if waiting < max as usize {
            return Ok(());
        }
        Err(Error::Plugin {
            plugin: self.id().clone(),
            error: PluginError::new(
                ErrorCode::BudgetExceeded,
                format!(
                    "{waiting} calls are already waiting for its answer (the limit is {max}); \
                     this one was refused"
                ),
            ),
        })
    }

    /// Delivers `event` unless `max_events_in_flight` are already on their
    /// way to the plugin; a dropped one is counted, and reported (an
    /// [`EventKind::Throttled`] with `what: "deliveries"`) at most once a second.
    pub(crate) fn deliver_event(&self, event: Event) {
        let max = self.inner.env.config.limits.max_events_in_flight;
        let deliveries = &self.inner.deliveries;
        if deliveries.in_flight.get() >= max {
            let dropped = deliveries.dropped.get() + 1;
            deliveries.dropped.set(dropped);
            let now = crate::js::now_ms();
            if now - deliveries.reported_ms.get() >= 1000.0 {
                deliveries.reported_ms.set(now);
                self.record_dropped_deliveries(dropped, max);
                self.emit(EventKind::Throttled { what: "deliveries".into(), refused: dropped });
            }
            return;
        }
        deliveries.in_flight.set(deliveries.in_flight.get() + 1);
        let plugin = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = plugin.call(PluginRequest::Event(event), None).await;
            let in_flight = &plugin.inner.deliveries.in_flight;
            in_flight.set(in_flight.get() - 1);
            if let Err(error) = result {
                crate::js::warn(&format!("annex: delivering an event: {error}"));
            }
        });
    }

    /// Events dropped on their way to it since it was registered.
    pub fn dropped_events(&self) -> u64 {
        self.inner.deliveries.dropped.get()
    }
}
