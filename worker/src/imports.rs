//! The host functions a plugin may import, built for one instance.
//!
//! Only the functions whose permission was granted are put in the import
//! object, so a module importing anything else fails to link; grants are also
//! checked on every call so that a revoked permission takes effect at once.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::abi::IMPORT_MODULE;
use annex_protocol::host_api::{host_function, SystemInfo, ERR_PERMISSION_DENIED};
use annex_protocol::message::LogLevel;
use annex_protocol::permission::{Permission, PermissionSet};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::memory::PluginMemory;

/// Where a plugin's log lines go.
pub type LogSink = Box<dyn Fn(LogLevel, String)>;

/// What the host functions of one instance share.
pub(crate) struct HostState {
    /// Set right after instantiation (the memory is the plugin's own export).
    pub(crate) memory: RefCell<Option<PluginMemory>>,
    /// The message of the last panic, reported by the SDK's panic hook.
    pub(crate) panic: RefCell<Option<String>>,
    pub(crate) grants: RefCell<PermissionSet>,
    log: LogSink,
}

impl HostState {
    pub(crate) fn new(grants: PermissionSet, log: LogSink) -> Rc<Self> {
        Rc::new(Self {
            memory: RefCell::new(None),
            panic: RefCell::new(None),
            grants: RefCell::new(grants),
            log,
        })
    }

    fn memory(&self) -> Option<PluginMemory> {
        self.memory.borrow().clone()
    }

    fn granted(&self, permission: &Permission) -> bool {
        self.grants.borrow().contains(permission)
    }
}

/// The import object plus the closures it points to (which must outlive the instance).
pub(crate) struct Imports {
    pub(crate) object: Object,
    _log: Closure<dyn Fn(i32, u32, u32)>,
    _panic: Closure<dyn Fn(u32, u32)>,
    _system_info: Option<Closure<dyn Fn(u32, u32) -> i32>>,
}

pub(crate) fn build(state: &Rc<HostState>) -> Imports {
    let annex = Object::new();

    let s = state.clone();
    let log = Closure::<dyn Fn(i32, u32, u32)>::new(move |level, ptr, len| {
        let text = s.memory().and_then(|m| m.read(ptr, len));
        let message = match text {
            Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            None => format!("(log call with an out-of-bounds message: {len} bytes at {ptr})"),
        };
        (s.log)(LogLevel::from_abi(level), message);
    });
    set(&annex, "log", log.as_ref());

    let s = state.clone();
    let panic = Closure::<dyn Fn(u32, u32)>::new(move |ptr, len| {
        let text = s.memory().and_then(|m| m.read(ptr, len));
        let message = text.map_or_else(
            || "panicked (message out of bounds)".to_owned(),
            |b| String::from_utf8_lossy(&b).into_owned(),
        );
        *s.panic.borrow_mut() = Some(message);
    });
    set(&annex, "panic", panic.as_ref());

    let system_info = state.granted(&Permission::SystemInfo).then(|| {
        let s = state.clone();
        let f = Closure::<dyn Fn(u32, u32) -> i32>::new(move |ptr, cap| {
            if !s.granted(&Permission::SystemInfo) {
                return ERR_PERMISSION_DENIED;
            }
            let json = serde_json::to_vec(&system_info()).expect("SystemInfo serializes");
            let n = json.len().min(cap as usize);
            match s.memory() {
                Some(memory) if memory.write(ptr, &json[..n]) => json.len() as i32,
                _ => ERR_PERMISSION_DENIED - 1,
            }
        });
        set(&annex, "system_info", f.as_ref());
        f
    });
    debug_assert!(["log", "panic", "system_info"].iter().all(|name| host_function(
        IMPORT_MODULE,
        name
    )
    .is_some()));

    let object = Object::new();
    set(&object, IMPORT_MODULE, &annex);
    Imports { object, _log: log, _panic: panic, _system_info: system_info }
}

fn system_info() -> SystemInfo {
    let navigator =
        Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
    let get = |key: &str| Reflect::get(&navigator, &key.into()).unwrap_or(JsValue::UNDEFINED);
    SystemInfo {
        hardware_concurrency: get("hardwareConcurrency").as_f64().unwrap_or(1.0) as u32,
        language: get("language").as_string().unwrap_or_default(),
        user_agent: get("userAgent").as_string().unwrap_or_default(),
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).expect("setting a property on a plain object");
}
