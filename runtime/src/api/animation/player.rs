//! The player: draws an animation into an element on every animation frame,
//! from batches of samples the plugin computes ahead of time.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use annex_protocol::api::animation::AnimationSpec;
use futures::channel::oneshot;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, Window};

use super::schedule::{Batch, PlayerOptions, Schedule};
use super::style::{self, SavedStyle};
use super::AnimationApi;
use crate::{Error, Result};

/// Where a player is.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerState {
    /// Drawing frames (or waiting for the first batch).
    Running,
    /// Reached the end; the element keeps the final values.
    Finished,
    /// Cancelled; the element's inline style is back to what it was.
    Cancelled,
    /// Stopped by an error (the plugin failed, trapped, timed out or was
    /// stopped); the element's inline style is back to what it was.
    Failed(Error),
}

/// How a player ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaybackEnd {
    /// It reached the end.
    Finished,
    /// [`AnimationPlayer::cancel`] stopped it.
    Cancelled,
}

/// What a player has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlayerStats {
    /// Animation frames in which a value was ready and shown.
    pub frames_drawn: u32,
    /// Animation frames (after the first value arrived) in which the value
    /// the frame needed had not arrived: the element kept its previous values.
    pub stalls: u32,
    /// Batches asked of the plugin.
    pub batches_requested: u32,
    /// Batches that came back.
    pub batches_received: u32,
    /// Samples (frames' values) that came back.
    pub samples_received: u32,
}

/// An animation playing on an element. Cheap to clone; clones control the
/// same playback. Dropping every handle does not stop it (like a CSS
/// animation); [`AnimationPlayer::cancel`] does.
///
/// On each `requestAnimationFrame` it shows the sample nearest to the time
/// elapsed since the first frame (the clock starts when the first batch has
/// arrived, so the start never stalls), writing the driven properties into
/// the element's inline `opacity` and `transform`. It asks the plugin for
/// the next batch while the current one still covers
/// [`PlayerOptions::prefetch_ms`], so a frame waits for a round trip only
/// when the plugin is slower than that.
///
/// What the element is left with: after the end, the final values (the
/// sample at exactly the end time). After [`AnimationPlayer::cancel`] or an
/// error, the inline `opacity` and `transform` it had before `play` (removed
/// if it had none): the values a failed plugin drew half-way are not left
/// behind.
#[derive(Debug, Clone)]
pub struct AnimationPlayer {
    shared: Rc<Shared>,
}

#[derive(Debug)]
struct Shared {
    api: AnimationApi,
    spec: AnimationSpec,
    element: HtmlElement,
    window: Window,
    saved: SavedStyle,
    schedule: RefCell<Schedule>,
    state: RefCell<PlayerState>,
    stats: Cell<PlayerStats>,
    /// The timestamp of the first frame drawn: time 0 of the animation.
    started_at: Cell<Option<f64>>,
    last_drawn: Cell<Option<u64>>,
    waiters: RefCell<Vec<oneshot::Sender<Result<PlaybackEnd>>>>,
}

impl AnimationPlayer {
    /// Requests the first batch and the first animation frame.
    pub(super) fn start(
        api: AnimationApi,
        element: HtmlElement,
        spec: AnimationSpec,
        options: PlayerOptions,
    ) -> Result<Self> {
        let window = web_sys::window().ok_or_else(|| {
            Error::InvalidInput("an animation player needs a page (no `window` here)".into())
        })?;
        let shared = Rc::new(Shared {
            saved: SavedStyle::of(&element),
            schedule: RefCell::new(Schedule::new(options, spec.end_ms())),
            api,
            spec,
            element,
            window,
            state: RefCell::new(PlayerState::Running),
            stats: Cell::new(PlayerStats::default()),
            started_at: Cell::new(None),
            last_drawn: Cell::new(None),
            waiters: RefCell::new(Vec::new()),
        });
        request_due(&shared, 0.0);
        next_frame(&shared);
        Ok(Self { shared })
    }

    /// Stops it at once and puts the element's inline style back. Batches in
    /// flight are ignored when they arrive. No effect once it has ended.
    pub fn cancel(&self) {
        end(&self.shared, Ok(PlaybackEnd::Cancelled));
    }

    /// Resolves when it ends: `Ok` when it finished or was cancelled, the
    /// error when it failed (for a plugin error, [`Error::Plugin`] naming the
    /// plugin). Never resolves for endless animations that are not cancelled.
    pub async fn finished(&self) -> Result<PlaybackEnd> {
        let receiver = match &*self.shared.state.borrow() {
            PlayerState::Running => {
                let (sender, receiver) = oneshot::channel();
                self.shared.waiters.borrow_mut().push(sender);
                receiver
            }
            PlayerState::Finished => return Ok(PlaybackEnd::Finished),
            PlayerState::Cancelled => return Ok(PlaybackEnd::Cancelled),
            PlayerState::Failed(error) => return Err(error.clone()),
        };
        receiver.await.unwrap_or_else(|_| {
            Err(Error::Cancelled { what: "waiting for an animation player".into() })
        })
    }

    /// Where it is.
    pub fn state(&self) -> PlayerState {
        self.shared.state.borrow().clone()
    }

    /// What it has done so far.
    pub fn stats(&self) -> PlayerStats {
        self.shared.stats.get()
    }

    /// The animation it plays.
    pub fn spec(&self) -> &AnimationSpec {
        &self.shared.spec
    }
}

impl Shared {
    fn running(&self) -> bool {
        matches!(*self.state.borrow(), PlayerState::Running)
    }

    fn count(&self, update: impl FnOnce(&mut PlayerStats)) {
        let mut stats = self.stats.get();
        update(&mut stats);
        self.stats.set(stats);
    }

    fn elapsed_now(&self) -> f64 {
        self.started_at.get().map_or(0.0, |start| crate::js::now_ms() - start)
    }
}

/// Asks for the next animation frame. A fresh one-shot closure each time:
/// nothing to free when the player stops (its last frame just returns).
fn next_frame(shared: &Rc<Shared>) {
    let player = shared.clone();
    let callback = Closure::once_into_js(move |timestamp: f64| draw(&player, timestamp));
    if let Err(e) = shared.window.request_animation_frame(callback.unchecked_ref()) {
        let reason = crate::js::error_text(&e);
        end(shared, Err(Error::InvalidInput(format!("requestAnimationFrame failed: {reason}"))));
    }
}

/// One animation frame.
fn draw(shared: &Rc<Shared>, timestamp: f64) {
    if !shared.running() {
        return;
    }
    let started = match shared.started_at.get() {
        Some(start) => start,
        None if shared.schedule.borrow().has_first() => {
            shared.started_at.set(Some(timestamp));
            timestamp
        }
        None => return next_frame(shared),
    };
    let elapsed = timestamp - started;
    let (index, frame, at_end) = {
        let mut schedule = shared.schedule.borrow_mut();
        let index = schedule.index_at(elapsed);
        let frame = schedule.take_frame(index);
        (index, frame, schedule.is_last(index) && elapsed >= schedule.end_ms())
    };
    match frame {
        Some(frame) => {
            if shared.last_drawn.get() != Some(index) {
                style::apply(&shared.element, &frame);
                shared.last_drawn.set(Some(index));
            }
            shared.count(|s| s.frames_drawn += 1);
            if at_end {
                return end(shared, Ok(PlaybackEnd::Finished));
            }
        }
        None => shared.count(|s| s.stalls += 1),
    }
    request_due(shared, elapsed);
    next_frame(shared);
}

/// Requests the next batch if it is due; when it arrives, stores it and
/// checks again (a player that fell behind catches up batch after batch).
fn request_due(shared: &Rc<Shared>, elapsed_ms: f64) {
    let Some(batch) = shared.schedule.borrow_mut().next_batch(elapsed_ms) else {
        return;
    };
    shared.count(|s| s.batches_requested += 1);
    let shared = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = shared.api.sample(&shared.spec, &batch.times_ms).await;
        receive(&shared, &batch, result);
    });
}

fn receive(
    shared: &Rc<Shared>,
    batch: &Batch,
    result: Result<Vec<annex_protocol::api::animation::Frame>>,
) {
    if !shared.running() {
        return;
    }
    match result {
        Ok(frames) => {
            let samples = frames.len() as u32;
            shared.count(|s| {
                s.batches_received += 1;
                s.samples_received += samples;
            });
            shared.schedule.borrow_mut().receive(batch, frames);
            request_due(shared, shared.elapsed_now());
        }
        Err(error) => end(shared, Err(error)),
    }
}

/// Ends the playback once: sets the state, restores the element unless it
/// finished, and wakes everyone waiting on [`AnimationPlayer::finished`].
fn end(shared: &Rc<Shared>, outcome: Result<PlaybackEnd>) {
    if !shared.running() {
        return;
    }
    let state = match &outcome {
        Ok(PlaybackEnd::Finished) => PlayerState::Finished,
        Ok(PlaybackEnd::Cancelled) => PlayerState::Cancelled,
        Err(error) => PlayerState::Failed(error.clone()),
    };
    if state != PlayerState::Finished {
        shared.saved.restore(&shared.element);
    }
    *shared.state.borrow_mut() = state;
    for waiter in shared.waiters.take() {
        // A waiter that went away does not need the answer.
        let _ = waiter.send(outcome.clone());
    }
}
