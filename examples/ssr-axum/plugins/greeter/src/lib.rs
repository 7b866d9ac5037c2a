//! Greeter: a plugin with a custom API, `greeter`, that the host app calls
//! with `plugin.custom("greeter")?.call_json("greet", &json!({"name": "Ada"}))`.
//!
//! | function | input | output |
//! |---|---|---|
//! | `greet` | `{"name": "Ada"}` | `{"message": "Hello, Ada!", "count": 1}` |
//!
//! `count` is how many greetings it has given: its state, handed to the next
//! instance when the host restarts or updates the plugin.

use annex_sdk::{Plugin, PluginError};
use serde::Deserialize;
use serde_json::json;

/// How it greets.
pub const GREETING: &str = "Hello";

/// The plugin.
#[derive(Debug, Default)]
pub struct Greeter {
    count: u64,
}

#[derive(Deserialize)]
struct GreetInput {
    name: String,
}

impl Plugin for Greeter {
    fn save_state(&mut self) -> Option<Vec<u8>> {
        Some(self.count.to_string().into_bytes())
    }

    fn restore_state(&mut self, state: &[u8]) -> Result<(), PluginError> {
        let count = std::str::from_utf8(state).ok().and_then(|s| s.parse().ok());
        self.count = count.ok_or_else(|| PluginError::bad_request("state is not a count"))?;
        Ok(())
    }

    fn call_custom(
        &mut self,
        _api: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, PluginError> {
        match function {
            "greet" => {
                let input: GreetInput = serde_json::from_slice(input).map_err(|e| {
                    PluginError::bad_request(format!("greet takes {{\"name\": …}}: {e}"))
                })?;
                self.count += 1;
                let message = format!("{GREETING}, {}!", input.name);
                Ok(json!({ "message": message, "count": self.count }).to_string().into_bytes())
            }
            other => Err(PluginError::unsupported(format!("greeter has no function `{other}`"))),
        }
    }
}

annex_sdk::export_plugin!(Greeter);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;
    use serde_json::Value;

    use super::*;

    fn greet(h: &mut Harness<Greeter>, name: &str) -> Value {
        let input = json!({ "name": name }).to_string();
        serde_json::from_slice(&h.call_custom("greeter", "greet", input.as_bytes()).unwrap())
            .unwrap()
    }

    #[test]
    fn greets_and_counts() {
        let mut h = Harness::<Greeter>::new().unwrap();
        assert_eq!(greet(&mut h, "Ada"), json!({"message": "Hello, Ada!", "count": 1}));
        assert_eq!(greet(&mut h, "Grace")["count"], 2);
    }

    #[test]
    fn the_count_survives_a_restart_through_its_state() {
        let mut h = Harness::<Greeter>::new().unwrap();
        greet(&mut h, "Ada");
        let state = h.save_state().unwrap().unwrap();
        let mut h = h.restart().unwrap();
        h.restore_state(state).unwrap();
        assert_eq!(greet(&mut h, "Ada")["count"], 2);
    }

    #[test]
    fn bad_input_and_unknown_functions_are_errors() {
        let mut h = Harness::<Greeter>::new().unwrap();
        let bad = h.call_custom("greeter", "greet", b"not json").unwrap_err();
        assert_eq!(bad.code, ErrorCode::BadRequest);
        let unknown = h.call_custom("greeter", "shout", b"{}").unwrap_err();
        assert_eq!(unknown.code, ErrorCode::Unsupported);
    }
}
