//! The queue of permission requests waiting for the visitor's answer.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;

use annex_runtime::permissions::{Approval, ApprovalRequest};

/// Asks the site visitor about permissions through a [`crate::PermissionPrompt`].
///
/// Plug [`PromptApprover::handler`] into the host configuration
/// ([`annex_runtime::HostConfig::approver`]) and give the same
/// `PromptApprover` to `<PermissionPrompt>`: each request
/// waits in a queue, the prompt shows the oldest, and the visitor's answer
/// resolves it. Cheap to clone; clones share the queue. `Send` and `Sync`
/// (the page is single-threaded, so its locks never wait), so it can be
/// captured anywhere in a view. Create it with [`prompt_approver`].
#[derive(Clone)]
pub struct PromptApprover {
    inner: Arc<Inner>,
}

struct Inner {
    /// The requests waiting, oldest first, with their ticket (what the prompt renders).
    waiting: ArcRwSignal<Vec<(u64, ApprovalRequest)>>,
    /// Where each ticket's answer goes.
    answers: Mutex<HashMap<u64, oneshot::Sender<Approval>>>,
    next_ticket: AtomicU64,
}

impl std::fmt::Debug for PromptApprover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let waiting = self.inner.waiting.with_untracked(Vec::len);
        f.debug_struct("PromptApprover").field("waiting", &waiting).finish()
    }
}

/// A new, empty approval queue for `<PermissionPrompt>`. It needs no
/// reactive owner, so it can be made before the app mounts.
pub fn prompt_approver() -> PromptApprover {
    PromptApprover {
        inner: Arc::new(Inner {
            waiting: ArcRwSignal::new(Vec::new()),
            answers: Mutex::default(),
            next_ticket: AtomicU64::new(0),
        }),
    }
}

impl PromptApprover {
    /// Queues `request` and resolves with the visitor's answer. If the
    /// approver is dropped first, the answer is a denial not to remember.
    pub fn request(&self, request: ApprovalRequest) -> impl Future<Output = Approval> + 'static {
        let ticket = self.inner.next_ticket.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = oneshot::channel();
        self.answers().insert(ticket, sender);
        self.inner.waiting.update(|list| list.push((ticket, request)));
        // Nobody left to ask the visitor (the queue was dropped): no, not remembered.
        async move { receiver.await.unwrap_or(Approval::deny(false)) }
    }

    /// The approver function for the host configuration:
    /// `HostConfig::new(worker).approver(prompt.handler())`.
    pub fn handler(
        &self,
    ) -> impl Fn(ApprovalRequest) -> LocalBoxFuture<'static, Approval> + 'static {
        let approver = self.clone();
        move |request| approver.request(request).boxed_local()
    }

    /// The requests waiting for an answer, oldest first (tracked).
    pub fn waiting(&self) -> Vec<ApprovalRequest> {
        self.inner.waiting.with(|list| list.iter().map(|(_, r)| r.clone()).collect())
    }

    /// The oldest waiting request with its ticket, and how many wait (tracked).
    pub(crate) fn front(&self) -> (Option<(u64, ApprovalRequest)>, usize) {
        self.inner.waiting.with(|list| (list.first().cloned(), list.len()))
    }

    /// Answers the request with `ticket` and takes it off the queue.
    pub(crate) fn answer(&self, ticket: u64, approval: Approval) {
        self.inner.waiting.update(|list| list.retain(|(t, _)| *t != ticket));
        if let Some(sender) = self.answers().remove(&ticket) {
            let _ = sender.send(approval);
        }
    }

    fn answers(&self) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<Approval>>> {
        // A poisoned lock only means a panic elsewhere; the map is still sound.
        self.inner.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
