//! JavaScript Promise Integration: lets a plugin's synchronous code call a
//! host function that does asynchronous browser work (IndexedDB, fetch).
//!
//! The import is wrapped in `WebAssembly.Suspending`, the plugin's exports in
//! `WebAssembly.promising`: when the plugin calls the import, its stack is
//! suspended until the promise settles, while the worker's event loop runs
//! on. Engines without it use the Asyncify fallback (see `super::asyncify`).

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn webassembly() -> JsValue {
    Reflect::get(&js_sys::global(), &"WebAssembly".into()).unwrap_or(JsValue::UNDEFINED)
}

fn member(name: &str) -> Option<Function> {
    Reflect::get(&webassembly(), &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

/// Whether this browser has JSPI (`WebAssembly.Suspending` and `WebAssembly.promising`).
pub(super) fn available() -> bool {
    member("Suspending").is_some() && member("promising").is_some()
}

/// `new WebAssembly.Suspending(f)`: an import whose promise suspends the caller.
pub(super) fn suspending(f: &JsValue) -> Result<JsValue, JsValue> {
    let constructor =
        member("Suspending").ok_or_else(|| JsValue::from_str("no WebAssembly.Suspending"))?;
    Reflect::construct(&constructor, &Array::of1(f))
}

/// `WebAssembly.promising(export)`: calling it returns a promise of the result.
pub(super) fn promising(export: &JsValue) -> Result<Function, JsValue> {
    let promising =
        member("promising").ok_or_else(|| JsValue::from_str("no WebAssembly.promising"))?;
    promising.call1(&webassembly(), export)?.dyn_into()
}
