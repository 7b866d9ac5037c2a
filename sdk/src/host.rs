//! Safe wrappers over the host functions a plugin can call.
//!
//! On `wasm32` these call the worker's imports; natively they call the
//! thread's [`crate::testing::MockHost`], so plugin code runs unchanged in
//! `cargo test`. A gated function (one that needs a permission) only appears in
//! the plugin's import table when the plugin calls it, and the host refuses to
//! load a plugin whose imports need permissions it was not granted.

pub use annex_protocol::host_api::SystemInfo;
pub use annex_protocol::message::LogLevel;
use annex_protocol::Permission;

use crate::{Error, Result};

/// Writes a line to the host's log for this plugin. Needs no permission.
pub fn log(level: LogLevel, message: &str) {
    imp::log(level, message);
}

/// Logs at [`LogLevel::Info`].
pub fn info(message: &str) {
    log(LogLevel::Info, message);
}

/// Logs at [`LogLevel::Warn`].
pub fn warn(message: &str) {
    log(LogLevel::Warn, message);
}

/// Logs at [`LogLevel::Error`].
pub fn error(message: &str) {
    log(LogLevel::Error, message);
}

/// Facts about the visitor's browser. Needs permission `system.info`.
pub fn system_info() -> Result<SystemInfo> {
    let mut buf = vec![0u8; 256];
    loop {
        let len = imp::system_info(&mut buf);
        if len < 0 {
            return Err(Error::PermissionDenied(Permission::SystemInfo));
        }
        let len = len as usize;
        if len <= buf.len() {
            buf.truncate(len);
            break;
        }
        buf.resize(len, 0);
    }
    serde_json::from_slice(&buf).map_err(|e| Error::Malformed(e.to_string()))
}

/// Sends panic messages to the host before the plugin traps, so the host can
/// report the message instead of a bare `unreachable` trap.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| imp::panic(&info.to_string())));
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::LogLevel;

    #[link(wasm_import_module = "annex")]
    unsafe extern "C" {
        #[link_name = "log"]
        fn host_log(level: i32, ptr: *const u8, len: u32);
        #[link_name = "panic"]
        fn host_panic(ptr: *const u8, len: u32);
        #[link_name = "system_info"]
        fn host_system_info(ptr: *mut u8, cap: u32) -> i32;
    }

    pub fn log(level: LogLevel, message: &str) {
        let level = match level {
            LogLevel::Error => 0,
            LogLevel::Warn => 1,
            LogLevel::Info => 2,
            LogLevel::Debug => 3,
        };
        // SAFETY: the host only reads `len` bytes at `ptr`.
        unsafe { host_log(level, message.as_ptr(), message.len() as u32) }
    }

    pub fn panic(message: &str) {
        // SAFETY: the host only reads `len` bytes at `ptr`.
        unsafe { host_panic(message.as_ptr(), message.len() as u32) }
    }

    pub fn system_info(buf: &mut [u8]) -> i32 {
        // SAFETY: the host writes at most `cap` bytes at `ptr`.
        unsafe { host_system_info(buf.as_mut_ptr(), buf.len() as u32) }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::LogLevel;
    use crate::testing::MockHost;

    pub fn log(level: LogLevel, message: &str) {
        MockHost::current().record_log(level, message);
    }

    #[allow(dead_code)]
    pub fn panic(message: &str) {
        MockHost::current().record_panic(message);
    }

    pub fn system_info(buf: &mut [u8]) -> i32 {
        MockHost::current().answer_system_info(buf)
    }
}
