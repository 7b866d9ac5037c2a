//! What a call asks the plugin to do, read from the hook data's `action`.

use annex_sdk::PluginError;
use serde_json::Value;

/// One of the three things the plugin does on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Answer normally, counting the call.
    Work,
    /// Never answer: loop until the host's call budget runs out and it
    /// terminates the worker.
    Hang,
    /// Panic; the worker reports the message and the host stops the plugin.
    Crash,
}

impl Action {
    /// Every action, as the data spells it.
    pub const NAMES: [&'static str; 3] = ["work", "hang", "crash"];

    /// The action named by `data["action"]`.
    pub fn from_data(data: &Value) -> Result<Self, PluginError> {
        match data["action"].as_str() {
            Some("work") => Ok(Self::Work),
            Some("hang") => Ok(Self::Hang),
            Some("crash") => Ok(Self::Crash),
            Some(other) => Err(PluginError::bad_request(format!(
                "unknown action `{other}` (expected one of {})",
                Self::NAMES.join(", ")
            ))),
            None => Err(PluginError::bad_request(
                "the hook data needs an `action` string: work, hang or crash",
            )),
        }
    }
}

/// The counter of answered `work` calls, as it crosses a restart: four
/// bytes, little endian.
pub fn encode_count(count: u32) -> Vec<u8> {
    count.to_le_bytes().to_vec()
}

/// Reads back what [`encode_count`] wrote.
pub fn decode_count(state: &[u8]) -> Result<u32, PluginError> {
    let bytes: [u8; 4] = state.try_into().map_err(|_| {
        PluginError::bad_request(format!("saved state is {} bytes, not 4", state.len()))
    })?;
    Ok(u32::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_the_three_actions_and_refuses_others() {
        assert_eq!(Action::from_data(&json!({"action": "work"})).unwrap(), Action::Work);
        assert_eq!(Action::from_data(&json!({"action": "hang"})).unwrap(), Action::Hang);
        assert_eq!(Action::from_data(&json!({"action": "crash"})).unwrap(), Action::Crash);
        let unknown = Action::from_data(&json!({"action": "dance"})).unwrap_err();
        assert_eq!(unknown.message, "unknown action `dance` (expected one of work, hang, crash)");
        assert!(Action::from_data(&json!({})).unwrap_err().message.contains("`action`"));
    }

    #[test]
    fn the_count_round_trips_and_bad_state_is_refused() {
        assert_eq!(decode_count(&encode_count(70_000)).unwrap(), 70_000);
        assert!(decode_count(&[1, 2]).unwrap_err().message.contains("2 bytes"));
    }
}
