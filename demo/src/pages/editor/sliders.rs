//! One slider per parameter of the chosen filter, bounded by the ranges the
//! host accepts; moving one asks for a new apply.

use leptos::prelude::*;

use super::choice::Choice;
use super::params;

/// The sliders of the selected filter.
#[component]
pub fn Sliders(
    /// The chosen filter.
    #[prop(into)]
    selected: Signal<Option<Choice>>,
    /// Its parameter values, in `params::specs` order.
    #[prop(into)]
    values: Signal<Vec<f64>>,
    /// Called with (parameter index, new value) while a slider moves.
    on_change: Callback<(usize, f64)>,
) -> impl IntoView {
    let sliders = move || {
        let Some(choice) = selected.get() else { return ().into_any() };
        let specs = params::specs(&choice.filter);
        if specs.is_empty() {
            return view! {
                <p class="muted sliders-none">
                    {format!("{} has no parameters.", choice.filter)}
                </p>
            }
            .into_any();
        }
        specs
            .iter()
            .enumerate()
            .map(|(index, spec)| {
                let id = format!("param-{}", spec.name);
                let label_for = id.clone();
                let value = move || values.with(|v| v.get(index).copied().unwrap_or(spec.default));
                view! {
                    <label class="slider" for=label_for>
                        <span class="slider-name">{spec.name}</span>
                        <input
                            type="range"
                            id=id
                            min=spec.min.to_string()
                            max=spec.max.to_string()
                            step=spec.step.to_string()
                            prop:value=move || value().to_string()
                            on:input=move |event| {
                                if let Ok(v) = event_target_value(&event).parse::<f64>() {
                                    on_change.run((index, v));
                                }
                            }
                        />
                        <output class="slider-value">{move || value().to_string()}</output>
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="sliders" id="sliders" role="group" aria-label="Filter parameters">
            {sliders}
        </div>
    }
}
