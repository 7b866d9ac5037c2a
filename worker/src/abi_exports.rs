//! Typed bindings to the functions a plugin exports (see `annex_protocol::abi`).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// The `exports` object of an instantiated plugin.
    pub(crate) type AbiExports;

    #[wasm_bindgen(method, catch, js_name = annex_abi_version)]
    pub(crate) fn abi_version(this: &AbiExports) -> Result<i32, JsValue>;

    #[wasm_bindgen(method, catch, js_name = annex_alloc)]
    pub(crate) fn alloc(this: &AbiExports, len: u32) -> Result<i32, JsValue>;

    #[wasm_bindgen(method, catch, js_name = annex_init)]
    pub(crate) fn init(this: &AbiExports, ptr: u32, len: u32) -> Result<i32, JsValue>;

    #[wasm_bindgen(method, catch, js_name = annex_call)]
    pub(crate) fn call(
        this: &AbiExports,
        req_ptr: u32,
        req_len: u32,
        data_ptr: u32,
        data_len: u32,
    ) -> Result<i32, JsValue>;

    #[wasm_bindgen(method, catch, js_name = annex_output)]
    pub(crate) fn output(this: &AbiExports) -> Result<i32, JsValue>;

    #[wasm_bindgen(method, getter)]
    pub(crate) fn memory(this: &AbiExports) -> JsValue;
}
