//! One instantiated plugin, driven through the Annex ABI.

use std::cell::Cell;
use std::rc::Rc;

use annex_protocol::abi::{export, CallStatus, ABI_VERSION, IMPORT_MODULE};
use annex_protocol::host_api::host_function;
use annex_protocol::message::{InitRequest, LogLevel, PluginRequest, PluginResponse};
use annex_protocol::permission::PermissionSet;
use annex_protocol::{ErrorCode, PluginError, PluginId};
use js_sys::{Array, Reflect, Uint8Array, WebAssembly};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::abi_exports::AbiExports;
use crate::imports::{self, HostState, Imports};
use crate::memory::PluginMemory;

/// A plugin module instantiated with the host functions it was granted.
pub struct PluginInstance {
    plugin: PluginId,
    exports: AbiExports,
    memory: PluginMemory,
    state: Rc<HostState>,
    /// Set after a trap: the plugin's own state can no longer be trusted.
    trapped: Cell<bool>,
    _imports: Imports,
}

impl std::fmt::Debug for PluginInstance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginInstance").field("plugin", &self.plugin).finish_non_exhaustive()
    }
}

impl PluginInstance {
    /// Instantiates `module`, offering only the host functions `grants` allow.
    ///
    /// The module's imports are checked first, so an ungranted import is an
    /// error naming the permission rather than a bare link error. `log`
    /// receives the plugin's log lines.
    pub async fn instantiate(
        plugin: PluginId,
        module: &WebAssembly::Module,
        grants: PermissionSet,
        log: impl Fn(LogLevel, String) + 'static,
    ) -> Result<Self, PluginError> {
        check_imports(module, &grants)?;
        let state = HostState::new(grants, Box::new(log));
        let imports = imports::build(&state);
        let instance = JsFuture::from(WebAssembly::instantiate_module(module, &imports.object))
            .await
            .map_err(|e| {
                PluginError::new(
                    ErrorCode::ModuleInvalid,
                    format!("cannot instantiate: {}", text(&e)),
                )
            })?;
        let instance: WebAssembly::Instance = instance.unchecked_into();
        let exports: AbiExports = instance.exports().unchecked_into();
        let memory = exports
            .memory()
            .dyn_into::<WebAssembly::Memory>()
            .map_err(|_| abi_error(format!("does not export `{}` as a memory", export::MEMORY)))?;
        let memory = PluginMemory(memory);
        *state.memory.borrow_mut() = Some(memory.clone());
        let this =
            Self { plugin, exports, memory, state, trapped: Cell::new(false), _imports: imports };
        let version = this.exports.abi_version().map_err(|e| this.trap(&e))?;
        if version != ABI_VERSION {
            return Err(abi_error(format!(
                "speaks Annex ABI version {version}; this worker speaks version {ABI_VERSION}"
            )));
        }
        Ok(this)
    }

    /// Runs the plugin's `annex_init`: `validate_config`, then `initialize`.
    pub fn init(&self, init: &InitRequest) -> Result<(), PluginError> {
        let json = serde_json::to_vec(init).expect("init requests serialize");
        let (ptr, len) = self.put(&json)?;
        let status = self.exports.init(ptr, len).map_err(|e| self.trap(&e))?;
        self.output::<serde_json::Value>(status).map(|_| ())
    }

    /// Calls the plugin with a request and an optional byte payload.
    ///
    /// When the response payload has the request payload's size (filters work
    /// in place), it is copied back into the request's buffer and that buffer
    /// is returned, so a transferred buffer can be transferred straight back.
    pub fn call(
        &self,
        request: &PluginRequest,
        payload: Option<Uint8Array>,
    ) -> Result<(PluginResponse, Option<Uint8Array>), PluginError> {
        if self.trapped.get() {
            return Err(PluginError::new(
                ErrorCode::Trap,
                "the plugin trapped earlier; it must be restarted before it can answer",
            ));
        }
        let json = serde_json::to_vec(request).expect("requests serialize");
        let (req_ptr, req_len) = self.put(&json)?;
        let (data_ptr, data_len) = match &payload {
            Some(bytes) => self.put_array(bytes)?,
            None => (0, 0),
        };
        let status =
            self.exports.call(req_ptr, req_len, data_ptr, data_len).map_err(|e| self.trap(&e))?;
        let response = self.output::<PluginResponse>(status)?;
        let [_, _, bytes_ptr, bytes_len] = self.record()?;
        if bytes_len == 0 && payload.is_none() {
            return Ok((response, None));
        }
        let out = self.memory.view(bytes_ptr, bytes_len).ok_or_else(|| self.out_of_bounds())?;
        let out = match payload {
            Some(original) if original.length() == bytes_len => {
                original.set(&out, 0);
                original
            }
            _ => out.slice(0, bytes_len),
        };
        Ok((response, Some(out)))
    }

    /// Size of the plugin's linear memory in bytes.
    pub fn memory_bytes(&self) -> u32 {
        self.memory.size()
    }

    /// The plugin's id.
    pub fn plugin(&self) -> &PluginId {
        &self.plugin
    }

    /// Copies bytes into a fresh plugin allocation.
    fn put(&self, bytes: &[u8]) -> Result<(u32, u32), PluginError> {
        let ptr = self.alloc(bytes.len() as u32)?;
        if !self.memory.write(ptr, bytes) {
            return Err(self.out_of_bounds());
        }
        Ok((ptr, bytes.len() as u32))
    }

    fn put_array(&self, bytes: &Uint8Array) -> Result<(u32, u32), PluginError> {
        let len = bytes.length();
        let ptr = self.alloc(len)?;
        let view = self.memory.view(ptr, len).ok_or_else(|| self.out_of_bounds())?;
        view.set(bytes, 0);
        Ok((ptr, len))
    }

    fn alloc(&self, len: u32) -> Result<u32, PluginError> {
        if len == 0 {
            return Ok(0);
        }
        let ptr = self.exports.alloc(len).map_err(|e| self.trap(&e))? as u32;
        if ptr == 0 {
            return Err(PluginError::new(
                ErrorCode::PluginError,
                format!("out of memory: cannot allocate {len} bytes"),
            ));
        }
        Ok(ptr)
    }

    fn record(&self) -> Result<[u32; 4], PluginError> {
        let at = self.exports.output().map_err(|e| self.trap(&e))? as u32;
        self.memory.read_u32s(at).ok_or_else(|| self.out_of_bounds())
    }

    /// Decodes the JSON output of the last `annex_init` / `annex_call`.
    fn output<T: DeserializeOwned>(&self, status: i32) -> Result<T, PluginError> {
        let [json_ptr, json_len, _, _] = self.record()?;
        let json = self.memory.read(json_ptr, json_len).ok_or_else(|| self.out_of_bounds())?;
        let protocol = |e: serde_json::Error| {
            PluginError::new(ErrorCode::Protocol, format!("plugin output is not understood: {e}"))
        };
        match CallStatus::from_i32(status) {
            Some(CallStatus::Ok) => serde_json::from_slice(&json).map_err(protocol),
            Some(CallStatus::Error) => Err(serde_json::from_slice(&json).map_err(protocol)?),
            None => Err(PluginError::new(
                ErrorCode::Protocol,
                format!("plugin returned status {status}"),
            )),
        }
    }

    /// Turns a thrown exception (a trap) into an error, using the panic
    /// message if the plugin reported one just before trapping.
    fn trap(&self, error: &JsValue) -> PluginError {
        self.trapped.set(true);
        match self.state.panic.borrow_mut().take() {
            Some(message) => PluginError::new(ErrorCode::Panic, message),
            None => PluginError::new(ErrorCode::Trap, format!("trapped: {}", text(error))),
        }
    }

    fn out_of_bounds(&self) -> PluginError {
        PluginError::new(ErrorCode::Protocol, "plugin pointed outside its memory")
    }
}

/// Refuses imports the grants do not cover, naming the permission.
fn check_imports(module: &WebAssembly::Module, grants: &PermissionSet) -> Result<(), PluginError> {
    let imports: Array = WebAssembly::Module::imports(module);
    for import in imports.iter() {
        let field = |key: &str| Reflect::get(&import, &key.into()).ok().and_then(|v| v.as_string());
        let (module_name, name) =
            (field("module").unwrap_or_default(), field("name").unwrap_or_default());
        match host_function(&module_name, &name) {
            None => {
                return Err(PluginError::new(
                    ErrorCode::ImportUnknown,
                    format!("imports `{module_name}.{name}`, which the host does not provide"),
                ))
            }
            Some(f) => {
                if let Some(permission) = f.permission.as_ref().filter(|p| !grants.contains(*p)) {
                    return Err(PluginError::new(
                        ErrorCode::PermissionDenied,
                        format!(
                            "imports `{IMPORT_MODULE}.{name}`, which needs permission `{permission}`, and it was not granted"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn abi_error(message: String) -> PluginError {
    PluginError::new(ErrorCode::AbiMismatch, message)
}

fn text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.to_string());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
