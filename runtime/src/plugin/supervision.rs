//! The supervisor: crashed plugins start again, with back-off, from their
//! compiled module, and get their saved state back; a plugin that keeps
//! crashing is disabled with the reason.
//!
//! State comes back two ways: what the plugin stored (storage survives any
//! restart by itself), and what it hands over through the lifecycle hooks
//! `save_state`/`restore_state`. The host asks for a checkpoint after calls
//! (at most once per [`SupervisionConfig::checkpoint_every`]) and before it
//! parks or stops a plugin; after a restart the last checkpoint is restored.

use std::time::Duration;

use annex_protocol::message::{PluginRequest, PluginResponse};
use js_sys::Uint8Array;

use super::Plugin;
use crate::events::EventKind;
use crate::lifecycle::{PluginStatus, StatusKind};
use crate::Error;

/// How the host supervises plugins. See [`crate::HostConfig::supervision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SupervisionConfig {
    /// Whether crashed plugins are restarted at all. Default: yes.
    pub restart: bool,
    /// Restarts allowed within [`SupervisionConfig::window`]; one more crash
    /// disables the plugin. Default: 3.
    pub max_restarts: u32,
    /// The window restarts are counted in. Default: 60 s.
    pub window: Duration,
    /// Wait before the first restart; it doubles with each restart in the
    /// window. Default: 200 ms.
    pub backoff: Duration,
    /// Longest wait. Default: 5 s.
    pub max_backoff: Duration,
    /// Shortest time between two state checkpoints of one plugin. Default: 1 s.
    pub checkpoint_every: Duration,
}

impl Default for SupervisionConfig {
    fn default() -> Self {
        Self {
            restart: true,
            max_restarts: 3,
            window: Duration::from_secs(60),
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            checkpoint_every: Duration::from_secs(1),
        }
    }
}

impl SupervisionConfig {
    /// The wait before restart number `attempt` (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

impl Plugin {
    fn supervision(&self) -> SupervisionConfig {
        self.inner.env.config.supervision
    }

    /// Called after a crash: schedules a restart, or disables the plugin when
    /// its restart budget is spent.
    pub(super) fn supervise(&self, error: &Error) {
        let config = self.supervision();
        if !config.restart {
            return;
        }
        let now = crate::js::now_ms();
        let attempt = {
            let mut crashes = self.inner.crashes.borrow_mut();
            crashes.retain(|&at| now - at < config.window.as_secs_f64() * 1000.0);
            crashes.push(now);
            crashes.len() as u32
        };
        if attempt > config.max_restarts {
            let reason = Error::RestartBudgetSpent {
                plugin: self.id().clone(),
                crashes: attempt,
                window: config.window,
                last: Box::new(error.clone()),
            };
            self.record_crash(&reason);
            let _ = self.set_status(PluginStatus::Disabled(Some(reason)), "disable");
            return;
        }
        let delay = config.delay(attempt);
        self.emit(EventKind::RestartScheduled { attempt, delay_ms: delay.as_millis() as u64 });
        let plugin = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::sleep(delay).await;
            // Reloaded, disabled or unloaded meanwhile: not ours to restart.
            if plugin.status().kind() != StatusKind::Error || plugin.site().is_none() {
                return;
            }
            match plugin.activate(crate::js::now_ms()).await {
                Ok(()) => {
                    plugin.record_restart();
                    let state_restored = plugin.restore_state().await;
                    plugin.emit(EventKind::Restarted { attempt, state_restored });
                }
                // It failed to start: that counts as a crash too.
                Err(error) => plugin.supervise(&error),
            }
        });
    }

    /// Asks the plugin for a checkpoint if the last one is old enough; runs
    /// after the call that prompted it, without delaying its caller.
    pub(super) fn checkpoint_soon(&self) {
        let now = crate::js::now_ms();
        let every = self.supervision().checkpoint_every.as_secs_f64() * 1000.0;
        if now - self.inner.last_checkpoint_ms.get() < every {
            return;
        }
        self.inner.last_checkpoint_ms.set(now);
        let plugin = self.clone();
        wasm_bindgen_futures::spawn_local(async move { plugin.save_state().await });
    }

    /// Asks the running plugin for its state and keeps it. Failures are
    /// logged: the previous checkpoint stays.
    pub(super) async fn save_state(&self) {
        let Ok(connection) = self.running_connection("save state") else { return };
        match connection.call(PluginRequest::SaveState, None, self.call_budget()).await {
            Ok((PluginResponse::State { saved: true }, Some(bytes))) => {
                // Its worker refuses a larger one first; this holds if it did not.
                let max = self.inner.env.config.limits.max_state_bytes;
                if u64::from(bytes.byte_length()) > max {
                    crate::js::warn(&format!(
                        "annex: plugin {}: its saved state is {} bytes, more than {max}; \
                         the previous checkpoint stays",
                        self.id(),
                        bytes.byte_length()
                    ));
                    return;
                }
                *self.inner.saved_state.borrow_mut() = Some(Uint8Array::new(&bytes).to_vec());
            }
            Ok((PluginResponse::State { saved: false }, _)) => {}
            Ok((other, _)) => crate::js::warn(&format!(
                "annex: plugin {}: save_state answered {other:?}",
                self.id()
            )),
            Err(error) => crate::js::warn(&format!("annex: {error} (while saving its state)")),
        }
    }

    /// Hands the last checkpoint to the (re)started plugin; whether there was one.
    pub(super) async fn restore_state(&self) -> bool {
        let Some(state) = self.inner.saved_state.borrow().clone() else { return false };
        let payload = Uint8Array::from(&state[..]).buffer();
        let Ok(connection) = self.running_connection("restore state") else { return false };
        let budget = self.call_budget();
        match connection.call(PluginRequest::RestoreState, Some(payload), budget).await {
            Ok(_) => true,
            Err(error) => {
                crate::js::warn(&format!("annex: {error} (while restoring its state)"));
                false
            }
        }
    }

    /// The state saved at the last checkpoint, as the plugin encoded it.
    pub fn saved_state(&self) -> Option<Vec<u8>> {
        self.inner.saved_state.borrow().clone()
    }

    /// How many times the supervisor restarted it within the current window.
    pub fn recent_crashes(&self) -> usize {
        self.inner.crashes.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let config = SupervisionConfig::default();
        let delays: Vec<u128> = (1..=7).map(|a| config.delay(a).as_millis()).collect();
        assert_eq!(delays, [200, 400, 800, 1600, 3200, 5000, 5000]);
    }
}
