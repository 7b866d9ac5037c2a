//! A ticker driven by a main-thread timer: it keeps counting while a plugin
//! loops in its worker, which shows that the page is never blocked.

use std::time::Duration;

use leptos::prelude::*;

/// How often the ticker ticks.
const EVERY: Duration = Duration::from_millis(100);

/// The ticker's numbers, shared with the page so a call can reset the gap.
#[derive(Debug, Clone, Copy)]
pub struct Ticks {
    count: RwSignal<u64>,
    max_gap_ms: RwSignal<f64>,
    last_ms: StoredValue<f64>,
}

impl Ticks {
    /// A ticker at zero.
    pub fn new() -> Self {
        Self {
            count: RwSignal::new(0),
            max_gap_ms: RwSignal::new(0.0),
            last_ms: StoredValue::new(now_ms()),
        }
    }

    /// Starts measuring the longest gap afresh (when a call starts).
    pub fn reset_gap(&self) {
        self.last_ms.set_value(now_ms());
        self.max_gap_ms.set(0.0);
    }

    fn tick(&self) {
        let now = now_ms();
        let gap = now - self.last_ms.get_value();
        self.last_ms.set_value(now);
        self.count.try_update(|n| *n += 1);
        self.max_gap_ms.try_update(|max| *max = max.max(gap));
    }
}

/// The ticker: ticks so far and the longest gap between two ticks since the
/// last call started.
#[component]
pub fn Ticker(ticks: Ticks) -> impl IntoView {
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || ticks.tick(), EVERY) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <p class="ticker">
            "Main-thread ticker: "
            <strong id="ticker" data-ticks=move || ticks.count.get()>
                {move || ticks.count.get()}
            </strong>
            " ticks; longest gap since the last call "
            <strong id="ticker-gap" data-ms=move || ticks.max_gap_ms.get().round()>
                {move || format!("{:.0} ms", ticks.max_gap_ms.get())}
            </strong>
        </p>
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
