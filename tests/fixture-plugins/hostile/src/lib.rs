//! Test fixture: a canvas-filter plugin that misbehaves on request.
//!
//! Filters: `spin` never returns, `panic` panics with a known message, `trap`
//! executes `unreachable` without panicking, `identity` behaves.

use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct Hostile;

impl Plugin for Hostile {}

impl CanvasFilter for Hostile {
    fn apply(&mut self, filter: &Filter, _image: &mut Image<'_>) -> Result<(), PluginError> {
        match filter.name() {
            "spin" => loop {
                std::hint::spin_loop();
            },
            "panic" => panic!("hostile plugin panicked on purpose"),
            "trap" => trap(),
            _ => Ok(()),
        }
    }
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

#[cfg(test)]
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
}
