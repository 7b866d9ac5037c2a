//! The "record samples" control: numbers the visitor types, each sent to the
//! analytics plugin as its own `sample` event, all at once.

use leptos::html::Input;
use leptos::prelude::*;

/// What the field holds when the page opens.
const DEFAULT_VALUES: &str = "120, 80, 200, 45";

/// Most samples one submission may record.
const MAX_VALUES: usize = 200;

/// The numbers in `text` (separated by commas, semicolons or spaces), or
/// what is wrong with it.
pub fn parse_values(text: &str) -> Result<Vec<f64>, String> {
    let values = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| match part.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(format!("`{part}` is not a number")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    match values.len() {
        0 => Err("type one or more numbers, e.g. 120, 80, 200".into()),
        n if n > MAX_VALUES => Err(format!("{n} numbers given; at most {MAX_VALUES} at once")),
        _ => Ok(values),
    }
}

/// The form; `on_record` gets the parsed numbers, or the reason they could
/// not be read.
#[component]
pub fn RecordForm(
    /// Called on submit.
    on_record: Callback<Result<Vec<f64>, String>>,
    /// Whether a recording is under way (the button waits).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let text = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        on_record.run(parse_values(&text));
    };
    view! {
        <form id="record-form" class="record" on:submit=submit>
            <label for="sample-values">"Sample values (e.g. response times in ms)"</label>
            <div class="record-row">
                <input
                    id="sample-values"
                    node_ref=input
                    type="text"
                    inputmode="decimal"
                    value=DEFAULT_VALUES
                    autocomplete="off"
                />
                <button id="record" class="choice" type="submit" disabled=busy>
                    "Record samples"
                </button>
            </div>
        </form>
    }
}
