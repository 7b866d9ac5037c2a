//! Safe wrappers over the host functions a plugin can call.
//!
//! On `wasm32` these call the worker's imports; natively they call the
//! thread's [`crate::testing::MockHost`], so plugin code runs unchanged in
//! `cargo test`. A gated function (one that needs a permission) only appears in
//! the plugin's import table when the plugin calls it, and the host refuses to
//! load a plugin whose imports need permissions it was not granted.
//!
//! | module | permission | what |
//! |---|---|---|
//! | [`log`], [`info`], [`warn`], [`error`] | – | the host log |
//! | [`events`] | – | emit, subscribe, unsubscribe, once |
//! | [`util`] | – | SHA-256, zlib compress/decompress |
//! | [`system_info`] | `system.info` | browser facts |
//! | [`storage`] | `storage.read` / `storage.write` | the plugin's own key-value namespace |
//! | [`network`] | `network.request` | HTTP to allowed hosts |
//!
//! Storage and network calls look synchronous to the plugin; the worker does
//! the asynchronous browser work while the plugin's call is suspended
//! (JavaScript Promise Integration where the browser has it, else the
//! Asyncify transform `annex build` applies to plugins that import them; a
//! module without the transform is refused in such a browser, at load, with a
//! message naming the transform).

pub mod events;
mod imp;
pub mod network;
pub mod storage;
pub mod util;

pub use annex_protocol::host_api::SystemInfo;
use annex_protocol::host_api::{ERR_PERMISSION_DENIED, RESULT_ERROR, RESULT_NOT_FOUND};
pub use annex_protocol::message::LogLevel;
use annex_protocol::{ErrorCode, PluginError};

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
        if len == ERR_PERMISSION_DENIED {
            return Err(Error::Host(PluginError::new(
                ErrorCode::PermissionDenied,
                "permission `system.info` is not granted",
            )));
        }
        if len < 0 {
            // ERR_BAD_BUFFER: not for a buffer of ours.
            return Err(Error::Malformed(format!("system_info answered {len}")));
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

/// Turns a host function's return code into its result: the data from the
/// result slot, `None` for "not found", or the host's error.
fn outcome(code: i32) -> Result<Option<Vec<u8>>> {
    match code {
        len if len >= 0 => Ok(Some(imp::take_result(len as usize))),
        RESULT_NOT_FOUND => Ok(None),
        RESULT_ERROR => {
            let json = imp::take_result(imp::result_len());
            Err(match serde_json::from_slice::<PluginError>(&json) {
                Ok(error) => Error::Host(error),
                Err(e) => Error::Malformed(format!("unreadable host error: {e}")),
            })
        }
        other => Err(Error::Malformed(format!("unknown host result code {other}"))),
    }
}

/// [`outcome`] for calls that always produce data.
fn data(code: i32) -> Result<Vec<u8>> {
    outcome(code)?.ok_or_else(|| Error::Malformed("the host found nothing".into()))
}
