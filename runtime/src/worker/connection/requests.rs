//! Calls into the plugin: each numbered and tracked until its reply comes,
//! or its budget runs out and the worker is terminated.

use std::time::Duration;

use annex_protocol::message::{HostMessage, PluginRequest};
use annex_protocol::Permission;
use futures::channel::oneshot;
use js_sys::ArrayBuffer;

use super::{Reply, WorkerConnection};
use crate::worker::envelope;
use crate::Result;

impl WorkerConnection {
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
        self.within(receiver, method, budget).await
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
}
