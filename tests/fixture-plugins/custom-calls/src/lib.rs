//! Test fixture: the custom API `test.counter`.
//!
//! | function | input | output |
//! |---|---|---|
//! | `add` | JSON `{"by": n}` | JSON `{"total": t}`, the running total |
//! | `echo` | any bytes | the same bytes |
//! | `fail` | anything | an error with code `plugin_error` |
//! | `version` | nothing | its crate version, as text |
//! | `slow` | JSON `{"spins": n}` | its version, after n rounds of busy work |
//!
//! The total is its state: saved and restored across restarts and updates.
//! `custom-calls-v2` and `-v3` build this same file as versions 0.2.0 and
//! 0.3.0 of the same plugin (v3 also requests `system.info`), for the update
//! tests.

use annex_sdk::{Plugin, PluginError};
use serde_json::{json, Value};

/// The plugin.
#[derive(Debug, Default)]
pub struct CustomCalls {
    total: i64,
}

impl Plugin for CustomCalls {
    fn save_state(&mut self) -> Option<Vec<u8>> {
        Some(self.total.to_string().into_bytes())
    }

    fn restore_state(&mut self, state: &[u8]) -> Result<(), PluginError> {
        let text =
            std::str::from_utf8(state).map_err(|e| PluginError::bad_request(e.to_string()))?;
        self.total = text.parse().map_err(|e| PluginError::bad_request(format!("{e}")))?;
        Ok(())
    }

    fn call_custom(
        &mut self,
        _api: &str,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, PluginError> {
        match function {
            "add" => {
                let input: Value = serde_json::from_slice(input)
                    .map_err(|e| PluginError::bad_request(format!("`add` takes JSON: {e}")))?;
                let by = input["by"]
                    .as_i64()
                    .ok_or_else(|| PluginError::bad_request("`add` needs an integer `by`"))?;
                self.total += by;
                Ok(json!({ "total": self.total }).to_string().into_bytes())
            }
            "echo" => Ok(input.to_vec()),
            "version" => Ok(env!("CARGO_PKG_VERSION").as_bytes().to_vec()),
            "slow" => {
                let input: Value = serde_json::from_slice(input)
                    .map_err(|e| PluginError::bad_request(format!("`slow` takes JSON: {e}")))?;
                let mut x = 1u64;
                for i in 0..input["spins"].as_u64().unwrap_or(0) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
                }
                std::hint::black_box(x);
                Ok(env!("CARGO_PKG_VERSION").as_bytes().to_vec())
            }
            "fail" => Err(PluginError::plugin("failed on request")),
            other => {
                Err(PluginError::unsupported(format!("test.counter has no function `{other}`")))
            }
        }
    }
}

annex_sdk::export_plugin!(CustomCalls);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;

    use super::*;

    #[test]
    fn adds_echoes_and_fails_through_the_abi() {
        let mut h = Harness::<CustomCalls>::new().unwrap();
        let out = h.call_custom("test.counter", "add", br#"{"by": 3}"#).unwrap();
        assert_eq!(out, br#"{"total":3}"#);
        let out = h.call_custom("test.counter", "add", br#"{"by": -1}"#).unwrap();
        assert_eq!(out, br#"{"total":2}"#);
        assert_eq!(h.call_custom("test.counter", "echo", &[0, 255, 7]).unwrap(), [0, 255, 7]);
        assert_eq!(
            h.call_custom("test.counter", "fail", b"").unwrap_err().code,
            ErrorCode::PluginError
        );
        let unknown = h.call_custom("test.counter", "nope", b"").unwrap_err();
        assert_eq!(unknown.code, ErrorCode::Unsupported);
        assert!(unknown.message.contains("no function `nope`"), "{unknown}");
    }

    #[test]
    fn an_api_the_manifest_does_not_declare_never_reaches_the_plugin() {
        let mut h = Harness::<CustomCalls>::new().unwrap();
        let error = h.call_custom("other.api", "add", br#"{"by": 1}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::Unsupported);
        assert!(error.message.contains("declares: test.counter"), "{error}");
        assert_eq!(
            h.call_custom("test.counter", "add", br#"{"by": 0}"#).unwrap(),
            br#"{"total":0}"#
        );
    }

    #[test]
    fn its_total_survives_a_restart_through_its_state() {
        let mut h = Harness::<CustomCalls>::new().unwrap();
        h.call_custom("test.counter", "add", br#"{"by": 5}"#).unwrap();
        let state = h.save_state().unwrap().unwrap();
        let mut h = h.restart().unwrap();
        h.restore_state(state).unwrap();
        assert_eq!(
            h.call_custom("test.counter", "add", br#"{"by": 1}"#).unwrap(),
            br#"{"total":6}"#
        );
    }
}
