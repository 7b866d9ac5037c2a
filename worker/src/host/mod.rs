//! The host functions a plugin may import, built for one instance.
//!
//! Only the functions whose permission was granted are put in the import
//! object, so a module importing anything else fails to link; grants are also
//! checked on every call so that a revoked permission takes effect at once.
//! Every pointer comes from plugin code and is bounds-checked.

mod core;
mod network;
mod rate;
mod refusals;
mod storage;
mod store;
mod subscriptions;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use annex_protocol::abi::IMPORT_MODULE;
use annex_protocol::host_api::{HostFunction, HOST_FUNCTIONS, RESULT_ERROR};
use annex_protocol::message::{LogLevel, WorkerLimits, WorkerMessage, WorkerUsage};
use annex_protocol::permission::{Permission, PermissionSet};
use annex_protocol::{ErrorCode, PluginError};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::memory::PluginMemory;
use crate::suspend::Suspension;
use rate::{RateLimit, Verdict};
use refusals::Refusals;
use store::PluginStore;
use subscriptions::SubscriptionTable;

/// Where a plugin's log lines go.
pub type LogSink = Box<dyn Fn(LogLevel, String)>;

/// Where messages for the host go (events the plugin emits, subscriptions).
pub type HostSink = Box<dyn Fn(WorkerMessage)>;

/// What the host functions of one instance share.
pub(crate) struct HostState {
    /// Where its storage lives (see [`store`]).
    storage_namespace: String,
    /// Set right after instantiation (the memory is the plugin's own export).
    pub(crate) memory: RefCell<Option<PluginMemory>>,
    /// The message of the last panic, reported by the SDK's panic hook.
    pub(crate) panic: RefCell<Option<String>>,
    pub(crate) grants: RefCell<PermissionSet>,
    pub(crate) limits: WorkerLimits,
    /// The last host call's result, until the plugin takes it.
    result: RefCell<(Vec<u8>, Vec<u8>)>,
    log: LogSink,
    to_host: HostSink,
    store: RefCell<Option<Rc<PluginStore>>>,
    /// When the plugin's recent network requests started (ms), for the rate limit.
    requests: RefCell<VecDeque<f64>>,
    /// Network requests sent (or attempted past the policy checks).
    network_requests: Cell<u64>,
    pub(crate) event_rate: RateLimit,
    pub(crate) log_rate: RateLimit,
    /// The event types it is subscribed to.
    subscriptions: RefCell<SubscriptionTable>,
    /// Host calls refused for a permission it does not hold (now).
    refusals: RefCell<Refusals>,
}

impl HostState {
    pub(crate) fn new(
        storage_namespace: String,
        grants: PermissionSet,
        limits: WorkerLimits,
        log: LogSink,
        to_host: HostSink,
    ) -> Rc<Self> {
        Rc::new(Self {
            storage_namespace,
            memory: RefCell::new(None),
            panic: RefCell::new(None),
            grants: RefCell::new(grants),
            result: RefCell::default(),
            log,
            to_host,
            store: RefCell::new(None),
            requests: RefCell::default(),
            network_requests: Cell::new(0),
            event_rate: RateLimit::new(limits.events_per_second),
            log_rate: RateLimit::new(limits.logs_per_second),
            subscriptions: RefCell::default(),
            refusals: RefCell::default(),
            limits,
        })
    }

    /// Whether `limit` refuses one more `what` now; refusals are reported to
    /// the host at most once a second.
    fn throttled(&self, limit: &RateLimit, what: &str) -> bool {
        match limit.take(js_sys::Date::now()) {
            Verdict::Allowed => false,
            Verdict::Refused { report } => {
                if let Some(refused) = report {
                    (self.to_host)(WorkerMessage::Throttled { what: what.to_owned(), refused });
                }
                true
            }
        }
    }

    /// What the plugin has used so far.
    pub(crate) fn usage(&self) -> WorkerUsage {
        let storage_bytes = self.store.borrow().as_ref().and_then(|s| s.used_bytes.get());
        WorkerUsage { storage_bytes, network_requests: self.network_requests.get() }
    }

    fn memory(&self) -> Option<PluginMemory> {
        self.memory.borrow().clone()
    }

    /// Bytes at `ptr`, or an error for an out-of-bounds pointer.
    fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, PluginError> {
        self.memory().and_then(|m| m.read(ptr, len)).ok_or_else(|| {
            PluginError::bad_request(format!(
                "{len} bytes at {ptr} are outside the plugin's memory"
            ))
        })
    }

    /// Text at `ptr` for a log line or panic message: at most
    /// `max_log_bytes` of it are read, and a cut one says how much was cut.
    fn read_clipped(&self, ptr: u32, len: u32) -> Option<String> {
        let max = self.limits.max_log_bytes;
        let bytes = self.memory()?.read(ptr, len.min(max))?;
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        if len > max {
            text.push_str(&format!("… ({} more bytes cut)", len - max));
        }
        Some(text)
    }

    /// An event of `event_type` is being delivered to the plugin.
    pub(crate) fn event_delivered(&self, event_type: &str) {
        self.subscriptions.borrow_mut().delivered(event_type);
    }

    /// UTF-8 text at `ptr`.
    fn read_str(&self, ptr: u32, len: u32) -> Result<String, PluginError> {
        String::from_utf8(self.read(ptr, len)?)
            .map_err(|_| PluginError::bad_request("text is not UTF-8"))
    }

    /// Fails unless `permission` is granted now (it may have been revoked).
    /// A refusal is also reported to the host (see [`Refusals`]): the plugin
    /// may swallow the error, the host still sees what it tried.
    fn require(&self, permission: &Permission) -> Result<(), PluginError> {
        if self.grants.borrow().contains(permission) {
            return Ok(());
        }
        let report = self.refusals.borrow_mut().refuse(permission, js_sys::Date::now());
        if let Some(refused) = report {
            (self.to_host)(WorkerMessage::Refused { permission: permission.clone(), refused });
        }
        Err(PluginError::new(
            ErrorCode::PermissionDenied,
            format!("permission `{permission}` is not granted"),
        ))
    }

    /// Puts data (and a body) in the result slot; returns the data's length.
    fn answer(&self, data: Vec<u8>, body: Vec<u8>) -> i32 {
        let len = data.len() as i32;
        *self.result.borrow_mut() = (data, body);
        len
    }

    /// Puts an error in the result slot; returns [`RESULT_ERROR`].
    fn fail(&self, error: &PluginError) -> i32 {
        *self.result.borrow_mut() =
            (serde_json::to_vec(error).expect("errors serialize"), Vec::new());
        RESULT_ERROR
    }

    /// `answer` for `Ok`, `fail` for `Err`.
    fn settle(&self, outcome: Result<(Vec<u8>, Vec<u8>), PluginError>) -> i32 {
        match outcome {
            Ok((data, body)) => self.answer(data, body),
            Err(error) => self.fail(&error),
        }
    }

    /// The plugin's storage, opened on first use.
    async fn store(&self) -> Result<Rc<PluginStore>, PluginError> {
        if let Some(store) = self.store.borrow().as_ref() {
            return Ok(store.clone());
        }
        let store = Rc::new(
            PluginStore::open(&self.storage_namespace, self.limits.storage_quota_bytes).await?,
        );
        *self.store.borrow_mut() = Some(store.clone());
        Ok(store)
    }
}

/// The `annex` import object for a plugin with `state`'s grants. Async host
/// functions are wrapped by `suspension`, the way this instance's calls wait.
pub(crate) fn import_object(
    state: &Rc<HostState>,
    suspension: &Suspension,
) -> Result<Object, PluginError> {
    let annex = Object::new();
    for function in HOST_FUNCTIONS.iter().filter(|f| offered(f, state)) {
        let value = match function.name {
            "storage_get" | "storage_list" | "storage_set" | "storage_delete" | "storage_clear" => {
                storage::function(function.name, state)
            }
            "network_request" => network::function(state),
            name => core::function(name, state),
        };
        let value =
            if function.is_async { suspension.wrap_import(function, value)? } else { value };
        Reflect::set(&annex, &function.name.into(), &value)
            .expect("setting a property on a plain object");
    }
    let object = Object::new();
    Reflect::set(&object, &IMPORT_MODULE.into(), &annex)
        .expect("setting a property on a plain object");
    Ok(object)
}

/// Whether the grants allow importing `function` at all.
fn offered(function: &HostFunction, state: &HostState) -> bool {
    function.permission.as_ref().is_none_or(|p| state.grants.borrow().contains(p))
}

/// A JS value for an `i32` result.
fn int(value: i32) -> JsValue {
    JsValue::from(value)
}
