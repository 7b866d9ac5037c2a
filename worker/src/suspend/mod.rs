//! How a plugin's synchronous code waits for an asynchronous host function.
//!
//! This is one axis of the worker, separate from the plugin ABI: the ABI
//! says which exports to call with what, a [`Suspension`] says how a call
//! that reaches an asynchronous import (IndexedDB, `fetch`) waits for it.
//! It is chosen once, at instantiation, from what the module imports, what
//! the engine has and what the host asked for:
//!
//! * [`Suspension::Direct`]: the module imports no asynchronous function;
//!   exports are called straight through.
//! * [`Suspension::Jspi`]: JavaScript Promise Integration (Chromium,
//!   Firefox): imports wrapped in `WebAssembly.Suspending`, exports in
//!   `WebAssembly.promising`; the engine suspends the wasm stack.
//! * [`Suspension::Asyncify`]: engines without JSPI (WebKit), for modules
//!   built with binaryen's Asyncify transform: the worker unwinds the
//!   plugin's stack into a buffer in its memory, awaits the promise, then
//!   calls the export again to rewind it (see [`asyncify`]).
//!
//! In every mode the event loop awaits the call before taking the next
//! message, so the plugin is never entered twice at once.

mod asyncify;
mod jspi;

use std::rc::Rc;

use annex_protocol::abi::{self, CallSuspension, SuspensionMode};
use annex_protocol::host_api::HostFunction;
use annex_protocol::{ErrorCode, PluginError};
use js_sys::{Array, Function, Promise, Reflect, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::memory::PluginMemory;

pub(crate) use asyncify::Asyncify;

/// How calls into one plugin instance wait for asynchronous imports.
#[derive(Debug, Clone)]
pub(crate) enum Suspension {
    /// No asynchronous imports: nothing to wait for.
    Direct,
    /// The engine suspends the stack (JSPI).
    Jspi,
    /// The worker unwinds and rewinds the stack (Asyncify-transformed module).
    Asyncify(Rc<Asyncify>),
}

impl Suspension {
    /// Picks the mechanism for a module; `needs_async` says whether it imports
    /// an asynchronous host function.
    pub(crate) fn choose(
        needs_async: bool,
        module: &WebAssembly::Module,
        mode: SuspensionMode,
    ) -> Result<Self, PluginError> {
        if !needs_async {
            return Ok(Self::Direct);
        }
        let transformed = exports_asyncify(module);
        match mode {
            SuspensionMode::Asyncify if transformed => Ok(Self::Asyncify(Rc::default())),
            SuspensionMode::Asyncify => Err(PluginError::new(
                ErrorCode::Unsupported,
                "the host asked for the Asyncify fallback, and this module was not built with \
                 the Asyncify transform",
            )),
            _ if jspi::available() => Ok(Self::Jspi),
            _ if transformed => Ok(Self::Asyncify(Rc::default())),
            _ => Err(PluginError::new(
                ErrorCode::Unsupported,
                "it uses storage or network, which need JavaScript Promise Integration \
                 (WebAssembly.Suspending), and this browser does not have it; a module built \
                 with the Asyncify transform (the Annex build tools apply it) runs without it",
            )),
        }
    }

    /// What this mechanism is reported as.
    pub(crate) fn kind(&self) -> CallSuspension {
        match self {
            Self::Direct => CallSuspension::Direct,
            Self::Jspi => CallSuspension::Jspi,
            Self::Asyncify(_) => CallSuspension::Asyncify,
        }
    }

    /// Wraps the implementation of an asynchronous host function (a JS
    /// function returning a promise of the `i32` result) as the import the
    /// plugin calls synchronously.
    pub(crate) fn wrap_import(
        &self,
        function: &HostFunction,
        implementation: JsValue,
    ) -> Result<JsValue, PluginError> {
        let cannot = |e: JsValue| {
            PluginError::new(
                ErrorCode::WorkerFailed,
                format!(
                    "cannot wrap `{}` for {}: {}",
                    function.name,
                    self.kind(),
                    crate::js::error_text(&e)
                ),
            )
        };
        match self {
            // A module without async imports never gets one offered.
            Self::Direct => Ok(implementation),
            Self::Jspi => jspi::suspending(&implementation).map_err(cannot),
            Self::Asyncify(driver) => {
                driver.wrap_import(implementation.unchecked_into(), function.params.len())
            }
        }
    }

    /// After instantiation: the callable for export `name` (wrapped with
    /// `WebAssembly.promising` under JSPI). The first call under Asyncify
    /// also binds the driver to the instance's exports and memory.
    pub(crate) fn entry(
        &self,
        exports: &JsValue,
        name: &str,
        memory: &PluginMemory,
        alloc: &dyn Fn(u32) -> Result<u32, PluginError>,
    ) -> Result<Function, PluginError> {
        let export: Function = Reflect::get(exports, &name.into())
            .ok()
            .and_then(|e| e.dyn_into().ok())
            .ok_or_else(|| missing(name))?;
        match self {
            Self::Direct => Ok(export),
            Self::Jspi => jspi::promising(&export).map_err(|e| {
                PluginError::new(
                    ErrorCode::AbiMismatch,
                    format!("cannot wrap `{name}`: {}", crate::js::error_text(&e)),
                )
            }),
            Self::Asyncify(driver) => {
                driver.bind(exports, memory, alloc)?;
                Ok(export)
            }
        }
    }

    /// Calls an entry with `args` and waits until it has really returned
    /// (through any number of suspensions). An `Err` is what the plugin threw
    /// (a trap).
    pub(crate) async fn invoke(&self, entry: &Function, args: &Array) -> Result<i32, JsValue> {
        let value = match self {
            Self::Direct => entry.apply(&JsValue::NULL, args)?,
            Self::Jspi => {
                let promise: Promise = entry.apply(&JsValue::NULL, args)?.unchecked_into();
                JsFuture::from(promise).await?
            }
            Self::Asyncify(driver) => driver.invoke(entry, args).await?,
        };
        Ok(value.as_f64().map_or(-1, |v| v as i32))
    }

    /// Checks, after the worker called an export outside [`Self::invoke`]
    /// (`annex_alloc`, `annex_output`), that the plugin did not start a
    /// suspension there.
    pub(crate) fn check_settled(&self) -> Result<(), PluginError> {
        match self {
            Self::Asyncify(driver) => driver.check_settled(),
            _ => Ok(()),
        }
    }
}

/// Whether the module exports every function the Asyncify transform adds.
fn exports_asyncify(module: &WebAssembly::Module) -> bool {
    let names: Vec<String> = WebAssembly::Module::exports(module)
        .iter()
        .filter_map(|e| Reflect::get(&e, &"name".into()).ok()?.as_string())
        .collect();
    abi::asyncify::EXPORTS.iter().all(|wanted| names.iter().any(|n| n == wanted))
}

fn missing(name: &str) -> PluginError {
    PluginError::new(ErrorCode::AbiMismatch, format!("does not export the function `{name}`"))
}
