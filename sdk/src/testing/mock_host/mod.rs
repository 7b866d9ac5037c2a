//! A scripted stand-in for the worker's host functions.

mod network;
mod storage;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use annex_protocol::host_api::{SystemInfo, ERR_PERMISSION_DENIED, RESULT_ERROR};
use annex_protocol::message::LogLevel;
use annex_protocol::permission::{Permission, PermissionSet};
use annex_protocol::{ErrorCode, PluginError};

pub use network::MockResponse;

/// A host function call the plugin made, as recorded by [`MockHost`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostCall {
    /// `log`.
    Log {
        /// Severity.
        level: LogLevel,
        /// The message.
        message: String,
    },
    /// `system_info`; `allowed` is whether the permission was granted.
    SystemInfo {
        /// Whether the mock answered (permission granted) or refused.
        allowed: bool,
    },
    /// A storage call: `get`, `set`, `delete`, `list` or `clear`, and its key or pattern.
    Storage {
        /// Which operation.
        op: &'static str,
        /// The key or pattern (empty for `clear`).
        key: String,
    },
    /// A network request that was sent (allowed).
    Network {
        /// Method.
        method: String,
        /// URL.
        url: String,
    },
    /// An event the plugin emitted.
    Emit {
        /// Its type.
        event_type: String,
        /// Its data.
        data: serde_json::Value,
    },
}

#[derive(Debug, Default)]
struct State {
    granted: PermissionSet,
    system_info: SystemInfo,
    calls: Vec<HostCall>,
    panics: Vec<String>,
    result: (Vec<u8>, Vec<u8>),
    storage: storage::MockStorage,
    network: network::MockNetwork,
    subscriptions: BTreeSet<String>,
}

/// The host functions as seen by natively compiled plugin code.
///
/// Each thread has one current mock (tests run on their own threads, so they do
/// not share it). [`crate::testing::Harness`] installs a fresh one that grants
/// what the plugin's manifest requests; use [`MockHost::install`] to script
/// one by hand. Storage is an in-memory map with a quota (1 MiB unless set);
/// network requests go nowhere: each is answered from the responses you
/// script, and only hosts you allow are reachable.
#[derive(Debug, Clone, Default)]
pub struct MockHost {
    state: Rc<RefCell<State>>,
}

thread_local! {
    static CURRENT: RefCell<Option<MockHost>> = const { RefCell::new(None) };
}

impl MockHost {
    /// Installs a fresh mock for this thread, granting nothing, and returns it.
    pub fn install() -> Self {
        let host = Self::default();
        CURRENT.with(|c| *c.borrow_mut() = Some(host.clone()));
        host
    }

    /// Makes this mock the thread's current one again (after another was installed).
    pub fn make_current(&self) -> &Self {
        CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
        self
    }

    /// The thread's current mock, installing a fresh one if there is none.
    pub fn current() -> Self {
        CURRENT.with(|c| c.borrow_mut().get_or_insert_with(Self::default).clone())
    }

    /// Grants a permission.
    pub fn grant(&self, permission: Permission) -> &Self {
        self.state.borrow_mut().granted.insert(permission);
        self
    }

    /// Revokes a permission; the next gated call fails as in the browser.
    pub fn revoke(&self, permission: &Permission) -> &Self {
        self.state.borrow_mut().granted.remove(permission);
        self
    }

    /// Sets what `system_info` answers.
    pub fn set_system_info(&self, info: SystemInfo) -> &Self {
        self.state.borrow_mut().system_info = info;
        self
    }

    /// Every host call so far, in order.
    pub fn calls(&self) -> Vec<HostCall> {
        self.state.borrow().calls.clone()
    }

    /// Every log line so far.
    pub fn logs(&self) -> Vec<(LogLevel, String)> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                HostCall::Log { level, message } => Some((level, message)),
                _ => None,
            })
            .collect()
    }

    /// Events the plugin emitted, in order.
    pub fn emitted(&self) -> Vec<(String, serde_json::Value)> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                HostCall::Emit { event_type, data } => Some((event_type, data)),
                _ => None,
            })
            .collect()
    }

    /// Event types the plugin is subscribed to.
    pub fn subscriptions(&self) -> Vec<String> {
        self.state.borrow().subscriptions.iter().cloned().collect()
    }

    /// Panic messages reported through the panic hook.
    pub fn panics(&self) -> Vec<String> {
        self.state.borrow().panics.clone()
    }

    pub(crate) fn record(&self, call: HostCall) {
        self.state.borrow_mut().calls.push(call);
    }

    pub(crate) fn record_log(&self, level: LogLevel, message: &str) {
        self.record(HostCall::Log { level, message: message.to_owned() });
    }

    pub(crate) fn record_panic(&self, message: &str) {
        self.state.borrow_mut().panics.push(message.to_owned());
    }

    /// Fails unless `permission` is granted, as the worker does.
    pub(crate) fn require(&self, permission: &Permission) -> Result<(), PluginError> {
        if self.state.borrow().granted.contains(permission) {
            Ok(())
        } else {
            Err(PluginError::new(
                ErrorCode::PermissionDenied,
                format!("permission `{permission}` is not granted"),
            ))
        }
    }

    /// Fills the result slot like the worker; returns the code the plugin sees.
    pub(crate) fn answer(&self, outcome: Result<(Vec<u8>, Vec<u8>), PluginError>) -> i32 {
        let mut state = self.state.borrow_mut();
        match outcome {
            Ok((data, body)) => {
                let len = data.len() as i32;
                state.result = (data, body);
                len
            }
            Err(error) => {
                state.result = (serde_json::to_vec(&error).expect("errors serialize"), Vec::new());
                RESULT_ERROR
            }
        }
    }

    pub(crate) fn result_len(&self) -> usize {
        self.state.borrow().result.0.len()
    }

    pub(crate) fn take_result(&self, len: usize, body: bool) -> Vec<u8> {
        let state = self.state.borrow();
        let data = if body { &state.result.1 } else { &state.result.0 };
        data[..len.min(data.len())].to_vec()
    }

    /// Answers like the worker's `system_info`: writes up to `buf.len()` bytes
    /// and returns the full length, or [`ERR_PERMISSION_DENIED`].
    pub(crate) fn answer_system_info(&self, buf: &mut [u8]) -> i32 {
        let allowed = self.require(&Permission::SystemInfo).is_ok();
        self.record(HostCall::SystemInfo { allowed });
        if !allowed {
            return ERR_PERMISSION_DENIED;
        }
        let json =
            serde_json::to_vec(&self.state.borrow().system_info).expect("SystemInfo serializes");
        let n = json.len().min(buf.len());
        buf[..n].copy_from_slice(&json[..n]);
        json.len() as i32
    }

    pub(crate) fn events_emit(&self, event_type: &str, data: &[u8]) -> i32 {
        let outcome = serde_json::from_slice(data)
            .map_err(|e| PluginError::bad_request(format!("event data is not JSON: {e}")))
            .map(|data| {
                self.record(HostCall::Emit { event_type: event_type.to_owned(), data });
                (Vec::new(), Vec::new())
            });
        self.answer(outcome)
    }

    pub(crate) fn events_subscribe(&self, event_type: &str, subscribe: bool, _once: bool) -> i32 {
        {
            let mut state = self.state.borrow_mut();
            if subscribe {
                state.subscriptions.insert(event_type.to_owned());
            } else {
                state.subscriptions.remove(event_type);
            }
        }
        self.answer(Ok((Vec::new(), Vec::new())))
    }
}
