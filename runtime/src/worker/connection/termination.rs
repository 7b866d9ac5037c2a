//! Terminating the worker: past a budget, when it fails, or when the last
//! handle goes; everything waiting on it then fails with the reason.

use std::rc::Rc;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::Worker;

use super::{Shared, WorkerConnection};
use crate::Error;

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

impl WorkerConnection {
    /// Terminates the worker; every waiting and later call fails with `reason`.
    pub(crate) fn fail(&self, reason: Error) {
        fail(&self.shared, reason);
    }

    pub(super) fn current_failure(&self) -> Error {
        match self.failure() {
            Some(failed) => self.terminated(&failed),
            None => self.worker_error("the worker dropped a reply".into()),
        }
    }

    pub(super) fn terminated(&self, cause: &Error) -> Error {
        match cause {
            // The first error already says everything; repeat it for later calls.
            Error::Terminated { .. } => cause.clone(),
            other => Error::Terminated { plugin: self.shared.plugin(), reason: other.to_string() },
        }
    }
}

/// Terminates the worker and fails everything waiting on it.
pub(super) fn fail(shared: &Rc<Shared>, reason: Error) {
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

impl Drop for Shared {
    fn drop(&mut self) {
        // The last handle is gone: nobody can call this plugin any more.
        terminate(&self.worker);
    }
}
