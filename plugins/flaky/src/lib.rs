//! Flaky: a plugin that breaks on request, for the demo's broken-plugin page.
//!
//! It answers the hook point `custom:flaky.call`; the hook data's `action`
//! says what to do: `work` counts the call and answers with the count,
//! `hang` loops forever (the host's call budget runs out, the worker is
//! terminated and the supervisor restarts the plugin), `crash` panics (the
//! worker reports the panic message, the plugin is stopped and restarted).
//! The count crosses restarts through `save_state`/`restore_state`.

mod action;

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::{json, Value};

pub use action::Action;

/// The message a `crash` panics with.
pub const CRASH_MESSAGE: &str = "flaky crashed on purpose";

/// The plugin: how many `work` calls it answered, restarts included.
#[derive(Debug, Default)]
pub struct Flaky {
    count: u32,
}

impl Plugin for Flaky {
    fn save_state(&mut self) -> Option<Vec<u8>> {
        Some(action::encode_count(self.count))
    }

    fn restore_state(&mut self, state: &[u8]) -> Result<(), PluginError> {
        self.count = action::decode_count(state)?;
        Ok(())
    }
}

impl Hooks for Flaky {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        match Action::from_data(data)? {
            Action::Work => {
                self.count = self.count.saturating_add(1);
                Ok(HookOutcome::Modify { data: json!({ "action": "work", "count": self.count }) })
            }
            Action::Hang => loop {
                std::hint::spin_loop();
            },
            Action::Crash => panic!("{CRASH_MESSAGE}"),
        }
    }
}

annex_sdk::export_plugin!(Flaky);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, HookOutcome};
    use serde_json::json;

    use super::{Flaky, CRASH_MESSAGE};

    const HOOK: &str = "custom:flaky.call";

    fn work(harness: &mut Harness<Flaky>) -> serde_json::Value {
        match harness.run_hook(HOOK, json!({"action": "work"})).unwrap() {
            HookOutcome::Modify { data } => data,
            other => panic!("work answered {other:?}"),
        }
    }

    #[test]
    fn work_answers_with_a_growing_count() {
        let mut harness = Harness::<Flaky>::new().unwrap();
        assert_eq!(work(&mut harness), json!({"action": "work", "count": 1}));
        assert_eq!(work(&mut harness)["count"], 2);
    }

    #[test]
    fn the_count_survives_a_restart_through_saved_state() {
        let mut harness = Harness::<Flaky>::new().unwrap();
        work(&mut harness);
        work(&mut harness);
        let state = harness.save_state().unwrap().expect("it saves its count");
        let mut restarted = harness.restart().unwrap();
        restarted.restore_state(state).unwrap();
        assert_eq!(work(&mut restarted)["count"], 3);
    }

    #[test]
    fn crash_is_a_panic_with_its_message_and_unknown_actions_are_refused() {
        let mut harness = Harness::<Flaky>::new().unwrap();
        let err = harness.run_hook(HOOK, json!({"action": "crash"})).unwrap_err();
        assert_eq!((err.code, err.message.as_str()), (ErrorCode::Panic, CRASH_MESSAGE));
        let err = harness.run_hook(HOOK, json!({"action": "nap"})).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert!(harness.restore_state(vec![1]).is_err(), "a 1-byte state is not a count");
    }

    #[test]
    fn the_manifest_subscribes_to_its_hook_and_waits_to_be_asked() {
        let harness = Harness::<Flaky>::new().unwrap();
        let manifest = harness.manifest();
        assert_eq!(manifest.id.as_str(), "dev.annex.flaky");
        assert!(manifest.hooks.iter().any(|h| h.hook.as_str() == HOOK));
        assert_eq!(manifest.loading.strategy.to_string(), "on_demand");
    }
}
