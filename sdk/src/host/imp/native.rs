//! Native builds: the host functions answered by the thread's mock host.

use super::Util;
use crate::host::LogLevel;
use crate::testing::MockHost;

pub(crate) fn log(level: LogLevel, message: &str) {
    MockHost::current().record_log(level, message);
}

#[allow(dead_code)]
pub(crate) fn panic(message: &str) {
    MockHost::current().record_panic(message);
}

pub(crate) fn system_info(buf: &mut [u8]) -> i32 {
    MockHost::current().answer_system_info(buf)
}

pub(crate) fn result_len() -> usize {
    MockHost::current().result_len()
}

pub(crate) fn take_result(len: usize) -> Vec<u8> {
    MockHost::current().take_result(len, false)
}

pub(crate) fn take_body(len: usize) -> Vec<u8> {
    MockHost::current().take_result(len, true)
}

pub(crate) fn storage_get(key: &str) -> i32 {
    MockHost::current().storage_get(key)
}

pub(crate) fn storage_list(pattern: &str) -> i32 {
    MockHost::current().storage_list(pattern)
}

pub(crate) fn storage_set(key: &str, value: &[u8]) -> i32 {
    MockHost::current().storage_set(key, value)
}

pub(crate) fn storage_delete(key: &str) -> i32 {
    MockHost::current().storage_delete(key)
}

pub(crate) fn storage_clear() -> i32 {
    MockHost::current().storage_clear()
}

pub(crate) fn network_request(request: &[u8], body: &[u8]) -> i32 {
    MockHost::current().network_request(request, body)
}

pub(crate) fn events_emit(event_type: &str, data: &[u8]) -> i32 {
    MockHost::current().events_emit(event_type, data)
}

pub(crate) fn events_subscribe(event_type: &str, once: bool) -> i32 {
    MockHost::current().events_subscribe(event_type, true, once)
}

pub(crate) fn events_unsubscribe(event_type: &str) -> i32 {
    MockHost::current().events_subscribe(event_type, false, false)
}

pub(crate) fn util(which: Util, bytes: &[u8]) -> i32 {
    use sha2::Digest;
    let host = MockHost::current();
    match which {
        Util::Sha256 => host.answer(Ok((sha2::Sha256::digest(bytes).to_vec(), Vec::new()))),
        Util::Compress => {
            host.answer(Ok((miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6), Vec::new())))
        }
        Util::Decompress => host.answer(
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, 64 << 20)
                .map(|out| (out, Vec::new()))
                .map_err(|e| {
                    annex_protocol::PluginError::bad_request(format!(
                        "not zlib data: {:?}",
                        e.status
                    ))
                }),
        ),
    }
}
