//! Small helpers for JavaScript values.

use wasm_bindgen::{JsCast, JsValue};

/// A readable message from a thrown JS value (an `Error`, a string, or anything else).
pub(crate) fn error_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.to_string());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Milliseconds since the page (or worker) started, from `performance.now()`;
/// 0 outside a browser.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn now_ms() -> f64 {
    0.0
}

/// Milliseconds since the page (or worker) started, from `performance.now()`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    performance
        .and_then(|p| js_sys::Reflect::get(&p, &"now".into()).ok().map(|now| (p, now)))
        .and_then(|(p, now)| now.dyn_into::<js_sys::Function>().ok()?.call0(&p).ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// Writes a warning to the browser console (stderr outside a browser).
pub(crate) fn warn(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{message}");
}

/// The page's (or worker's) own URL, for resolving relative URLs.
pub(crate) fn location_href() -> String {
    js_sys::Reflect::get(&js_sys::global(), &"location".into())
        .ok()
        .and_then(|l| js_sys::Reflect::get(&l, &"href".into()).ok())
        .and_then(|h| h.as_string())
        .unwrap_or_default()
}
