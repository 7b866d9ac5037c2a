//! What the worker sends: replies routed to their calls, answers to the
//! start-up steps, logs, and the plugin's own messages passed on.

use std::rc::{Rc, Weak};

use annex_protocol::message::{LogLevel, WorkerMessage};
use annex_protocol::PluginId;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent};

use super::termination::fail;
use super::{Handlers, Shared};
use crate::worker::envelope;
use crate::Error;

pub(super) fn install_handlers(shared: &Rc<Shared>) {
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

fn log(plugin: &PluginId, level: LogLevel, message: &str) {
    let line = JsValue::from(format!("[{plugin}] {message}"));
    match level {
        LogLevel::Error => web_sys::console::error_1(&line),
        LogLevel::Warn => web_sys::console::warn_1(&line),
        LogLevel::Info => web_sys::console::info_1(&line),
        LogLevel::Debug => web_sys::console::debug_1(&line),
    }
}
