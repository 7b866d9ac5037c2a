//! Packing host messages into `postMessage` objects and unpacking the worker's.

use annex_protocol::message::{envelope, HostMessage, WorkerMessage};
use js_sys::{Array, ArrayBuffer, Object, Reflect, WebAssembly};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A message ready for `postMessage`, with its transfer list.
pub(crate) struct Outgoing {
    pub(crate) message: JsValue,
    pub(crate) transfer: Array,
}

pub(crate) fn boot(worker_module: &WebAssembly::Module) -> JsValue {
    let message = Object::new();
    set(&message, envelope::WORKER_MODULE, worker_module);
    message.into()
}

/// Packs a message. It fails, rather than panics, on what a JS value cannot
/// hold (an integer past 2^53 in request data or configuration).
pub(crate) fn encode(
    msg: &HostMessage,
    module: Option<&WebAssembly::Module>,
    payload: Option<&ArrayBuffer>,
) -> Result<Outgoing, String> {
    let message = Object::new();
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = msg.serialize(&serializer).map_err(|e| e.to_string())?;
    set(&message, envelope::MESSAGE, &value);
    let transfer = Array::new();
    if let Some(module) = module {
        set(&message, envelope::MODULE, module);
    }
    if let Some(payload) = payload {
        set(&message, envelope::PAYLOAD, payload);
        transfer.push(payload);
    }
    Ok(Outgoing { message: message.into(), transfer })
}

/// Reads a worker message. Anything malformed is an error string, never a panic:
/// a misbehaving worker must not take the host down.
pub(crate) fn decode(data: &JsValue) -> Result<(WorkerMessage, Option<ArrayBuffer>), String> {
    if !data.is_object() {
        return Err(format!("expected an object, got {data:?}"));
    }
    let msg = Reflect::get(data, &envelope::MESSAGE.into()).map_err(|e| format!("{e:?}"))?;
    // The worker sends JSON text; its JS loader, before the worker runs,
    // sends small objects.
    let msg: WorkerMessage = match msg.as_string() {
        Some(text) => serde_json::from_str(&text).map_err(|e| e.to_string())?,
        None => serde_wasm_bindgen::from_value(msg).map_err(|e| e.to_string())?,
    };
    let payload = Reflect::get(data, &envelope::PAYLOAD.into()).map_err(|e| format!("{e:?}"))?;
    let payload = if payload.is_undefined() || payload.is_null() {
        None
    } else {
        Some(payload.dyn_into::<ArrayBuffer>().map_err(|_| "payload is not an ArrayBuffer")?)
    };
    Ok((msg, payload))
}

fn set(target: &Object, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).expect("setting a property on a plain object");
}
