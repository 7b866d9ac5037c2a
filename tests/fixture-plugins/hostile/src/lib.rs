//! Test fixture: a plugin that misbehaves on request.
//!
//! Filters: `spin` never returns; `panic` panics with a known message; `trap`
//! executes `unreachable` without panicking; `alloc` allocates until memory
//! runs out; `recurse` recurses until the stack overflows; `flood` emits
//! 10 000 events and writes how many were accepted (u32, little endian) into
//! the first pixel; `count` adds one to a counter it keeps across restarts
//! (through `save_state`/`restore_state`) and writes it into the first pixel;
//! `subscribe-flood` subscribes to 50 000 event types and writes how many
//! were accepted; `log-huge` writes one 4 MiB log line; `panic-huge` panics
//! with a 4 MiB message; `state-huge` makes every later `save_state` hand
//! over 4 MiB; `saves` writes how many times `save_state` ran; `listen`
//! subscribes to `arena.ping`, `received` writes how many of those arrived;
//! `bignum-event` emits an event whose data holds 2^64 - 1; `identity`
//! behaves. On the hook `custom:hostile.huge` it answers with
//! `{"blob": <1.5 MiB string>}`, on `custom:hostile.bignum` with
//! `{"n": 2^64 - 1}` (no JS number holds it). Its configuration `hang_in`
//! (`initialize`, `on_event`, `hook`, `save_state`, `cleanup`) makes it
//! spin there for seconds instead.

use annex_sdk::{
    CanvasFilter, Event, Filter, HookName, HookOutcome, Hooks, Image, InitContext, Plugin,
    PluginError,
};

/// Four MiB: larger than every per-message limit the host sets by default.
const HUGE: usize = 4 << 20;

/// The plugin.
#[derive(Debug, Default)]
pub struct Hostile {
    count: u32,
    huge_state: bool,
    saves: u32,
    received: u32,
    hang_in: String,
}

impl Hostile {
    /// Spins when configured to hang in `phase`: six billion steps,
    /// seconds past every budget the tests set in every engine, but not
    /// forever. In WebKit a worker terminated while it spins seems to keep
    /// its core: after five hang tests no new worker could start there on
    /// two cores, so a hang that never ended starved the tests after it.
    fn hang_in(&self, phase: &str) {
        if self.hang_in == phase {
            let mut step: u64 = 0;
            while std::hint::black_box(step) < 6_000_000_000 {
                step += 1;
            }
        }
    }
}

impl Plugin for Hostile {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.hang_in = ctx.config.get("hang_in")?;
        self.hang_in("initialize");
        Ok(())
    }

    fn cleanup(&mut self) -> Result<(), PluginError> {
        self.hang_in("cleanup");
        Ok(())
    }

    fn save_state(&mut self) -> Option<Vec<u8>> {
        self.hang_in("save_state");
        self.saves += 1;
        if self.huge_state {
            return Some(vec![7; HUGE]);
        }
        Some(self.count.to_le_bytes().to_vec())
    }

    fn on_event(&mut self, event: &Event) -> Result<(), PluginError> {
        self.hang_in("on_event");
        if event.event_type == "arena.ping" {
            self.received += 1;
        }
        Ok(())
    }

    fn restore_state(&mut self, state: &[u8]) -> Result<(), PluginError> {
        let bytes: [u8; 4] =
            state.try_into().map_err(|_| PluginError::bad_request("state is not 4 bytes"))?;
        self.count = u32::from_le_bytes(bytes);
        Ok(())
    }
}

impl CanvasFilter for Hostile {
    fn apply(&mut self, filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        match filter.name() {
            "spin" => loop {
                std::hint::spin_loop();
            },
            "panic" => panic!("hostile plugin panicked on purpose"),
            "trap" => trap(),
            "alloc" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "recurse" => {
                let depth = recurse(std::hint::black_box(0));
                write_u32(image, depth as u32);
            }
            "flood" => {
                let accepted = (0..10_000)
                    .filter(|i| {
                        annex_sdk::host::events::emit("hostile.flood", &serde_json::json!(i))
                            .is_ok()
                    })
                    .count();
                write_u32(image, accepted as u32);
            }
            "count" => {
                self.count += 1;
                write_u32(image, self.count);
            }
            "subscribe-flood" => {
                let accepted = (0..50_000)
                    .filter(|i| annex_sdk::host::events::subscribe(&format!("flood.{i}")).is_ok())
                    .count();
                write_u32(image, accepted as u32);
            }
            "log-huge" => annex_sdk::host::info(&"x".repeat(HUGE)),
            "panic-huge" => panic!("{}", "y".repeat(HUGE)),
            "state-huge" => self.huge_state = true,
            "saves" => write_u32(image, self.saves),
            "listen" => annex_sdk::host::events::subscribe("arena.ping")?,
            "received" => write_u32(image, self.received),
            "bignum-event" => {
                let refused = annex_sdk::host::events::emit(
                    "hostile.bignum",
                    &serde_json::json!({ "n": u64::MAX }),
                )
                .is_err();
                write_u32(image, u32::from(refused));
            }
            _ => {}
        }
        Ok(())
    }
}

impl Hooks for Hostile {
    fn on_hook(
        &mut self,
        hook: &HookName,
        _data: &serde_json::Value,
    ) -> Result<HookOutcome, PluginError> {
        self.hang_in("hook");
        if hook.to_string() == "custom:hostile.bignum" {
            return Ok(HookOutcome::Modify { data: serde_json::json!({ "n": u64::MAX }) });
        }
        let blob = "x".repeat(3 << 19);
        Ok(HookOutcome::Modify { data: serde_json::json!({ "blob": blob }) })
    }
}

fn write_u32(image: &mut Image<'_>, value: u32) {
    image.data_mut()[..4].copy_from_slice(&value.to_le_bytes());
}

/// Never returns: each frame waits on the next.
#[allow(unconditional_recursion)] // the point of the fixture
fn recurse(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 16]);
    recurse(depth + 1) + frame[3]
}

#[cfg(target_arch = "wasm32")]
fn trap() -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(not(target_arch = "wasm32"))]
fn trap() -> ! {
    std::process::abort()
}

annex_sdk::export_plugin!(Hostile);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter};

    use super::Hostile;

    #[test]
    fn a_panic_becomes_a_panic_error_with_its_message() {
        let mut harness = Harness::<Hostile>::new().unwrap();
        let filter = Filter::Custom { name: "panic".into(), params: Default::default() };
        let err = harness.apply_filter(&filter, 1, 1, &mut vec![0; 4]).unwrap_err();
        assert_eq!(err.code, ErrorCode::Panic);
        assert_eq!(err.message, "hostile plugin panicked on purpose");
    }

    #[test]
    fn the_counter_survives_a_save_and_restore() {
        let count = Filter::Custom { name: "count".into(), params: Default::default() };
        let mut harness = Harness::<Hostile>::new().unwrap();
        let mut px = vec![0; 4];
        harness.apply_filter(&count, 1, 1, &mut px).unwrap();
        harness.apply_filter(&count, 1, 1, &mut px).unwrap();
        let state = harness.save_state().unwrap().unwrap();
        let mut fresh = Harness::<Hostile>::new().unwrap();
        fresh.restore_state(state).unwrap();
        fresh.apply_filter(&count, 1, 1, &mut px).unwrap();
        assert_eq!(px, 3u32.to_le_bytes());
    }
}
