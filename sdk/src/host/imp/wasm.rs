//! The worker's imports.

use super::Util;
use crate::host::LogLevel;

#[link(wasm_import_module = "annex")]
unsafe extern "C" {
    #[link_name = "log"]
    fn host_log(level: i32, ptr: *const u8, len: u32);
    #[link_name = "panic"]
    fn host_panic(ptr: *const u8, len: u32);
    #[link_name = "result_len"]
    fn host_result_len() -> i32;
    #[link_name = "result_take"]
    fn host_result_take(ptr: *mut u8, len: u32);
    #[link_name = "result_take_body"]
    fn host_result_take_body(ptr: *mut u8, len: u32);
    #[link_name = "system_info"]
    fn host_system_info(ptr: *mut u8, cap: u32) -> i32;
    #[link_name = "storage_get"]
    fn host_storage_get(key_ptr: *const u8, key_len: u32) -> i32;
    #[link_name = "storage_list"]
    fn host_storage_list(pattern_ptr: *const u8, pattern_len: u32) -> i32;
    #[link_name = "storage_set"]
    fn host_storage_set(key_ptr: *const u8, key_len: u32, val_ptr: *const u8, val_len: u32) -> i32;
    #[link_name = "storage_delete"]
    fn host_storage_delete(key_ptr: *const u8, key_len: u32) -> i32;
    #[link_name = "storage_clear"]
    fn host_storage_clear() -> i32;
    #[link_name = "network_request"]
    fn host_network_request(
        req_ptr: *const u8,
        req_len: u32,
        body_ptr: *const u8,
        body_len: u32,
    ) -> i32;
    #[link_name = "events_emit"]
    fn host_events_emit(
        type_ptr: *const u8,
        type_len: u32,
        data_ptr: *const u8,
        data_len: u32,
    ) -> i32;
    #[link_name = "events_subscribe"]
    fn host_events_subscribe(type_ptr: *const u8, type_len: u32, once: i32) -> i32;
    #[link_name = "events_unsubscribe"]
    fn host_events_unsubscribe(type_ptr: *const u8, type_len: u32) -> i32;
    #[link_name = "util_sha256"]
    fn host_util_sha256(ptr: *const u8, len: u32) -> i32;
    #[link_name = "util_compress"]
    fn host_util_compress(ptr: *const u8, len: u32) -> i32;
    #[link_name = "util_decompress"]
    fn host_util_decompress(ptr: *const u8, len: u32) -> i32;
}

// SAFETY (every call below): the host reads exactly `len` bytes at each
// pointer it is given, and writes at most `len` bytes at `result_take`'s.

pub(crate) fn log(level: LogLevel, message: &str) {
    let level = match level {
        LogLevel::Error => 0,
        LogLevel::Warn => 1,
        LogLevel::Info => 2,
        LogLevel::Debug => 3,
    };
    // SAFETY: see above.
    unsafe { host_log(level, message.as_ptr(), message.len() as u32) }
}

pub(crate) fn panic(message: &str) {
    // SAFETY: see above.
    unsafe { host_panic(message.as_ptr(), message.len() as u32) }
}

pub(crate) fn system_info(buf: &mut [u8]) -> i32 {
    // SAFETY: see above.
    unsafe { host_system_info(buf.as_mut_ptr(), buf.len() as u32) }
}

pub(crate) fn result_len() -> usize {
    // SAFETY: no pointers.
    unsafe { host_result_len() }.max(0) as usize
}

pub(crate) fn take_result(len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    // SAFETY: see above.
    unsafe { host_result_take(buf.as_mut_ptr(), len as u32) };
    buf
}

pub(crate) fn take_body(len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    // SAFETY: see above.
    unsafe { host_result_take_body(buf.as_mut_ptr(), len as u32) };
    buf
}

pub(crate) fn storage_get(key: &str) -> i32 {
    // SAFETY: see above.
    unsafe { host_storage_get(key.as_ptr(), key.len() as u32) }
}

pub(crate) fn storage_list(pattern: &str) -> i32 {
    // SAFETY: see above.
    unsafe { host_storage_list(pattern.as_ptr(), pattern.len() as u32) }
}

pub(crate) fn storage_set(key: &str, value: &[u8]) -> i32 {
    // SAFETY: see above.
    unsafe { host_storage_set(key.as_ptr(), key.len() as u32, value.as_ptr(), value.len() as u32) }
}

pub(crate) fn storage_delete(key: &str) -> i32 {
    // SAFETY: see above.
    unsafe { host_storage_delete(key.as_ptr(), key.len() as u32) }
}

pub(crate) fn storage_clear() -> i32 {
    // SAFETY: no pointers.
    unsafe { host_storage_clear() }
}

pub(crate) fn network_request(request: &[u8], body: &[u8]) -> i32 {
    // SAFETY: see above.
    unsafe {
        host_network_request(
            request.as_ptr(),
            request.len() as u32,
            body.as_ptr(),
            body.len() as u32,
        )
    }
}

pub(crate) fn events_emit(event_type: &str, data: &[u8]) -> i32 {
    // SAFETY: see above.
    unsafe {
        host_events_emit(
            event_type.as_ptr(),
            event_type.len() as u32,
            data.as_ptr(),
            data.len() as u32,
        )
    }
}

pub(crate) fn events_subscribe(event_type: &str, once: bool) -> i32 {
    // SAFETY: see above.
    unsafe { host_events_subscribe(event_type.as_ptr(), event_type.len() as u32, i32::from(once)) }
}

pub(crate) fn events_unsubscribe(event_type: &str) -> i32 {
    // SAFETY: see above.
    unsafe { host_events_unsubscribe(event_type.as_ptr(), event_type.len() as u32) }
}

pub(crate) fn util(which: Util, bytes: &[u8]) -> i32 {
    let (ptr, len) = (bytes.as_ptr(), bytes.len() as u32);
    // SAFETY: see above.
    unsafe {
        match which {
            Util::Sha256 => host_util_sha256(ptr, len),
            Util::Compress => host_util_compress(ptr, len),
            Util::Decompress => host_util_decompress(ptr, len),
        }
    }
}
