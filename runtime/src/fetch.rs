//! Downloading module bytes with the global `fetch` (works on a page and in a worker).

use js_sys::{ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::js::error_text;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str) -> Promise;
}

/// Fetches `url` and returns its body; a non-2xx status is an error.
pub(crate) async fn fetch_bytes(url: &str) -> Result<Uint8Array, String> {
    let response = JsFuture::from(global_fetch(url)).await.map_err(|e| error_text(&e))?;
    let response: Response = response.dyn_into().map_err(|_| "fetch did not return a Response")?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()));
    }
    let body = response.array_buffer().map_err(|e| error_text(&e))?;
    let body: ArrayBuffer =
        JsFuture::from(body).await.map_err(|e| error_text(&e))?.unchecked_into();
    Ok(Uint8Array::new(&body))
}
