//! Warm workers: booted ahead of need, so activating a plugin skips worker
//! start-up (creating the worker, loading its script, instantiating the
//! worker's own code).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::WebAssembly;

use super::WorkerConnection;
use crate::HostConfig;

/// A few booted workers waiting for a plugin.
pub(crate) struct WarmPool {
    idle: RefCell<VecDeque<WorkerConnection>>,
    /// Boots under way, counted so refills do not overshoot.
    booting: Cell<usize>,
}

impl std::fmt::Debug for WarmPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarmPool").field("idle", &self.idle.borrow().len()).finish()
    }
}

impl WarmPool {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Self { idle: RefCell::default(), booting: Cell::new(0) })
    }

    /// A booted worker, if one is waiting (workers that died waiting are dropped).
    pub(crate) fn take(&self) -> Option<WorkerConnection> {
        let mut idle = self.idle.borrow_mut();
        while let Some(connection) = idle.pop_front() {
            if connection.failure().is_none() {
                return Some(connection);
            }
        }
        None
    }

    /// Workers waiting now.
    pub(crate) fn idle(&self) -> usize {
        self.idle.borrow().len()
    }

    /// Boots workers in the background until `config.warm_workers` wait.
    pub(crate) fn refill(
        self: &Rc<Self>,
        config: &HostConfig,
        worker_module: &WebAssembly::Module,
    ) {
        let wanted = config.warm_workers;
        while self.idle() + self.booting.get() < wanted {
            self.booting.set(self.booting.get() + 1);
            let pool = self.clone();
            let (name, source, budget) =
                (config.worker_name("warm"), config.worker.clone(), config.load_timeout);
            let module = worker_module.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let booted = WorkerConnection::boot(&name, &source, &module, budget).await;
                pool.booting.set(pool.booting.get() - 1);
                match booted {
                    Ok(connection) => pool.idle.borrow_mut().push_back(connection),
                    Err(error) => {
                        crate::js::warn(&format!("annex: a warm worker did not start: {error}"))
                    }
                }
            });
        }
    }
}
