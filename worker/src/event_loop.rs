//! The worker's message loop: load one plugin, then answer its messages one
//! at a time, in order.
//!
//! Calls can suspend (JSPI host functions awaiting IndexedDB or fetch), so
//! messages that arrive meanwhile wait in a queue: the plugin is never entered
//! twice at once. A grant change does not wait: it is applied as soon as the
//! worker sees it, so a permission revoked while a long call is suspended is
//! refused at that call's next host function.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use annex_protocol::message::{envelope, HostMessage, LogLevel, WorkerMessage, WorkerUsage};
use annex_protocol::{ErrorCode, PluginError};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::instance::HostEnv;
use crate::PluginInstance;

thread_local! {
    static INSTANCE: RefCell<Option<Rc<PluginInstance>>> = const { RefCell::new(None) };
    static QUEUE: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// Starts the worker's message loop and tells the host it is ready.
///
/// Called once by the loader script after the worker's wasm is initialized.
#[wasm_bindgen]
pub fn annex_worker_boot() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        if apply_grant_change(&event.data()) {
            return;
        }
        QUEUE.with(|q| q.borrow_mut().push_back(event.data()));
        if !BUSY.with(Cell::get) {
            BUSY.with(|b| b.set(true));
            wasm_bindgen_futures::spawn_local(drain());
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&WorkerMessage::Ready, None);
}

/// Applies a grant change at once when a plugin is loaded (before that, it
/// waits its turn behind the `Instantiate` message); whether it did.
fn apply_grant_change(data: &JsValue) -> bool {
    let msg = Reflect::get(data, &envelope::MESSAGE.into()).unwrap_or(JsValue::UNDEFINED);
    let kind = Reflect::get(&msg, &"type".into()).ok().and_then(|t| t.as_string());
    let Some(instance) = instance().filter(|_| kind.as_deref() == Some("set_grant")) else {
        return false;
    };
    match serde_wasm_bindgen::from_value(msg) {
        Ok(HostMessage::SetGrant { permission, granted }) => {
            instance.set_grant(permission, granted);
            true
        }
        // Malformed: the queue reports it.
        _ => false,
    }
}

/// Handles queued messages until the queue is empty.
async fn drain() {
    while let Some(data) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        handle(&data).await;
    }
    BUSY.with(|b| b.set(false));
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

async fn handle(data: &JsValue) {
    let msg = Reflect::get(data, &envelope::MESSAGE.into()).unwrap_or(JsValue::UNDEFINED);
    let msg: HostMessage = match serde_wasm_bindgen::from_value(msg) {
        Ok(msg) => msg,
        Err(e) => {
            log(LogLevel::Error, format!("annex worker: ignoring a malformed host message: {e}"));
            return;
        }
    };
    match msg {
        HostMessage::Instantiate { plugin, storage_namespace, grants, limits, suspension } => {
            let module = Reflect::get(data, &envelope::MODULE.into())
                .ok()
                .and_then(|m| m.dyn_into::<WebAssembly::Module>().ok());
            let instantiated = match module {
                Some(module) => {
                    let env = HostEnv {
                        grants: grants.into_iter().collect(),
                        limits,
                        log: Box::new(log),
                        to_host: Box::new(|message| post(&message, None)),
                        suspension,
                        storage_namespace,
                    };
                    PluginInstance::instantiate(plugin, &module, env).await
                }
                None => Err(PluginError::new(
                    ErrorCode::Protocol,
                    "instantiate message without a module",
                )),
            };
            match instantiated {
                Ok(instance) => {
                    let memory_bytes = instance.memory_bytes();
                    let suspension = Some(instance.suspension());
                    INSTANCE.with(|i| *i.borrow_mut() = Some(Rc::new(instance)));
                    post(&WorkerMessage::Instantiated { memory_bytes, suspension }, None);
                }
                Err(error) => post(&WorkerMessage::LoadFailed { error }, None),
            }
        }
        HostMessage::Init(init) => {
            let reply = match instance() {
                Some(instance) => match instance.init(&init).await {
                    Ok(()) => WorkerMessage::Initialized { memory_bytes: instance.memory_bytes() },
                    Err(error) => WorkerMessage::InitFailed { error },
                },
                None => WorkerMessage::InitFailed {
                    error: PluginError::new(ErrorCode::Protocol, "init before instantiate"),
                },
            };
            post(&reply, None);
        }
        HostMessage::Call { call, request } => {
            let payload = Reflect::get(data, &envelope::PAYLOAD.into())
                .ok()
                .and_then(|p| p.dyn_into::<ArrayBuffer>().ok())
                .map(|buffer| Uint8Array::new(&buffer));
            let (result, payload, memory_bytes, usage) = match instance() {
                Some(instance) => {
                    let outcome = instance.call(&request, payload).await;
                    let (memory_bytes, usage) = (instance.memory_bytes(), instance.usage());
                    match outcome {
                        Ok((response, payload)) => (Ok(response), payload, memory_bytes, usage),
                        Err(error) => (Err(error), None, memory_bytes, usage),
                    }
                }
                None => {
                    let error = PluginError::new(ErrorCode::Terminated, "no plugin is loaded");
                    (Err(error), None, 0, WorkerUsage::default())
                }
            };
            let buffer = payload.map(|p| transferable(&p));
            post(&WorkerMessage::Reply { call, result, memory_bytes, usage }, buffer.as_ref());
        }
        HostMessage::SetGrant { permission, granted } => {
            if let Some(instance) = instance() {
                instance.set_grant(permission, granted);
            }
        }
        other => log(LogLevel::Error, format!("annex worker: unexpected host message {other:?}")),
    }
}

/// What is sent instead of a message that cannot become a JS value: the
/// same call's reply as a protocol error, or a log line saying what was dropped.
fn unsendable(msg: &WorkerMessage, reason: &str) -> WorkerMessage {
    let why = format!("cannot be sent to the host: {reason}");
    match msg {
        WorkerMessage::Reply { call, memory_bytes, usage, .. } => WorkerMessage::Reply {
            call: *call,
            result: Err(PluginError::new(ErrorCode::Protocol, format!("its answer {why}"))),
            memory_bytes: *memory_bytes,
            usage: *usage,
        },
        WorkerMessage::Emitted { event_type, .. } => WorkerMessage::Log {
            level: LogLevel::Warn,
            message: format!("an event of type `{event_type}` was dropped: its data {why}"),
        },
        _ => WorkerMessage::Log { level: LogLevel::Error, message: format!("a message {why}") },
    }
}

fn instance() -> Option<Rc<PluginInstance>> {
    INSTANCE.with(|i| i.borrow().clone())
}

/// The payload's buffer, copied only when the view does not cover all of it.
fn transferable(view: &Uint8Array) -> ArrayBuffer {
    let buffer = view.buffer();
    if view.byte_offset() == 0 && view.byte_length() == buffer.byte_length() {
        buffer
    } else {
        view.slice(0, view.length()).buffer()
    }
}

fn log(level: LogLevel, message: String) {
    post(&WorkerMessage::Log { level, message }, None);
}

fn post(msg: &WorkerMessage, payload: Option<&ArrayBuffer>) {
    let envelope_object = Object::new();
    // As JSON text: the host's main thread parses text far faster than it
    // walks a JS object field by field (a 600 KB answer took 200 ms as an
    // object), and text holds every integer the plugin's JSON did.
    let value = match serde_json::to_string(msg) {
        Ok(text) => JsValue::from_str(&text),
        // What JSON cannot hold (a map with non-string keys): the host gets
        // an error in its place.
        Err(e) => {
            let substitute = unsendable(msg, &e.to_string());
            return post(&substitute, None);
        }
    };
    let _ = Reflect::set(&envelope_object, &envelope::MESSAGE.into(), &value);
    let transfer = Array::new();
    if let Some(payload) = payload {
        let _ = Reflect::set(&envelope_object, &envelope::PAYLOAD.into(), payload);
        transfer.push(payload);
    }
    if let Err(e) = scope().post_message_with_transfer(&envelope_object, &transfer) {
        web_sys::console::error_2(&"annex worker: cannot post to the host".into(), &e);
    }
}
