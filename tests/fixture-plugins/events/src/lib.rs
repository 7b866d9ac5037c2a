//! Test fixture: subscribes to `ping` (always) and `single` (once). On `ping`
//! it emits `pong` with the same data plus the SHA-256 of `data.text` and a
//! compress/decompress round trip of it; on `single` it emits `single.seen`.

use annex_sdk::host::{events, util};
use annex_sdk::{Event, InitContext, Plugin, PluginError};
use serde_json::json;

/// The plugin.
#[derive(Debug, Default)]
pub struct Events;

impl Plugin for Events {
    fn initialize(&mut self, _ctx: &InitContext) -> Result<(), PluginError> {
        events::subscribe("ping")?;
        events::once("single")?;
        Ok(())
    }

    fn on_event(&mut self, event: &Event) -> Result<(), PluginError> {
        match event.event_type.as_str() {
            "ping" => {
                let text = event.data["text"].as_str().unwrap_or_default();
                let sha: String =
                    util::sha256(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
                let packed = util::compress(text.as_bytes());
                let unpacked = util::decompress(&packed)?;
                events::emit(
                    "pong",
                    &json!({"echo": event.data, "sha256": sha, "round_trip": unpacked == text.as_bytes()}),
                )?;
            }
            "single" => events::emit("single.seen", &event.data)?,
            other => events::emit("unexpected", &json!({"type": other}))?,
        }
        Ok(())
    }
}

annex_sdk::export_plugin!(Events);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use serde_json::json;

    use super::Events;

    #[test]
    fn answers_pings_with_hash_and_round_trip() {
        let mut h = Harness::<Events>::new().unwrap();
        assert_eq!(h.host().subscriptions(), ["ping", "single"]);
        h.deliver("ping", json!({"text": "abc"})).unwrap();
        let (event_type, data) = h.host().emitted().pop().unwrap();
        assert_eq!(event_type, "pong");
        assert_eq!(
            data["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(data["round_trip"], true);
    }
}
