//! One instantiated plugin, driven through the Annex ABI.

use std::cell::Cell;
use std::rc::Rc;

use annex_protocol::abi::{
    export, CallStatus, CallSuspension, SuspensionMode, ABI_VERSION, IMPORT_MODULE,
};
use annex_protocol::host_api::host_function;
use annex_protocol::message::{InitRequest, PluginRequest, PluginResponse, WorkerLimits};
use annex_protocol::permission::PermissionSet;
use annex_protocol::{ErrorCode, PluginError, PluginId};
use js_sys::{Array, Function, Reflect, Uint8Array, WebAssembly};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::abi_exports::AbiExports;
use crate::host::{self, HostSink, HostState, LogSink};
use crate::memory::PluginMemory;
use crate::suspend::Suspension;
use crate::trap::TrapKind;

/// What a plugin instance may do, and where its messages go.
pub struct HostEnv {
    /// Permissions granted; only the matching host functions are offered.
    pub grants: PermissionSet,
    /// Limits enforced on its storage and network calls.
    pub limits: WorkerLimits,
    /// Where its log lines go.
    pub log: LogSink,
    /// Where its events and subscriptions go.
    pub to_host: HostSink,
    /// How calls wait for asynchronous host functions.
    pub suspension: SuspensionMode,
    /// Where its storage lives: the host's key for its publisher and id.
    pub storage_namespace: String,
}

impl std::fmt::Debug for HostEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostEnv").field("grants", &self.grants).finish_non_exhaustive()
    }
}

/// A plugin module instantiated with the host functions it was granted.
pub struct PluginInstance {
    plugin: PluginId,
    exports: AbiExports,
    memory: PluginMemory,
    state: Rc<HostState>,
    /// How calls wait for asynchronous host functions.
    suspension: Suspension,
    /// `annex_init` and `annex_call`, as `suspension` calls them.
    init_entry: Function,
    call_entry: Function,
    /// Set after a trap: the plugin's own state can no longer be trusted.
    trapped: Cell<bool>,
}

impl std::fmt::Debug for PluginInstance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginInstance").field("plugin", &self.plugin).finish_non_exhaustive()
    }
}

impl PluginInstance {
    /// Instantiates `module`, offering only the host functions `env.grants` allow.
    ///
    /// The module's imports are checked first, so an ungranted import is an
    /// error naming the permission rather than a bare link error, and a module
    /// that cannot suspend in this browser (no JSPI and no Asyncify transform)
    /// is refused with a clear message.
    pub async fn instantiate(
        plugin: PluginId,
        module: &WebAssembly::Module,
        env: HostEnv,
    ) -> Result<Self, PluginError> {
        let needs_async = check_imports(module, &env.grants)?;
        let suspension = Suspension::choose(needs_async, module, env.suspension)?;
        let state =
            HostState::new(env.storage_namespace, env.grants, env.limits, env.log, env.to_host);
        let imports = host::import_object(&state, &suspension)?;
        let instance = JsFuture::from(WebAssembly::instantiate_module(module, &imports))
            .await
            .map_err(|e| {
                PluginError::new(
                    ErrorCode::ModuleInvalid,
                    format!("cannot instantiate: {}", crate::js::error_text(&e)),
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
        let trap = |e: &JsValue| {
            PluginError::new(ErrorCode::Trap, format!("trapped: {}", crate::js::error_text(e)))
        };
        let version = exports.abi_version().map_err(|e| trap(&e))?;
        if version != ABI_VERSION {
            return Err(abi_error(format!(
                "speaks Annex ABI version {version}; this worker speaks version {ABI_VERSION}"
            )));
        }
        let alloc = |len: u32| alloc_in(&exports, len, &trap);
        let init_entry = suspension.entry(&exports, export::INIT, &memory, &alloc)?;
        let call_entry = suspension.entry(&exports, export::CALL, &memory, &alloc)?;
        Ok(Self {
            plugin,
            exports,
            memory,
            state,
            suspension,
            init_entry,
            call_entry,
            trapped: Cell::new(false),
        })
    }

    /// How this instance's calls wait for asynchronous host functions.
    pub fn suspension(&self) -> CallSuspension {
        self.suspension.kind()
    }

    /// Runs the plugin's `annex_init`: `validate_config`, then `initialize`.
    pub async fn init(&self, init: &InitRequest) -> Result<(), PluginError> {
        let json = serde_json::to_vec(init).expect("init requests serialize");
        let (ptr, len) = self.put(&json)?;
        let args = Array::of2(&ptr.into(), &len.into());
        let status = self.enter(&self.init_entry, &args).await?;
        self.output::<serde_json::Value>(status).map(|_| ())
    }

    /// Calls the plugin with a request and an optional byte payload.
    ///
    /// When the response payload has the request payload's size (filters work
    /// in place), it is copied back into the request's buffer and that buffer
    /// is returned, so a transferred buffer can be transferred straight back.
    pub async fn call(
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
        if let PluginRequest::Event(event) = request {
            self.state.event_delivered(&event.event_type);
        }
        let json = serde_json::to_vec(request).expect("requests serialize");
        let (req_ptr, req_len) = self.put(&json)?;
        let (data_ptr, data_len) = match &payload {
            Some(bytes) => self.put_array(bytes)?,
            None => (0, 0),
        };
        let args = Array::of4(&req_ptr.into(), &req_len.into(), &data_ptr.into(), &data_len.into());
        let status = self.enter(&self.call_entry, &args).await?;
        let response = self.output::<PluginResponse>(status)?;
        crate::answers::check(request, &response)?;
        let [_, _, bytes_ptr, bytes_len] = self.record()?;
        let max = self.state.limits.max_result_bytes;
        self.check_result_size("the data it returned", bytes_len, ("max_result_bytes", max))?;
        if matches!(request, PluginRequest::SaveState) {
            self.check_state_size(bytes_len)?;
        }
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

    /// Runs `annex_init` or `annex_call` to its end; a throw is a trap.
    async fn enter(&self, entry: &Function, args: &Array) -> Result<i32, PluginError> {
        self.suspension.invoke(entry, args).await.map_err(|e| self.trap(&e))
    }

    /// Size of the plugin's linear memory in bytes.
    pub fn memory_bytes(&self) -> u32 {
        self.memory.size()
    }

    /// What the plugin has used of its storage and network limits.
    pub fn usage(&self) -> annex_protocol::message::WorkerUsage {
        self.state.usage()
    }

    /// The plugin's id.
    pub fn plugin(&self) -> &PluginId {
        &self.plugin
    }

    /// Grants a permission, or revokes it; effective from the next host call.
    pub fn set_grant(&self, permission: annex_protocol::Permission, granted: bool) {
        let mut grants = self.state.grants.borrow_mut();
        if granted {
            grants.insert(permission);
        } else {
            grants.remove(&permission);
        }
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
        let ptr = alloc_in(&self.exports, len, &|e| self.trap(e))?;
        self.suspension.check_settled().map_err(|e| self.poisoned(e))?;
        Ok(ptr)
    }

    /// Marks the instance unusable and passes the error on.
    fn poisoned(&self, error: PluginError) -> PluginError {
        self.trapped.set(true);
        error
    }

    fn record(&self) -> Result<[u32; 4], PluginError> {
        let at = self.exports.output().map_err(|e| self.trap(&e))? as u32;
        self.memory.read_u32s(at).ok_or_else(|| self.out_of_bounds())
    }

    /// Decodes the JSON output of the last `annex_init` / `annex_call`.
    fn output<T: DeserializeOwned>(&self, status: i32) -> Result<T, PluginError> {
        let [json_ptr, json_len, _, _] = self.record()?;
        let max = self.state.limits.max_answer_bytes;
        self.check_result_size("its answer", json_len, ("max_answer_bytes", max))?;
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

    /// Refuses a result larger than the `limit` named before copying it, so
    /// a plugin cannot push more than that onto the page.
    fn check_result_size(
        &self,
        what: &str,
        len: u32,
        (limit, max): (&str, u64),
    ) -> Result<(), PluginError> {
        if u64::from(len) <= max {
            return Ok(());
        }
        Err(PluginError::new(
            ErrorCode::BudgetExceeded,
            format!(
                "{what} is {len} bytes, more than its limit of {max} bytes ({limit}); it was dropped"
            ),
        ))
    }

    /// Refuses a saved state larger than the plugin's limit: the host keeps
    /// every plugin's last checkpoint, so each must stay small.
    fn check_state_size(&self, len: u32) -> Result<(), PluginError> {
        let max = self.state.limits.max_state_bytes;
        if u64::from(len) <= max {
            return Ok(());
        }
        Err(PluginError::new(
            ErrorCode::BudgetExceeded,
            format!("its saved state is {len} bytes, more than its limit of {max} bytes; it was dropped"),
        ))
    }

    /// Turns a thrown exception (a trap) into an error, using the panic
    /// message if the plugin reported one just before trapping.
    fn trap(&self, error: &JsValue) -> PluginError {
        self.trapped.set(true);
        let text = crate::js::error_text(error);
        if let Some(message) = self.state.panic.borrow_mut().take() {
            return PluginError::new(ErrorCode::Panic, message);
        }
        // An allocator that cannot grow the memory aborts: an `unreachable`
        // trap with no panic message. The failed request's size is unknown,
        // so "near the cap" (three quarters or more) is taken as the sign.
        let kind = TrapKind::of(&text);
        let size = u64::from(self.memory.size());
        match self.state.limits.memory_max_bytes {
            Some(max) if size * 4 >= max * 3 && kind == TrapKind::Unreachable => {
                let at = if size + 64 * 1024 > max {
                    format!("at its {} MiB cap", max >> 20)
                } else {
                    format!("at {} of its {} MiB cap", size >> 20, max >> 20)
                };
                PluginError::new(
                    ErrorCode::MemoryLimit,
                    format!("ran out of memory (most likely): its linear memory is {at} ({text})"),
                )
            }
            _ => {
                PluginError::new(ErrorCode::Trap, format!("trapped: {} ({text})", kind.describe()))
            }
        }
    }

    fn out_of_bounds(&self) -> PluginError {
        PluginError::new(ErrorCode::Protocol, "plugin pointed outside its memory")
    }
}

/// Refuses imports the grants do not cover, naming the permission; returns
/// whether the module imports an asynchronous host function.
fn check_imports(
    module: &WebAssembly::Module,
    grants: &PermissionSet,
) -> Result<bool, PluginError> {
    let imports: Array = WebAssembly::Module::imports(module);
    let mut needs_async = false;
    for import in imports.iter() {
        let field = |key: &str| Reflect::get(&import, &key.into()).ok().and_then(|v| v.as_string());
        let (module_name, name) =
            (field("module").unwrap_or_default(), field("name").unwrap_or_default());
        let Some(function) = host_function(&module_name, &name) else {
            return Err(PluginError::new(
                ErrorCode::ImportUnknown,
                format!("imports `{module_name}.{name}`, which the host does not provide"),
            ));
        };
        if let Some(permission) = function.permission.as_ref().filter(|p| !grants.contains(*p)) {
            return Err(PluginError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "imports `{IMPORT_MODULE}.{name}`, which needs permission `{permission}`, and it was not granted"
                ),
            ));
        }
        needs_async |= function.is_async;
    }
    Ok(needs_async)
}

/// `annex_alloc(len)`; 0 bytes need no allocation.
fn alloc_in(
    exports: &AbiExports,
    len: u32,
    trap: &dyn Fn(&JsValue) -> PluginError,
) -> Result<u32, PluginError> {
    if len == 0 {
        return Ok(0);
    }
    let ptr = exports.alloc(len).map_err(|e| trap(&e))? as u32;
    if ptr == 0 {
        return Err(PluginError::new(
            ErrorCode::PluginError,
            format!("out of memory: cannot allocate {len} bytes"),
        ));
    }
    Ok(ptr)
}

fn abi_error(message: String) -> PluginError {
    PluginError::new(ErrorCode::AbiMismatch, message)
}
