//! A scripted stand-in for the worker's host functions.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::host_api::{SystemInfo, ERR_PERMISSION_DENIED};
use annex_protocol::message::LogLevel;
use annex_protocol::permission::{Permission, PermissionSet};

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
}

#[derive(Debug, Default)]
struct State {
    granted: PermissionSet,
    system_info: SystemInfo,
    calls: Vec<HostCall>,
    panics: Vec<String>,
}

/// The host functions as seen by natively compiled plugin code.
///
/// Each thread has one current mock (tests run on their own threads, so they do
/// not share it). [`crate::testing::Harness`] installs a fresh one that grants
/// what the plugin's manifest requests; use [`MockHost::install`] to script
/// one by hand.
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

    /// Panic messages reported through the panic hook.
    pub fn panics(&self) -> Vec<String> {
        self.state.borrow().panics.clone()
    }

    pub(crate) fn record_log(&self, level: LogLevel, message: &str) {
        let call = HostCall::Log { level, message: message.to_owned() };
        self.state.borrow_mut().calls.push(call);
    }

    pub(crate) fn record_panic(&self, message: &str) {
        self.state.borrow_mut().panics.push(message.to_owned());
    }

    /// Answers like the worker's `system_info`: writes up to `buf.len()` bytes
    /// and returns the full length, or [`ERR_PERMISSION_DENIED`].
    pub(crate) fn answer_system_info(&self, buf: &mut [u8]) -> i32 {
        let mut state = self.state.borrow_mut();
        let allowed = state.granted.contains(&Permission::SystemInfo);
        state.calls.push(HostCall::SystemInfo { allowed });
        if !allowed {
            return ERR_PERMISSION_DENIED;
        }
        let json = serde_json::to_vec(&state.system_info).expect("SystemInfo serializes");
        let n = json.len().min(buf.len());
        buf[..n].copy_from_slice(&json[..n]);
        json.len() as i32
    }
}
