//! Test fixture: a plugin whose module imports `annex.system_info`, which needs
//! the `system.info` permission. Its `cores` filter writes the browser's
//! `navigator.hardwareConcurrency` into the red channel of every pixel.

use annex_sdk::{host, CanvasFilter, Filter, Image, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct SysInfo;

impl Plugin for SysInfo {}

impl CanvasFilter for SysInfo {
    fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        let info = host::system_info()?;
        let cores = info.hardware_concurrency.min(255) as u8;
        for px in image.pixels_mut() {
            px[0] = cores;
        }
        Ok(())
    }
}

annex_sdk::export_plugin!(SysInfo);

#[cfg(test)]
mod tests {
    use annex_sdk::host::SystemInfo;
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter, Permission};

    use super::SysInfo;

    fn cores() -> Filter {
        Filter::Custom { name: "cores".into(), params: Default::default() }
    }

    #[test]
    fn paints_the_core_count_from_the_host() {
        let mut harness = Harness::<SysInfo>::new().unwrap();
        harness
            .host()
            .set_system_info(SystemInfo { hardware_concurrency: 6, ..Default::default() });
        let mut pixels = vec![0, 1, 2, 3];
        harness.apply_filter(&cores(), 1, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [6, 1, 2, 3]);
    }

    #[test]
    fn a_revoked_permission_is_a_permission_error() {
        let mut harness = Harness::<SysInfo>::new().unwrap();
        harness.host().revoke(&Permission::SystemInfo);
        let err = harness.apply_filter(&cores(), 1, 1, &mut vec![0; 4]).unwrap_err();
        assert_eq!(err.code, ErrorCode::PermissionDenied);
        assert!(err.message.contains("system.info"), "{err}");
    }
}
