//! A card's easing curve and sample values, computed by the motion plugin
//! (`AnimationApi::ease`, every point in one call).

use annex_runtime::protocol::api::animation::Easing;
use annex_runtime::AnimationApi;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Points on the drawn curve.
const POINTS: usize = 41;
/// The progress values shown as numbers.
pub const SAMPLES: [f64; 3] = [0.25, 0.5, 0.75];

/// The curve of `easing` and `E(t)` at [`SAMPLES`], once `api` is there.
#[component]
pub fn EasingCurve(
    /// The card's id.
    card: &'static str,
    /// The easing.
    easing: Easing,
    /// The motion plugin's animation API, once it runs.
    api: StoredValue<Option<AnimationApi>, LocalStorage>,
    /// Set when `api` is there.
    #[prop(into)]
    ready: Signal<bool>,
) -> impl IntoView {
    let values = RwSignal::new(None::<Result<Vec<f64>, String>>);
    let name = easing.name().to_owned();
    Effect::new(move || {
        if !ready.get() {
            return;
        }
        let Some(api) = api.get_value() else { return };
        let easing = easing.clone();
        spawn_local(async move {
            let mut progress: Vec<f64> =
                (0..POINTS).map(|i| i as f64 / (POINTS - 1) as f64).collect();
            progress.extend(SAMPLES);
            let eased = api.ease(&easing, &progress).await.map_err(|e| e.to_string());
            values.try_set(Some(eased));
        });
    });
    view! {
        <div class="curve" id=format!("curve-{card}")>
            {move || match values.get() {
                None => view! { <p class="muted">"Asking the plugin for the curve…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error">{error}</p> }.into_any(),
                Some(Ok(eased)) => {
                    let (curve, samples) = eased.split_at(POINTS.min(eased.len()));
                    let points: Vec<String> = curve
                        .iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let x = 100.0 * i as f64 / (POINTS - 1) as f64;
                            format!("{x:.1},{:.1}", 66.0 - 52.0 * e)
                        })
                        .collect();
                    let rows = SAMPLES
                        .iter()
                        .zip(samples)
                        .map(|(t, e)| {
                            view! {
                                <li class="sample" data-t=t.to_string() data-value=e.to_string()>
                                    {format!("E({t}) = {e:.4}")}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <svg class="curve-plot" viewBox="0 0 100 80" role="img" aria-label=format!("{} easing curve", name.clone())>
                            <line class="axis" x1="0" y1="66" x2="100" y2="66"></line>
                            <line class="axis" x1="0" y1="14" x2="100" y2="14"></line>
                            <polyline points=points.join(" ")></polyline>
                        </svg>
                        <ul class="samples">{rows}</ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
