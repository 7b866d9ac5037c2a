//! The Asyncify fallback for engines without JSPI (WebKit).
//!
//! binaryen's Asyncify transform (applied when the plugin is built, see
//! `annex_protocol::abi::SuspensionMode`) lets a module save its call stack
//! into a buffer and restore it later. When the plugin calls an asynchronous
//! import:
//!
//! 1. the import starts the host work (a promise), then calls
//!    `asyncify_start_unwind(buffer)` and returns; every frame of the plugin
//!    saves its locals into the buffer and returns, up to the export;
//! 2. [`Asyncify::invoke`] sees the unwound state, stops it, awaits the
//!    promise, calls `asyncify_start_rewind(buffer)` and calls the export
//!    again with the same arguments;
//! 3. the frames restore their locals down to the import, which now stops
//!    the rewind and returns the promise's result; the plugin goes on as if
//!    the call had been synchronous.
//!
//! No SharedArrayBuffer, so no COOP/COEP headers, and the plugin's source
//! does not change. The buffer lives in the plugin's memory (allocated once
//! with `annex_alloc`); a call whose stack does not fit traps.

use std::cell::{Cell, RefCell};

use annex_protocol::abi::asyncify as names;
use annex_protocol::{ErrorCode, PluginError};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::memory::PluginMemory;

/// Bytes saved for the plugin's stack while a call is suspended.
const STACK_BYTES: u32 = 64 * 1024;

/// `asyncify_get_state` values.
const NORMAL: i32 = 0;
const UNWINDING: i32 = 1;
const REWINDING: i32 = 2;

/// Drives unwinding and rewinding for one instance.
#[derive(Default)]
pub(crate) struct Asyncify {
    /// The instance's Asyncify exports and buffer, once instantiated.
    bound: RefCell<Option<Bound>>,
    /// A call is running under [`Asyncify::invoke`]; imports outside one are refused.
    active: Cell<bool>,
    /// The host work the plugin is waiting for, between unwind and rewind.
    pending: RefCell<Option<Promise>>,
    /// That work's result, returned by the import when the stack is rewound.
    resolved: RefCell<JsValue>,
}

impl std::fmt::Debug for Asyncify {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asyncify").field("active", &self.active.get()).finish_non_exhaustive()
    }
}

struct Bound {
    start_unwind: Function,
    stop_unwind: Function,
    start_rewind: Function,
    stop_rewind: Function,
    get_state: Function,
    memory: PluginMemory,
    /// Address of the buffer: two `u32`s (where the saved stack's next byte
    /// goes, where the buffer ends), then the saved stack.
    buffer: u32,
}

impl Asyncify {
    /// Binds to an instance's exports and allocates the buffer (once).
    pub(super) fn bind(
        &self,
        exports: &JsValue,
        memory: &PluginMemory,
        alloc: &dyn Fn(u32) -> Result<u32, PluginError>,
    ) -> Result<(), PluginError> {
        if self.bound.borrow().is_some() {
            return Ok(());
        }
        let function = |name: &str| -> Result<Function, PluginError> {
            Reflect::get(exports, &name.into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(
                || {
                    PluginError::new(
                        ErrorCode::AbiMismatch,
                        format!("does not export `{name}` (the Asyncify transform adds it)"),
                    )
                },
            )
        };
        let bound = Bound {
            start_unwind: function(names::START_UNWIND)?,
            stop_unwind: function(names::STOP_UNWIND)?,
            start_rewind: function(names::START_REWIND)?,
            stop_rewind: function(names::STOP_REWIND)?,
            get_state: function(names::GET_STATE)?,
            memory: memory.clone(),
            buffer: alloc(STACK_BYTES + 8)?,
        };
        *self.bound.borrow_mut() = Some(bound);
        Ok(())
    }

    /// The import the plugin calls, around `implementation` (a JS function
    /// of `arity` numbers returning a promise of the result).
    pub(super) fn wrap_import(
        self: &std::rc::Rc<Self>,
        implementation: Function,
        arity: usize,
    ) -> Result<JsValue, PluginError> {
        let driver = self.clone();
        let on_call = move |args: Array| driver.on_import(&implementation, &args);
        type R = Result<JsValue, JsValue>;
        let import = match arity {
            0 => Closure::<dyn Fn() -> R>::new(move || on_call(Array::new())).into_js_value(),
            1 => Closure::<dyn Fn(JsValue) -> R>::new(move |a| on_call(Array::of1(&a)))
                .into_js_value(),
            2 => Closure::<dyn Fn(JsValue, JsValue) -> R>::new(move |a, b| {
                on_call(Array::of2(&a, &b))
            })
            .into_js_value(),
            3 => Closure::<dyn Fn(JsValue, JsValue, JsValue) -> R>::new(move |a, b, c| {
                on_call(Array::of3(&a, &b, &c))
            })
            .into_js_value(),
            4 => Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue) -> R>::new(
                move |a, b, c, d| on_call(Array::of4(&a, &b, &c, &d)),
            )
            .into_js_value(),
            n => {
                return Err(PluginError::new(
                    ErrorCode::WorkerFailed,
                    format!("no Asyncify wrapper for an import of {n} parameters"),
                ))
            }
        };
        Ok(import)
    }

    /// Runs an export until it really returns, suspending as often as the
    /// plugin calls asynchronous imports.
    pub(super) async fn invoke(&self, entry: &Function, args: &Array) -> Result<JsValue, JsValue> {
        self.active.set(true);
        let result = self.run(entry, args).await;
        self.active.set(false);
        result
    }

    async fn run(&self, entry: &Function, args: &Array) -> Result<JsValue, JsValue> {
        loop {
            let value = entry.apply(&JsValue::NULL, args)?;
            if self.state()? != UNWINDING {
                return Ok(value);
            }
            self.with_bound(|b| b.stop_unwind.call0(&JsValue::NULL))?;
            let promise = self
                .pending
                .borrow_mut()
                .take()
                .ok_or_else(|| JsValue::from_str("the plugin unwound without a host call"))?;
            let resolved = JsFuture::from(promise).await?;
            *self.resolved.borrow_mut() = resolved;
            self.with_bound(|b| b.start_rewind.call1(&JsValue::NULL, &b.buffer.into()))?;
        }
    }

    /// What the wrapped import does when the plugin calls it.
    fn on_import(&self, implementation: &Function, args: &Array) -> Result<JsValue, JsValue> {
        match self.state()? {
            REWINDING => {
                // Back at the suspended call: its result is ready.
                self.with_bound(|b| b.stop_rewind.call0(&JsValue::NULL))?;
                return Ok(self.resolved.replace(JsValue::UNDEFINED));
            }
            NORMAL if self.active.get() => {}
            NORMAL => {
                return Err(JsValue::from_str(
                    "an asynchronous host function was called outside annex_init/annex_call",
                ))
            }
            state => {
                return Err(JsValue::from_str(&format!("asyncify state {state} in an import")))
            }
        }
        let promise: Promise = implementation.apply(&JsValue::NULL, args)?.unchecked_into();
        *self.pending.borrow_mut() = Some(promise);
        self.with_bound(|b| {
            let start = b.buffer + 8;
            let header = [start.to_le_bytes(), (start + STACK_BYTES).to_le_bytes()].concat();
            if !b.memory.write(b.buffer, &header) {
                return Err(JsValue::from_str(
                    "the Asyncify buffer is outside the plugin's memory",
                ));
            }
            b.start_unwind.call1(&JsValue::NULL, &b.buffer.into())
        })?;
        // Ignored: the frames are unwinding, and the rewind returns the real result.
        Ok(JsValue::from(0))
    }

    /// After an export the worker called outside [`Self::invoke`]: the plugin
    /// must not have started a suspension there.
    pub(super) fn check_settled(&self) -> Result<(), PluginError> {
        match self.state() {
            Ok(NORMAL) => Ok(()),
            _ => Err(PluginError::new(
                ErrorCode::Protocol,
                "the plugin started an asynchronous host call outside a call",
            )),
        }
    }

    fn state(&self) -> Result<i32, JsValue> {
        let state = self.with_bound(|b| b.get_state.call0(&JsValue::NULL))?;
        Ok(state.as_f64().map_or(-1, |s| s as i32))
    }

    fn with_bound<T>(&self, f: impl FnOnce(&Bound) -> Result<T, JsValue>) -> Result<T, JsValue> {
        match self.bound.borrow().as_ref() {
            Some(bound) => f(bound),
            None => Err(JsValue::from_str("the Asyncify driver is not bound to an instance")),
        }
    }
}
