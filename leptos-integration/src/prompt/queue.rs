//! The queue of permission requests waiting for the visitor's answer.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;

use crate::approval::{Approval, ApprovalRequest};

/// What an approver answers when nobody can ask the visitor any more (the
/// queue was dropped): no, and do not remember it.
const UNANSWERED: Approval = Approval { granted: false, remember: false };

/// Asks the site visitor about permissions through a [`crate::PermissionPrompt`].
///
/// Plug [`PromptApprover::handler`] into the host configuration's approver
/// and give the same `PromptApprover` to `<PermissionPrompt>`: each request
/// waits in a queue, the prompt shows the oldest, and the visitor's answer
/// resolves it. Cheap to clone; clones share the queue. Create it with
/// [`prompt_approver`].
#[derive(Clone)]
pub struct PromptApprover {
    inner: Rc<Inner>,
}

struct Inner {
    /// The requests waiting, oldest first, with their ticket (what the prompt renders).
    waiting: ArcRwSignal<Vec<(u64, ApprovalRequest)>>,
    /// Where each ticket's answer goes.
    answers: RefCell<HashMap<u64, oneshot::Sender<Approval>>>,
    next_ticket: Cell<u64>,
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
        inner: Rc::new(Inner {
            waiting: ArcRwSignal::new(Vec::new()),
            answers: RefCell::default(),
            next_ticket: Cell::new(0),
        }),
    }
}

impl PromptApprover {
    /// Queues `request` and resolves with the visitor's answer. If the
    /// approver is dropped first, the answer is a denial not to remember.
    pub fn request(&self, request: ApprovalRequest) -> impl Future<Output = Approval> + 'static {
        let ticket = self.inner.next_ticket.get();
        self.inner.next_ticket.set(ticket + 1);
        let (sender, receiver) = oneshot::channel();
        self.inner.answers.borrow_mut().insert(ticket, sender);
        self.inner.waiting.update(|list| list.push((ticket, request)));
        async move { receiver.await.unwrap_or(UNANSWERED) }
    }

    /// The approver function for the host configuration:
    /// `config.approver(prompt.handler())`.
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
        if let Some(sender) = self.inner.answers.borrow_mut().remove(&ticket) {
            let _ = sender.send(approval);
        }
    }
}
