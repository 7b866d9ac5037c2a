//! Starting a worker: boot it, give it to a plugin, instantiate and
//! initialize the plugin, each step answered before a time budget runs out.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use annex_protocol::abi::SuspensionMode;
use annex_protocol::message::{HostMessage, InitRequest, WorkerLimits, WorkerMessage, WorkerUsage};
use annex_protocol::{Permission, PluginId};
use futures::channel::oneshot;
use js_sys::WebAssembly;
use wasm_bindgen::JsValue;
use web_sys::{Worker, WorkerOptions, WorkerType};

use super::incoming::install_handlers;
use super::{Callbacks, Shared, State, WorkerConnection};
use crate::js::error_text;
use crate::worker::envelope;
use crate::{Error, Result, WorkerSource};

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
        self.within(receiver, phase, budget).await
    }

    fn unexpected(&self, message: &WorkerMessage) -> Error {
        Error::Protocol {
            plugin: self.shared.plugin(),
            reason: format!("unexpected message while starting: {message:?}"),
        }
    }
}
