//! The watchdog of calls and start-up steps: an answer within its budget, or
//! the worker is terminated and the wait ends with a `timeout`.

use std::time::Duration;

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;

use super::WorkerConnection;
use crate::{Error, Result};

impl WorkerConnection {
    /// Waits for `answer` for at most `budget`. Past it the worker is
    /// terminated (a plugin that loops cannot be interrupted otherwise) and
    /// the error names `what` timed out; an answer channel dropped because
    /// the worker failed gives that failure.
    pub(super) async fn within<T>(
        &self,
        answer: oneshot::Receiver<Result<T>>,
        what: &str,
        budget: Duration,
    ) -> Result<T> {
        let timer = TimeoutFuture::new(budget.as_millis().min(u32::MAX as u128) as u32);
        match select(answer, timer).await {
            Either::Left((Ok(answer), _)) => answer,
            Either::Left((Err(_canceled), _)) => Err(self.current_failure()),
            Either::Right(_) => {
                let error = Error::Timeout {
                    plugin: self.shared.plugin(),
                    method: what.to_owned(),
                    budget,
                };
                self.fail(error.clone());
                Err(error)
            }
        }
    }
}
