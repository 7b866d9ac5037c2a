//! Events between plugins and the host. A plugin receives (in
//! [`crate::Plugin::on_event`]) only the event types it subscribed to.

use super::{data, imp};
use crate::Result;

/// Emits an event to the host and every other plugin subscribed to its type
/// (`a-z`, `0-9`, `.`, `-`, `_`, `:`; at most 64 characters).
pub fn emit(event_type: &str, data_json: &serde_json::Value) -> Result<()> {
    let json = serde_json::to_vec(data_json).expect("JSON values serialize");
    data(imp::events_emit(event_type, &json)).map(drop)
}

/// Receives every event of this type from now on.
pub fn subscribe(event_type: &str) -> Result<()> {
    data(imp::events_subscribe(event_type, false)).map(drop)
}

/// Receives only the next event of this type.
pub fn once(event_type: &str) -> Result<()> {
    data(imp::events_subscribe(event_type, true)).map(drop)
}

/// Stops receiving this type.
pub fn unsubscribe(event_type: &str) -> Result<()> {
    data(imp::events_unsubscribe(event_type)).map(drop)
}
