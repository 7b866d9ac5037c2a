//! The load scheduler: a priority queue in front of a concurrency limit, with
//! backpressure, plus the retry policy.
//!
//! Work asks for a [`Slot`]; at most `concurrency` slots are out at once, and
//! waiting requests are served most urgent first (`critical` before
//! `background`), first come first served within a priority. When `queue_cap`
//! requests already wait, a new one is refused at once with
//! [`Error::Backpressure`] rather than piling up. Dropping a waiting request
//! (its future) cancels it.

mod policy;

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::rc::Rc;

use annex_protocol::manifest::Priority;
use futures::channel::oneshot;

pub use policy::{backoff, classify, Failure};

use crate::{Error, Result};

/// How much loading may happen at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchedulerConfig {
    /// Loads running at once. Default: 4.
    pub concurrency: usize,
    /// Loads waiting at most; more are refused. Default: 64.
    pub queue_cap: usize,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self { concurrency: 4, queue_cap: 64 }
    }
}

struct Waiting {
    priority: Priority,
    seq: u64,
    wake: oneshot::Sender<()>,
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Waiting {}
impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Waiting {
    /// The heap pops the greatest: most urgent priority, then oldest.
    fn cmp(&self, other: &Self) -> Ordering {
        other.priority.cmp(&self.priority).then(other.seq.cmp(&self.seq))
    }
}

struct State {
    config: SchedulerConfig,
    running: usize,
    queue: BinaryHeap<Waiting>,
    next_seq: u64,
}

/// Hands out load slots.
#[derive(Clone)]
pub struct Scheduler {
    state: Rc<RefCell<State>>,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("Scheduler")
            .field("running", &state.running)
            .field("waiting", &state.queue.len())
            .finish()
    }
}

/// Permission to run one load; the slot is given back when dropped.
#[derive(Debug)]
#[must_use = "the slot is released when dropped"]
pub struct Slot {
    scheduler: Scheduler,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.scheduler.release();
    }
}

/// A queued request; if dropped after a slot was handed to it, gives it back.
struct Pending {
    receiver: Option<oneshot::Receiver<()>>,
    scheduler: Scheduler,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(mut receiver) = self.receiver.take() {
            if let Ok(Some(())) = receiver.try_recv() {
                self.scheduler.release();
            }
        }
    }
}

impl Scheduler {
    /// A scheduler with these limits.
    pub fn new(config: SchedulerConfig) -> Self {
        let state = State { config, running: 0, queue: BinaryHeap::new(), next_seq: 0 };
        Self { state: Rc::new(RefCell::new(state)) }
    }

    /// Loads running now.
    pub fn running(&self) -> usize {
        self.state.borrow().running
    }

    /// Loads waiting now.
    pub fn waiting(&self) -> usize {
        self.state.borrow().queue.len()
    }

    /// Waits for a slot. Fails at once with [`Error::Backpressure`] when the
    /// queue is full.
    pub async fn slot(&self, priority: Priority) -> Result<Slot> {
        let receiver = {
            let mut state = self.state.borrow_mut();
            if state.running < state.config.concurrency && state.queue.is_empty() {
                state.running += 1;
                return Ok(Slot { scheduler: self.clone() });
            }
            if state.queue.len() >= state.config.queue_cap {
                return Err(Error::Backpressure {
                    waiting: state.queue.len(),
                    cap: state.config.queue_cap,
                });
            }
            let (wake, receiver) = oneshot::channel();
            let seq = state.next_seq;
            state.next_seq += 1;
            state.queue.push(Waiting { priority, seq, wake });
            receiver
        };
        // The slot was counted as running by whoever woke us; if this future
        // is dropped after being woken, the guard hands the slot back.
        let mut pending = Pending { receiver: Some(receiver), scheduler: self.clone() };
        let woken = pending.receiver.as_mut().expect("set above").await;
        pending.receiver = None;
        woken.map_err(|_| Error::Cancelled { what: "a queued load".into() })?;
        Ok(Slot { scheduler: self.clone() })
    }

    /// Gives a slot back: to the most urgent live waiter, or to the pool.
    fn release(&self) {
        let mut state = self.state.borrow_mut();
        while let Some(next) = state.queue.pop() {
            // A waiter whose future was dropped has gone; try the next one.
            if next.wake.send(()).is_ok() {
                return;
            }
        }
        state.running -= 1;
    }
}

#[cfg(test)]
mod tests;
