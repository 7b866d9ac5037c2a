//! Synchronous host functions: logging, panics, the result slot, events,
//! hashing and compression, system information.

use std::rc::Rc;

use annex_protocol::api::events::valid_event_type;
use annex_protocol::host_api::{SystemInfo, ERR_BAD_BUFFER, ERR_PERMISSION_DENIED};
use annex_protocol::message::{LogLevel, WorkerMessage};
use annex_protocol::permission::Permission;
use annex_protocol::{ErrorCode, PluginError};
use js_sys::Reflect;
use sha2::{Digest, Sha256};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::subscriptions::Change;
use super::HostState;

/// Largest event data, in bytes of JSON.
const MAX_EVENT_DATA: u32 = 64 * 1024;

/// Largest output `util_decompress` produces.
const MAX_DECOMPRESSED: usize = 64 << 20;

pub(super) fn function(name: &str, state: &Rc<HostState>) -> JsValue {
    let s = state.clone();
    match name {
        "log" => Closure::<dyn Fn(i32, u32, u32)>::new(move |level, ptr, len| {
            // Throttled before reading: a refused line costs no copy.
            if s.throttled(&s.log_rate, "logs") {
                return;
            }
            let message = s.read_clipped(ptr, len).unwrap_or_else(|| {
                format!("(log call with an out-of-bounds message: {len} bytes at {ptr})")
            });
            (s.log)(LogLevel::from_abi(level), message);
        })
        .into_js_value(),
        "panic" => Closure::<dyn Fn(u32, u32)>::new(move |ptr, len| {
            let message = s
                .read_clipped(ptr, len)
                .unwrap_or_else(|| "panicked (message out of bounds)".to_owned());
            *s.panic.borrow_mut() = Some(message);
        })
        .into_js_value(),
        "result_len" => Closure::<dyn Fn() -> i32>::new(move || s.result.borrow().0.len() as i32)
            .into_js_value(),
        "result_take" => take(s, false),
        "result_take_body" => take(s, true),
        "events_emit" => {
            Closure::<dyn Fn(u32, u32, u32, u32) -> i32>::new(move |tp, tl, dp, dl| {
                let outcome = (|| {
                    let event_type = event_type(&s, tp, tl)?;
                    if dl > MAX_EVENT_DATA {
                        return Err(PluginError::new(
                            ErrorCode::BudgetExceeded,
                            format!("event data is {dl} bytes, more than {MAX_EVENT_DATA}"),
                        ));
                    }
                    if s.throttled(&s.event_rate, "events") {
                        return Err(PluginError::new(
                            ErrorCode::BudgetExceeded,
                            format!(
                                "emitting too fast: more than {} events a second",
                                s.limits.events_per_second
                            ),
                        ));
                    }
                    let data: serde_json::Value = serde_json::from_slice(&s.read(dp, dl)?)
                        .map_err(|e| {
                            PluginError::bad_request(format!("event data is not JSON: {e}"))
                        })?;
                    // Refused here, so the plugin learns it: the host only
                    // takes what a JS value holds (no integer past 2^53).
                    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
                    serde::Serialize::serialize(&data, &serializer).map_err(|e| {
                        PluginError::bad_request(format!("event data cannot reach the host: {e}"))
                    })?;
                    (s.to_host)(WorkerMessage::Emitted { event_type, data });
                    Ok((Vec::new(), Vec::new()))
                })();
                s.settle(outcome)
            })
            .into_js_value()
        }
        "events_subscribe" => Closure::<dyn Fn(u32, u32, i32) -> i32>::new(move |tp, tl, once| {
            let outcome = event_type(&s, tp, tl).and_then(|event_type| {
                let once = once != 0;
                let max = s.limits.max_subscriptions;
                let change = s.subscriptions.borrow_mut().subscribe(&event_type, once, max)?;
                if change == Change::Tell {
                    (s.to_host)(WorkerMessage::Subscription { event_type, subscribe: true, once });
                }
                Ok((Vec::new(), Vec::new()))
            });
            s.settle(outcome)
        })
        .into_js_value(),
        "events_unsubscribe" => Closure::<dyn Fn(u32, u32) -> i32>::new(move |tp, tl| {
            let outcome = event_type(&s, tp, tl).map(|event_type| {
                if s.subscriptions.borrow_mut().unsubscribe(&event_type) == Change::Tell {
                    (s.to_host)(WorkerMessage::Subscription {
                        event_type,
                        subscribe: false,
                        once: false,
                    });
                }
                (Vec::new(), Vec::new())
            });
            s.settle(outcome)
        })
        .into_js_value(),
        "util_sha256" => bytes_fn(s, |data| Ok(Sha256::digest(data).to_vec())),
        "util_compress" => {
            bytes_fn(s, |data| Ok(miniz_oxide::deflate::compress_to_vec_zlib(data, 6)))
        }
        "util_decompress" => bytes_fn(s, |data| {
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_DECOMPRESSED).map_err(
                |e| {
                    PluginError::bad_request(format!(
                        "not zlib data, or larger than {MAX_DECOMPRESSED} bytes: {:?}",
                        e.status
                    ))
                },
            )
        }),
        "system_info" => Closure::<dyn Fn(u32, u32) -> i32>::new(move |ptr, cap| {
            if s.require(&Permission::SystemInfo).is_err() {
                return ERR_PERMISSION_DENIED;
            }
            let json = serde_json::to_vec(&system_info()).expect("SystemInfo serializes");
            let n = json.len().min(cap as usize);
            match s.memory() {
                Some(memory) if memory.write(ptr, &json[..n]) => json.len() as i32,
                _ => ERR_BAD_BUFFER,
            }
        })
        .into_js_value(),
        other => unreachable!("host function `{other}` has no implementation"),
    }
}

/// `result_take` / `result_take_body`: copies the slot's data (or body) to `ptr`.
fn take(s: Rc<HostState>, body: bool) -> JsValue {
    Closure::<dyn Fn(u32, u32)>::new(move |ptr, len| {
        let slot = s.result.borrow();
        let data = if body { &slot.1 } else { &slot.0 };
        let n = (len as usize).min(data.len());
        if let Some(memory) = s.memory() {
            memory.write(ptr, &data[..n]);
        }
    })
    .into_js_value()
}

/// A `(ptr, len) -> n` function turning bytes into bytes.
fn bytes_fn(
    s: Rc<HostState>,
    f: impl Fn(&[u8]) -> Result<Vec<u8>, PluginError> + 'static,
) -> JsValue {
    Closure::<dyn Fn(u32, u32) -> i32>::new(move |ptr, len| {
        let outcome = s.read(ptr, len).and_then(|data| f(&data)).map(|out| (out, Vec::new()));
        s.settle(outcome)
    })
    .into_js_value()
}

fn event_type(s: &HostState, ptr: u32, len: u32) -> Result<String, PluginError> {
    let event_type = s.read_str(ptr, len)?;
    if valid_event_type(&event_type) {
        Ok(event_type)
    } else {
        Err(PluginError::bad_request(format!(
            "`{event_type}` is not an event type (1 to 64 of a-z, 0-9, `.`, `-`, `_`, `:`)"
        )))
    }
}

fn system_info() -> SystemInfo {
    let navigator =
        Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
    let get = |key: &str| Reflect::get(&navigator, &key.into()).unwrap_or(JsValue::UNDEFINED);
    SystemInfo {
        hardware_concurrency: get("hardwareConcurrency").as_f64().unwrap_or(1.0) as u32,
        language: get("language").as_string().unwrap_or_default(),
        user_agent: get("userAgent").as_string().unwrap_or_default(),
    }
}
