//! Activations under way, shared: callers that ask for the same plugin while
//! it is being activated await the one activation instead of loading it a
//! second time (which would fail with `already_loaded`, because a plugin is
//! only registered once its permissions are decided).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;

use annex_protocol::PluginId;
use futures::future::{FutureExt, LocalBoxFuture, Shared};

use crate::{Plugin, Result};

type Pending = Shared<LocalBoxFuture<'static, Result<Plugin>>>;

/// The activations under way, by plugin.
#[derive(Default)]
pub(crate) struct Activations {
    pending: RefCell<HashMap<PluginId, Pending>>,
}

impl Activations {
    /// The activation of `id` under way, or `start()` as a new one that
    /// later callers share. `start` must call [`Activations::finished`] when
    /// it ends, so the next activation after it is a fresh one.
    pub(crate) fn join_or_start<F>(&self, id: &PluginId, start: impl FnOnce() -> F) -> Pending
    where
        F: Future<Output = Result<Plugin>> + 'static,
    {
        if let Some(pending) = self.pending.borrow().get(id) {
            return pending.clone();
        }
        let pending = start().boxed_local().shared();
        self.pending.borrow_mut().insert(id.clone(), pending.clone());
        pending
    }

    /// Forgets the activation of `id`: it has ended.
    pub(crate) fn finished(&self, id: &PluginId) {
        self.pending.borrow_mut().remove(id);
    }
}

impl fmt::Debug for Activations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.pending.borrow().keys()).finish()
    }
}
