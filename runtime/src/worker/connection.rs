//! One plugin's dedicated Web Worker, owned by the host.
//!
//! The host creates the `Worker` itself (rather than through a worker library)
//! so it can `terminate()` it and pass transfer lists.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use annex_protocol::abi::{CallSuspension as SuspensionUsed, SuspensionMode};
use annex_protocol::message::{
    HostMessage, InitRequest, LogLevel, PluginRequest, PluginResponse, WorkerLimits, WorkerMessage,
    WorkerUsage,
};
use annex_protocol::{Permission, PluginId};
use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{ArrayBuffer, WebAssembly};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::envelope;
use crate::js::error_text;
use crate::{Error, Result, WorkerSource};

#[wasm_bindgen]
extern "C" {
    /// A `Worker` whose methods are looked up on the object at each call
    /// (web-sys binds `Worker.prototype.terminate` once), so pages that wrap
    /// `Worker` for instrumentation, as our tests do, see the call.
    type DynamicWorker;

    #[wasm_bindgen(method, structural)]
    fn terminate(this: &DynamicWorker);
}

fn terminate(worker: &Worker) {
    worker.unchecked_ref::<DynamicWorker>().terminate();
}

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
    /// Starts a worker for `plugin` and waits until its code runs.
    pub(crate) async fn spawn(
        plugin: PluginId,
        name: &str,
        source: &WorkerSource,
        worker_module: &WebAssembly::Module,
        budget: Duration,
        callbacks: Callbacks,
    ) -> Result<Self> {
        let connection = Self::boot(name, source, worker_module, budget).await?;
        connection.assign(plugin, callbacks);
        Ok(connection)
    }

    /// Starts a worker not yet given to any plugin (for the warm pool).
    pub(crate) async fn boot(
        name: &str,
        source: &WorkerSource,
        worker_module: &WebAssembly::Module,
        budget: Duration,
    ) -> Result<Self> {
        let placeholder: PluginId = "annex.warm-worker".parse().expect("a valid id");
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name(name);
        let worker =
            Worker::new_with_options(&source.script_url, &options).map_err(|e| Error::Worker {
                plugin: placeholder.clone(),
                reason: format!("cannot create: {}", error_text(&e)),
            })?;
        let shared = Rc::new(Shared {
            plugin: RefCell::new(placeholder),
            worker,
            state: RefCell::new(State {
                next_call: 0,
                pending: HashMap::new(),
                control: None,
                failed: None,
                memory_bytes: 0,
                suspension: None,
                usage: WorkerUsage::default(),
            }),
            handlers: RefCell::new(None),
            on_failure: RefCell::new(Box::new(|_| {})),
            on_message: RefCell::new(Box::new(|_| {})),
        });
        install_handlers(&shared);
        let connection = Self { shared };
        match connection.control(None, "worker start", budget).await? {
            WorkerMessage::Listening => {}
            other => return Err(connection.unexpected(&other)),
        }
        let boot = (envelope::boot(worker_module), None);
        match connection.control(Some(boot), "worker start", budget).await? {
            WorkerMessage::Ready => Ok(connection),
            WorkerMessage::BootFailed { message } => {
                let error = connection.worker_error(format!("its code did not start: {message}"));
                connection.fail(error.clone());
                Err(error)
            }
            other => Err(connection.unexpected(&other)),
        }
    }

    /// Gives a booted worker to a plugin.
    pub(crate) fn assign(&self, plugin: PluginId, callbacks: Callbacks) {
        *self.shared.plugin.borrow_mut() = plugin;
        *self.shared.on_failure.borrow_mut() = callbacks.on_failure;
        *self.shared.on_message.borrow_mut() = callbacks.on_message;
    }

    /// Sends the compiled plugin module and waits until it is instantiated.
    pub(crate) async fn instantiate(
        &self,
        module: &WebAssembly::Module,
        storage_namespace: String,
        grants: Vec<Permission>,
        limits: WorkerLimits,
        suspension: SuspensionMode,
        budget: Duration,
    ) -> Result<()> {
        let plugin = self.shared.plugin();
        let msg =
            HostMessage::Instantiate { plugin, storage_namespace, grants, limits, suspension };
        let outgoing =
            envelope::encode(&msg, Some(module), None).map_err(|e| self.unsendable(&e))?;
        let send = (outgoing.message, Some(outgoing.transfer));
        match self.control(Some(send), "instantiate", budget).await? {
            WorkerMessage::Instantiated { memory_bytes, suspension } => {
                let mut state = self.shared.state.borrow_mut();
                state.memory_bytes = memory_bytes;
                state.suspension = suspension;
                Ok(())
            }
            WorkerMessage::LoadFailed { error } => {
                Err(Error::Plugin { plugin: self.shared.plugin(), error })
            }
            other => Err(self.unexpected(&other)),
        }
    }

    /// Runs the plugin's `validate_config` and `initialize`.
    pub(crate) async fn init(&self, init: InitRequest, budget: Duration) -> Result<()> {
        let outgoing = envelope::encode(&HostMessage::Init(init), None, None)
            .map_err(|e| self.unsendable(&e))?;
        match self.control(Some((outgoing.message, None)), "initialize", budget).await? {
            WorkerMessage::Initialized { memory_bytes } => {
                self.shared.state.borrow_mut().memory_bytes = memory_bytes;
                Ok(())
            }
            WorkerMessage::InitFailed { error } => {
                Err(Error::Plugin { plugin: self.shared.plugin(), error })
            }
            other => Err(self.unexpected(&other)),
        }
    }

    /// Calls the plugin. Past `budget`, the worker is terminated.
    pub(crate) async fn call(
        &self,
        request: PluginRequest,
        payload: Option<ArrayBuffer>,
        budget: Duration,
    ) -> Result<Reply> {
        let method = request.method();
        let (call, receiver) = {
            let mut state = self.shared.state.borrow_mut();
            if let Some(failed) = &state.failed {
                return Err(self.terminated(failed));
            }
            let call = state.next_call;
            state.next_call = state.next_call.wrapping_add(1);
            let (sender, receiver) = oneshot::channel();
            state.pending.insert(call, sender);
            (call, receiver)
        };
        let outgoing =
            envelope::encode(&HostMessage::Call { call, request }, None, payload.as_ref())
                .map_err(|e| self.unsendable(&e));
        let posted = outgoing.and_then(|o| self.post(&o.message, Some(&o.transfer)));
        if let Err(e) = posted {
            self.shared.state.borrow_mut().pending.remove(&call);
            return Err(e);
        }
        let timer = TimeoutFuture::new(budget.as_millis().min(u32::MAX as u128) as u32);
        match select(receiver, timer).await {
            Either::Left((Ok(reply), _)) => reply,
            Either::Left((Err(_canceled), _)) => Err(self.current_failure()),
            Either::Right(_) => {
                let error = Error::Timeout {
                    plugin: self.shared.plugin(),
                    method: method.to_owned(),
                    budget,
                };
                self.fail(error.clone());
                Err(error)
            }
        }
    }

    /// A message that cannot become a JS value: nothing was sent.
    fn unsendable(&self, reason: &str) -> Error {
        Error::InvalidInput(format!(
            "plugin {}: the message cannot be sent to its worker: {reason}",
            self.shared.plugin()
        ))
    }

    /// Calls sent and not answered yet.
    pub(crate) fn pending_calls(&self) -> usize {
        self.shared.state.borrow().pending.len()
    }

    /// Sends a grant change; it takes effect before the next call the worker handles.
    pub(crate) fn set_grant(&self, permission: Permission, granted: bool) -> Result<()> {
        let outgoing = envelope::encode(&HostMessage::SetGrant { permission, granted }, None, None)
            .map_err(|e| self.unsendable(&e))?;
        self.post(&outgoing.message, None)
    }

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

    /// Terminates the worker; every waiting and later call fails with `reason`.
    pub(crate) fn fail(&self, reason: Error) {
        fail(&self.shared, reason);
    }

    /// Sends a start-up message (if any) and waits for the worker's next one.
    async fn control(
        &self,
        send: Option<(JsValue, Option<js_sys::Array>)>,
        phase: &str,
        budget: Duration,
    ) -> Result<WorkerMessage> {
        let (sender, receiver) = oneshot::channel();
        self.shared.state.borrow_mut().control = Some(sender);
        if let Some((message, transfer)) = send {
            self.post(&message, transfer.as_ref())?;
        }
        let timer = TimeoutFuture::new(budget.as_millis().min(u32::MAX as u128) as u32);
        match select(receiver, timer).await {
            Either::Left((Ok(answer), _)) => answer,
            Either::Left((Err(_canceled), _)) => Err(self.current_failure()),
            Either::Right(_) => {
                let error = Error::Timeout {
                    plugin: self.shared.plugin(),
                    method: phase.to_owned(),
                    budget,
                };
                self.fail(error.clone());
                Err(error)
            }
        }
    }

    fn post(&self, message: &JsValue, transfer: Option<&js_sys::Array>) -> Result<()> {
        let posted = match transfer {
            Some(transfer) => self.shared.worker.post_message_with_transfer(message, transfer),
            None => self.shared.worker.post_message(message),
        };
        posted.map_err(|e| self.worker_error(format!("cannot post a message: {}", error_text(&e))))
    }

    fn current_failure(&self) -> Error {
        match self.failure() {
            Some(failed) => self.terminated(&failed),
            None => self.worker_error("the worker dropped a reply".into()),
        }
    }

    fn terminated(&self, cause: &Error) -> Error {
        match cause {
            // The first error already says everything; repeat it for later calls.
            Error::Terminated { .. } => cause.clone(),
            other => Error::Terminated { plugin: self.shared.plugin(), reason: other.to_string() },
        }
    }

    fn worker_error(&self, reason: String) -> Error {
        Error::Worker { plugin: self.shared.plugin(), reason }
    }

    fn unexpected(&self, message: &WorkerMessage) -> Error {
        Error::Protocol {
            plugin: self.shared.plugin(),
            reason: format!("unexpected message while starting: {message:?}"),
        }
    }
}

fn install_handlers(shared: &Rc<Shared>) {
    let weak = Rc::downgrade(shared);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(shared) = weak.upgrade() {
            on_message(&shared, &event.data());
        }
    });
    let weak: Weak<Shared> = Rc::downgrade(shared);
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        if let Some(shared) = weak.upgrade() {
            let reason = match event.message() {
                m if m.is_empty() => "the worker script failed to load or threw".to_owned(),
                m => m,
            };
            let error = Error::Worker { plugin: shared.plugin(), reason };
            fail(&shared, error);
        }
    });
    shared.worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    shared.worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *shared.handlers.borrow_mut() = Some(Handlers { _on_message: on_message, _on_error: on_error });
}

fn on_message(shared: &Rc<Shared>, data: &JsValue) {
    let (message, payload) = match envelope::decode(data) {
        Ok(decoded) => decoded,
        Err(reason) => {
            // Never panic on what a worker sends; report and drop it.
            web_sys::console::error_1(
                &format!(
                    "annex: plugin {}: malformed message from its worker: {reason}",
                    shared.plugin()
                )
                .into(),
            );
            return;
        }
    };
    match message {
        WorkerMessage::Reply { call, result, memory_bytes, usage } => {
            let sender = {
                let mut state = shared.state.borrow_mut();
                state.memory_bytes = memory_bytes;
                state.usage = usage;
                state.pending.remove(&call)
            };
            let reply = result
                .map(|response| (response, payload))
                .map_err(|error| Error::Plugin { plugin: shared.plugin(), error });
            if let Some(sender) = sender {
                let _ = sender.send(reply);
            }
        }
        WorkerMessage::Log { level, message } => log(&shared.plugin(), level, &message),
        message @ (WorkerMessage::Emitted { .. }
        | WorkerMessage::Subscription { .. }
        | WorkerMessage::Throttled { .. }
        | WorkerMessage::Refused { .. }) => (shared.on_message.borrow())(message),
        control => {
            let sender = shared.state.borrow_mut().control.take();
            if let Some(sender) = sender {
                let _ = sender.send(Ok(control));
            }
        }
    }
}

/// Terminates the worker and fails everything waiting on it.
fn fail(shared: &Rc<Shared>, reason: Error) {
    terminate(&shared.worker);
    let (first, pending, control) = {
        let mut state = shared.state.borrow_mut();
        let first = state.failed.is_none();
        if first {
            state.failed = Some(reason.clone());
        }
        (first, std::mem::take(&mut state.pending), state.control.take())
    };
    if first {
        (shared.on_failure.borrow())(&reason);
    }
    let terminated = Error::Terminated { plugin: shared.plugin(), reason: reason.to_string() };
    for (_, sender) in pending {
        let _ = sender.send(Err(terminated.clone()));
    }
    if let Some(control) = control {
        let _ = control.send(Err(reason));
    }
}

fn log(plugin: &PluginId, level: LogLevel, message: &str) {
    let line = JsValue::from(format!("[{plugin}] {message}"));
    match level {
        LogLevel::Error => web_sys::console::error_1(&line),
        LogLevel::Warn => web_sys::console::warn_1(&line),
        LogLevel::Info => web_sys::console::info_1(&line),
        LogLevel::Debug => web_sys::console::debug_1(&line),
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        // The last handle is gone: nobody can call this plugin any more.
        terminate(&self.worker);
    }
}
