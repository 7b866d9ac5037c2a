//! What the player asks for and when: the sample grid, the buffer of frames
//! that came back, and the prefetch rule. Pure logic, no browser.
//!
//! Samples sit on a grid: sample `k` is the frame at `min(k·interval, end)`
//! milliseconds, so the last sample is exactly the end. A frame drawn at
//! `elapsed` ms shows the sample nearest to it. Samples are requested in
//! batches of consecutive indices, one batch in flight at a time; the next
//! batch is requested as soon as at most `prefetch_ms` of samples are left
//! ahead of the one being drawn, so with a round trip shorter than
//! that no frame waits for one.

use std::collections::BTreeMap;

use annex_protocol::api::animation::{Frame, MAX_SAMPLES_PER_REQUEST};

use crate::{Error, Result};

/// How a player samples and prefetches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlayerOptions {
    /// Milliseconds between samples. Default: 1000/60 (60 fps).
    pub interval_ms: f64,
    /// Milliseconds of animation one request covers. Default: 400 (24 samples at 60 fps).
    pub batch_ms: f64,
    /// Request the next batch when at most this many milliseconds of samples
    /// are left ahead of the one being drawn. Default: 250. At 0,
    /// a batch is requested only when a frame needs it (every such frame stalls).
    pub prefetch_ms: f64,
}

impl Default for PlayerOptions {
    fn default() -> Self {
        Self { interval_ms: 1000.0 / 60.0, batch_ms: 400.0, prefetch_ms: 250.0 }
    }
}

impl PlayerOptions {
    /// Samples per request.
    pub fn samples_per_batch(&self) -> usize {
        ((self.batch_ms / self.interval_ms).round() as usize).max(1)
    }

    /// Checks the ranges: an interval in `(0, 1000]`, a batch of at least one
    /// interval and at most [`MAX_SAMPLES_PER_REQUEST`] samples, a prefetch of
    /// 0 or more.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(Error::InvalidInput(format!("animation player: {what}")));
        if !(self.interval_ms > 0.0 && self.interval_ms <= 1000.0) {
            return bad(format!(
                "`interval_ms` is {}; it must be above 0 and at most 1000",
                self.interval_ms
            ));
        }
        if !(self.batch_ms.is_finite() && self.batch_ms >= self.interval_ms) {
            return bad(format!(
                "`batch_ms` is {}; it must be at least `interval_ms` ({})",
                self.batch_ms, self.interval_ms
            ));
        }
        if self.samples_per_batch() > MAX_SAMPLES_PER_REQUEST {
            return bad(format!(
                "`batch_ms` {} at `interval_ms` {} is {} samples per request; at most {MAX_SAMPLES_PER_REQUEST}",
                self.batch_ms,
                self.interval_ms,
                self.samples_per_batch()
            ));
        }
        if !(self.prefetch_ms.is_finite() && self.prefetch_ms >= 0.0) {
            return bad(format!("`prefetch_ms` is {}; it must be 0 or more", self.prefetch_ms));
        }
        Ok(())
    }
}

/// A batch to request: consecutive sample indices from `first`, and their times.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Batch {
    pub(crate) first: u64,
    pub(crate) times_ms: Vec<f64>,
}

/// The sample grid, the frames received and what is in flight.
#[derive(Debug)]
pub(crate) struct Schedule {
    options: PlayerOptions,
    end_ms: f64,
    /// Index of the sample at the end; `None` for an endless animation.
    last: Option<u64>,
    frames: BTreeMap<u64, Frame>,
    next_to_request: u64,
    in_flight: bool,
}

impl Schedule {
    /// The grid of an animation ending at `end_ms` (may be infinite).
    pub(crate) fn new(options: PlayerOptions, end_ms: f64) -> Self {
        let last = end_ms.is_finite().then(|| (end_ms / options.interval_ms).ceil() as u64);
        Self {
            options,
            end_ms,
            last,
            frames: BTreeMap::new(),
            next_to_request: 0,
            in_flight: false,
        }
    }

    /// When the animation ends (from its start).
    pub(crate) fn end_ms(&self) -> f64 {
        self.end_ms
    }

    /// The time of sample `index`.
    pub(crate) fn time_of(&self, index: u64) -> f64 {
        (index as f64 * self.options.interval_ms).min(self.end_ms)
    }

    /// The sample a frame at `elapsed_ms` shows: the nearest, never past the last.
    pub(crate) fn index_at(&self, elapsed_ms: f64) -> u64 {
        let nearest = (elapsed_ms.max(0.0) / self.options.interval_ms).round() as u64;
        self.last.map_or(nearest, |last| nearest.min(last))
    }

    /// Whether `index` is the final sample.
    pub(crate) fn is_last(&self, index: u64) -> bool {
        self.last == Some(index)
    }

    /// The frame of sample `index`, if it has arrived; older ones are dropped.
    pub(crate) fn take_frame(&mut self, index: u64) -> Option<Frame> {
        let frame = self.frames.get(&index).copied();
        if frame.is_some() {
            self.frames = self.frames.split_off(&index);
        }
        frame
    }

    /// Whether the first sample has arrived (the clock may start).
    pub(crate) fn has_first(&self) -> bool {
        self.frames.contains_key(&0)
    }

    /// The next batch to request for a frame at `elapsed_ms`, if one is due:
    /// none in flight, samples left, and at most `prefetch_ms` of samples
    /// requested ahead of the one the frame shows. It starts at the sample the frame needs if the player fell
    /// behind (a hidden tab, a slow plugin), skipping what is already stale.
    pub(crate) fn next_batch(&mut self, elapsed_ms: f64) -> Option<Batch> {
        if self.in_flight {
            return None;
        }
        let needed = self.index_at(elapsed_ms);
        let first = self.next_to_request.max(needed);
        if self.last.is_some_and(|last| first > last) {
            return None;
        }
        let ahead_ms = (first - needed) as f64 * self.options.interval_ms;
        if first > 0 && ahead_ms > self.options.prefetch_ms {
            return None;
        }
        let mut end = first + self.options.samples_per_batch() as u64;
        if let Some(last) = self.last {
            end = end.min(last + 1);
        }
        self.next_to_request = end;
        self.in_flight = true;
        Some(Batch { first, times_ms: (first..end).map(|i| self.time_of(i)).collect() })
    }

    /// Stores the frames of `batch` (one per time, in order).
    pub(crate) fn receive(&mut self, batch: &Batch, frames: Vec<Frame>) {
        self.in_flight = false;
        self.frames.extend((batch.first..).zip(frames));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> PlayerOptions {
        PlayerOptions { interval_ms: 10.0, batch_ms: 50.0, prefetch_ms: 30.0 }
    }

    fn frames(n: usize) -> Vec<Frame> {
        (0..n).map(|i| Frame { opacity: Some(i as f64), ..Frame::default() }).collect()
    }

    #[test]
    fn the_grid_ends_exactly_at_the_end() {
        let schedule = Schedule::new(options(), 95.0);
        assert_eq!(schedule.index_at(0.0), 0);
        assert_eq!(schedule.index_at(14.0), 1);
        assert_eq!(schedule.index_at(16.0), 2, "nearest sample");
        assert_eq!(schedule.index_at(1e6), 10, "never past the last");
        assert_eq!(schedule.time_of(10), 95.0);
        assert!(schedule.is_last(10));
    }

    #[test]
    fn batches_are_prefetched_ahead_and_clipped_at_the_end() {
        let mut schedule = Schedule::new(options(), 95.0);
        let first = schedule.next_batch(0.0).unwrap();
        assert_eq!(first.times_ms, [0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(schedule.next_batch(0.0), None, "one batch in flight");
        schedule.receive(&first, frames(5));
        assert!(schedule.has_first());
        assert_eq!(schedule.next_batch(0.0), None, "50 ms buffered ahead, more than 30");
        let second = schedule.next_batch(25.0).unwrap();
        assert_eq!(second.first, 5, "25 ms ahead of 50: due");
        schedule.receive(&second, frames(5));
        let third = schedule.next_batch(75.0).unwrap();
        assert_eq!(third.times_ms, [95.0], "only the last sample is left");
        schedule.receive(&third, frames(1));
        assert_eq!(schedule.next_batch(95.0), None, "everything requested");
    }

    #[test]
    fn frames_are_taken_in_order_and_a_late_player_skips_ahead() {
        let mut schedule = Schedule::new(options(), f64::INFINITY);
        let first = schedule.next_batch(0.0).unwrap();
        schedule.receive(&first, frames(5));
        assert_eq!(schedule.take_frame(2).unwrap().opacity, Some(2.0));
        assert_eq!(schedule.take_frame(1), None, "older samples are dropped");
        assert_eq!(schedule.take_frame(7), None, "not there yet: a stall");
        let late = schedule.next_batch(200.0).unwrap();
        assert_eq!(late.first, 20, "starts at the sample the frame needs");
    }

    #[test]
    fn without_prefetch_a_batch_waits_until_needed() {
        let mut schedule =
            Schedule::new(PlayerOptions { prefetch_ms: 0.0, batch_ms: 10.0, ..options() }, 100.0);
        let first = schedule.next_batch(0.0).unwrap();
        schedule.receive(&first, frames(1));
        assert_eq!(schedule.next_batch(4.0), None);
        assert_eq!(schedule.next_batch(6.0).unwrap().first, 1);
    }

    #[test]
    fn options_are_checked() {
        assert!(PlayerOptions::default().validate().is_ok());
        assert_eq!(PlayerOptions::default().samples_per_batch(), 24);
        let err = PlayerOptions { interval_ms: 0.0, ..options() }.validate().unwrap_err();
        assert!(err.to_string().contains("`interval_ms` is 0"), "{err}");
        let err = PlayerOptions { batch_ms: 1e6, interval_ms: 1.0, ..options() }.validate();
        assert!(err.unwrap_err().to_string().contains("at most 4096"));
        assert!(PlayerOptions { prefetch_ms: -1.0, ..options() }.validate().is_err());
    }
}
