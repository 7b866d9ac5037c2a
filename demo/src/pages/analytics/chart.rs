//! A horizontal bar chart of events per type, drawn in SVG: one bar per
//! type, its length proportional to the count.

use leptos::prelude::*;

/// Width of the drawing, in SVG units (it scales to the page).
const WIDTH: f64 = 640.0;
/// Space for the type names on the left.
const LABEL_WIDTH: f64 = 150.0;
/// Space for the counts on the right.
const COUNT_WIDTH: f64 = 60.0;
/// Height of one row.
const ROW: f64 = 30.0;

/// The chart of `groups` (type, events); a note when there are none.
#[component]
pub fn TypeChart(
    /// Events per type.
    #[prop(into)]
    groups: Signal<Vec<(String, u64)>>,
) -> impl IntoView {
    move || {
        let groups = groups.get();
        if groups.is_empty() {
            return view! { <p id="chart-empty" class="muted">"No events in this period yet."</p> }
                .into_any();
        }
        let most = groups.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
        let height = ROW * groups.len() as f64 + 8.0;
        let span = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
        let rows = groups
            .into_iter()
            .enumerate()
            .map(|(i, (kind, count))| {
                let y = 4.0 + ROW * i as f64;
                let length = (span * count as f64 / most).max(2.0);
                view! {
                    <g class="chart-row">
                        <text class="chart-label" x=LABEL_WIDTH - 8.0 y=y + ROW * 0.62 text-anchor="end">
                            {kind.clone()}
                        </text>
                        <rect
                            class="bar"
                            data-group=kind
                            data-count=count
                            x=LABEL_WIDTH
                            y=y + 4.0
                            width=length
                            height=ROW - 8.0
                            rx="4"
                        ></rect>
                        <text class="chart-count" x=LABEL_WIDTH + length + 6.0 y=y + ROW * 0.62>
                            {count}
                        </text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg
                id="chart"
                class="chart"
                role="img"
                aria-label="Events per type"
                viewBox=format!("0 0 {WIDTH} {height}")
                preserveAspectRatio="xMinYMin meet"
            >
                {rows}
            </svg>
        }
        .into_any()
    }
}
