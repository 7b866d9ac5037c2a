//! The table of host functions: name, permission, signature.
//!
//! Conventions. Pointers and lengths are `i32`s into the plugin's memory.
//! Functions that produce data put it in the worker's *result slot* and
//! return its length (≥ 0); the plugin then copies it out with
//! `result_take(ptr, len)` (and a response body with `result_take_body`).
//! A negative return is [`RESULT_ERROR`] (the slot holds a
//! [`crate::PluginError`] as JSON) or [`RESULT_NOT_FOUND`].
//!
//! | function | permission | async | does |
//! |---|---|---|---|
//! | `log(level, ptr, len)` | – | | writes to the host log (0 error … 3 debug) |
//! | `panic(ptr, len)` | – | | records the panic message before the trap |
//! | `result_len() -> n` | – | | length of the result slot's data (for errors) |
//! | `result_take(ptr, len)` | – | | copies the result slot's data |
//! | `result_take_body(ptr, len)` | – | | copies the result slot's body bytes |
//! | `events_emit(type_ptr, type_len, data_ptr, data_len) -> n` | – | | emits an event (JSON data) |
//! | `events_subscribe(type_ptr, type_len, once) -> n` | – | | receive events of a type (once: only the next) |
//! | `events_unsubscribe(type_ptr, type_len) -> n` | – | | stop receiving a type |
//! | `util_sha256(ptr, len) -> n` | – | | SHA-256 (32 bytes) |
//! | `util_compress(ptr, len) -> n` | – | | zlib (RFC 1950) compression |
//! | `util_decompress(ptr, len) -> n` | – | | zlib decompression |
//! | `system_info(buf_ptr, buf_cap) -> n` | `system.info` | | browser facts as JSON, written into the buffer (its full length returned) |
//! | `storage_get(key_ptr, key_len) -> n` | `storage.read` | yes | the value under a key |
//! | `storage_list(pattern_ptr, pattern_len) -> n` | `storage.read` | yes | keys matching a glob (`*`, `?`), JSON array |
//! | `storage_set(key_ptr, key_len, val_ptr, val_len) -> n` | `storage.write` | yes | stores a value (acknowledged once durable) |
//! | `storage_delete(key_ptr, key_len) -> n` | `storage.write` | yes | deletes a key |
//! | `storage_clear() -> n` | `storage.write` | yes | deletes every key |
//! | `network_request(req_ptr, req_len, body_ptr, body_len) -> n` | `network.request` | yes | an HTTP request ([`crate::api::network::NetworkRequest`] JSON); the slot gets a [`crate::api::network::NetworkResponse`] and the body |

use super::{HostFunction, ValType::I32};
use crate::permission::Permission;

/// A host function failed; the result slot holds the error as JSON.
pub const RESULT_ERROR: i32 = -1;
/// Nothing found (e.g. a storage key without a value); the slot is empty.
pub const RESULT_NOT_FOUND: i32 = -2;

const fn core(
    name: &'static str,
    params: &'static [super::ValType],
    results: &'static [super::ValType],
) -> HostFunction {
    HostFunction { name, permission: None, params, results, is_async: false }
}

/// Every host function, in the `annex` import module.
pub static HOST_FUNCTIONS: [HostFunction; 18] = [
    core("log", &[I32, I32, I32], &[]),
    core("panic", &[I32, I32], &[]),
    core("result_len", &[], &[I32]),
    core("result_take", &[I32, I32], &[]),
    core("result_take_body", &[I32, I32], &[]),
    core("events_emit", &[I32, I32, I32, I32], &[I32]),
    core("events_subscribe", &[I32, I32, I32], &[I32]),
    core("events_unsubscribe", &[I32, I32], &[I32]),
    core("util_sha256", &[I32, I32], &[I32]),
    core("util_compress", &[I32, I32], &[I32]),
    core("util_decompress", &[I32, I32], &[I32]),
    HostFunction {
        name: "system_info",
        permission: Some(Permission::SystemInfo),
        params: &[I32, I32],
        results: &[I32],
        is_async: false,
    },
    HostFunction {
        name: "storage_get",
        permission: Some(Permission::StorageRead),
        params: &[I32, I32],
        results: &[I32],
        is_async: true,
    },
    HostFunction {
        name: "storage_list",
        permission: Some(Permission::StorageRead),
        params: &[I32, I32],
        results: &[I32],
        is_async: true,
    },
    HostFunction {
        name: "storage_set",
        permission: Some(Permission::StorageWrite),
        params: &[I32, I32, I32, I32],
        results: &[I32],
        is_async: true,
    },
    HostFunction {
        name: "storage_delete",
        permission: Some(Permission::StorageWrite),
        params: &[I32, I32],
        results: &[I32],
        is_async: true,
    },
    HostFunction {
        name: "storage_clear",
        permission: Some(Permission::StorageWrite),
        params: &[],
        results: &[I32],
        is_async: true,
    },
    HostFunction {
        name: "network_request",
        permission: Some(Permission::NetworkRequest),
        params: &[I32, I32, I32, I32],
        results: &[I32],
        is_async: true,
    },
];
