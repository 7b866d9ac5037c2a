//! Small helpers for JavaScript values.

use wasm_bindgen::{JsCast, JsValue};

/// A readable message from a thrown JS value (an `Error`, a string, or anything else).
pub(crate) fn error_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.to_string());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
