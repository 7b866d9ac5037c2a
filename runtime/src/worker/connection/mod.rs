//! One plugin's dedicated Web Worker, owned by the host.
//!
//! The host creates the `Worker` itself (rather than through a worker library)
//! so it can `terminate()` it and pass transfer lists.
//!
//! Here: the shared state and the handle. Starting the worker is in
//! `startup`, calls and their tracking in `requests`, what the worker sends in
//! `incoming`, and terminating it (a budget past, a failure) in `termination`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use annex_protocol::abi::CallSuspension as SuspensionUsed;
use annex_protocol::message::{PluginResponse, WorkerMessage, WorkerUsage};
use annex_protocol::PluginId;
use futures::channel::oneshot;
use js_sys::ArrayBuffer;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::js::error_text;
use crate::{Error, Result};

mod incoming;
mod requests;
mod startup;
mod termination;
mod watchdog;

/// A reply to a call: the plugin's response and the payload that came back.
pub(crate) type Reply = (PluginResponse, Option<ArrayBuffer>);

/// Answers to the start-up handshake (boot, then load).
type Control = std::result::Result<WorkerMessage, Error>;

struct State {
    next_call: u32,
    pending: HashMap<u32, oneshot::Sender<Result<Reply>>>,
    control: Option<oneshot::Sender<Control>>,
    /// Set once the worker is gone; every later call fails with this reason.
    failed: Option<Error>,
    memory_bytes: u32,
    suspension: Option<SuspensionUsed>,
    usage: WorkerUsage,
}

/// Told once, with the reason, when the worker stops for any reason.
pub(crate) type OnFailure = Box<dyn Fn(&Error)>;

/// Given what the plugin sends on its own: events it emits, subscriptions.
pub(crate) type OnPluginMessage = Box<dyn Fn(WorkerMessage)>;

/// Where a connection reports to the plugin that owns it.
pub(crate) struct Callbacks {
    pub(crate) on_failure: OnFailure,
    pub(crate) on_message: OnPluginMessage,
}

struct Shared {
    /// The plugin it runs; a placeholder while it waits in the warm pool.
    plugin: RefCell<PluginId>,
    worker: Worker,
    state: RefCell<State>,
    handlers: RefCell<Option<Handlers>>,
    on_failure: RefCell<OnFailure>,
    on_message: RefCell<OnPluginMessage>,
}

impl Shared {
    fn plugin(&self) -> PluginId {
        self.plugin.borrow().clone()
    }
}

struct Handlers {
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// The host's handle on one plugin worker.
#[derive(Clone)]
pub(crate) struct WorkerConnection {
    shared: Rc<Shared>,
}

impl std::fmt::Debug for WorkerConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerConnection").field("plugin", &self.shared.plugin()).finish()
    }
}

impl WorkerConnection {
    /// Why the worker stopped, if it did.
    pub(crate) fn failure(&self) -> Option<Error> {
        self.shared.state.borrow().failed.clone()
    }

    /// Linear memory of the plugin after its last call, in bytes.
    pub(crate) fn memory_bytes(&self) -> u32 {
        self.shared.state.borrow().memory_bytes
    }

    /// How the plugin's calls suspend, as its worker reported.
    pub(crate) fn suspension(&self) -> Option<SuspensionUsed> {
        self.shared.state.borrow().suspension
    }

    /// Storage and network use, as of the last reply.
    pub(crate) fn usage(&self) -> WorkerUsage {
        self.shared.state.borrow().usage
    }

    fn post(&self, message: &JsValue, transfer: Option<&js_sys::Array>) -> Result<()> {
        let posted = match transfer {
            Some(transfer) => self.shared.worker.post_message_with_transfer(message, transfer),
            None => self.shared.worker.post_message(message),
        };
        posted.map_err(|e| self.worker_error(format!("cannot post a message: {}", error_text(&e))))
    }

    /// A message that cannot become a JS value: nothing was sent.
    fn unsendable(&self, reason: &str) -> Error {
        Error::InvalidInput(format!(
            "plugin {}: the message cannot be sent to its worker: {reason}",
            self.shared.plugin()
        ))
    }

    fn worker_error(&self, reason: String) -> Error {
        Error::Worker { plugin: self.shared.plugin(), reason }
    }
}
