//! A timer ticking on the main thread: a blocked main thread shows as a
//! long gap between ticks (or as few ticks).

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;

use crate::now_ms;

/// Ticks every few milliseconds until dropped.
#[derive(Debug)]
pub struct Ticker {
    last: Rc<Cell<f64>>,
    max_gap: Rc<Cell<f64>>,
    ticks: Rc<Cell<u32>>,
    _interval: Interval,
}

impl Ticker {
    /// Ticks every 10 ms.
    pub fn start() -> Self {
        Self::every(10)
    }

    /// Ticks every `ms` (browsers clamp intervals to at least 4 ms).
    pub fn every(ms: u32) -> Self {
        let (last, max_gap) = (Rc::new(Cell::new(now_ms())), Rc::new(Cell::new(0.0_f64)));
        let ticks = Rc::new(Cell::new(0));
        let (l, m, t) = (last.clone(), max_gap.clone(), ticks.clone());
        let interval = Interval::new(ms, move || {
            let now = now_ms();
            m.set(m.get().max(now - l.replace(now)));
            t.set(t.get() + 1);
        });
        Self { last, max_gap, ticks, _interval: interval }
    }

    /// The longest gap between ticks so far, up to now.
    pub fn max_gap_ms(&self) -> f64 {
        self.max_gap.get().max(now_ms() - self.last.get())
    }

    /// Ticks so far.
    pub fn ticks(&self) -> u32 {
        self.ticks.get()
    }
}
