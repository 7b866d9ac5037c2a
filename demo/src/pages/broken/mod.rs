//! The broken-plugin page: a plugin that hangs or crashes on request, a
//! main-thread ticker that keeps going meanwhile, and the host's supervisor
//! stopping the plugin and starting it again.

mod flaky;
mod plugin_state;
mod ticker;

use annex_leptos::use_plugin_host;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;
use flaky::{Action, FLAKY};
use plugin_state::PluginState;
use ticker::{Ticker, Ticks};

/// The broken-plugin page.
#[component]
pub fn BrokenPage() -> impl IntoView {
    let tracker = use_tracker();
    tracker.track("page_view", json!({ "page": "broken" }));
    let context = use_plugin_host();
    let status = RwSignal::new(Status::Working(format!("Starting {FLAKY}…")));
    let busy = RwSignal::new(true);
    let count = RwSignal::new(None::<u64>);
    let ticks = Ticks::new();

    spawn_local(async move {
        let started = flaky::start(context).await;
        status.try_set(Status::from_result(started));
        busy.try_set(false);
    });

    let run = move |action: Action| {
        busy.set(true);
        ticks.reset_gap();
        status.set(Status::Working(action.waiting()));
        tracker.track("flaky_call", json!({ "action": action.as_str() }));
        spawn_local(async move {
            let outcome = flaky::call(context, action).await;
            let text = match outcome {
                Ok(n) => {
                    count.try_set(Some(n));
                    Ok(format!(
                        "{FLAKY} answered `{}`: {n} work call(s) answered so far, restarts \
                         included (the count survives them through the plugin's saved state).",
                        action.as_str()
                    ))
                }
                Err(error) => {
                    tracker.track("flaky_failed", json!({ "action": action.as_str() }));
                    Err(error)
                }
            };
            status.try_set(Status::from_result(text));
            busy.try_set(false);
        });
    };
    let enable = move |_| {
        busy.set(true);
        spawn_local(async move {
            status.try_set(Status::from_result(flaky::enable(context).await));
            busy.try_set(false);
        });
    };
    let disabled = move || {
        flaky::flaky_id()
            .ok()
            .and_then(|id| context.plugin(&id))
            .is_some_and(|p| p.status().kind() == annex_runtime::StatusKind::Disabled)
    };

    view! {
        <section class="panel">
            <h1>"A plugin that breaks"</h1>
            <p class="lead">
                "The Flaky plugin runs in its own Web Worker. Ask it to hang and the host gives up "
                "after the 3 s call budget and terminates the worker; ask it to crash and its panic "
                "is reported. Either way the supervisor starts it again in a new worker with its "
                "saved state, and this page never stops ticking."
            </p>
            <div class="choices" role="group" aria-label="What the plugin should do">
                {Action::ALL
                    .into_iter()
                    .map(|action| {
                        view! {
                            <button
                                class="choice"
                                id=action.as_str()
                                disabled=move || busy.get()
                                on:click=move |_| run(action)
                            >
                                {action.label()}
                            </button>
                        }
                    })
                    .collect_view()}
                <Show when=disabled>
                    <button class="choice" id="enable" on:click=enable>"Enable again"</button>
                </Show>
            </div>
            <Ticker ticks />
            <p class="muted">
                "Work calls answered: "
                <strong id="count">
                    {move || count.get().map_or_else(|| "none yet".to_owned(), |n| n.to_string())}
                </strong>
            </p>
            <StatusLine status />
            <PluginState />
        </section>
    }
}
