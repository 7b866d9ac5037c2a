//! The image editor: a generated picture filtered by any canvas-filter plugin
//! of the catalog (each in its own worker), with a slider per parameter,
//! before and after, and the hook chain that vetted each request.

mod apply;
mod choice;
mod hook_panel;
mod params;
mod sliders;

use std::rc::Rc;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::PluginId;
use annex_runtime::PluginHost;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::apply::{Applier, Outputs, Request, HEIGHT, WIDTH};
use self::choice::{Choice, Subscriber};
use self::hook_panel::{HookPanel, Report};
use self::sliders::Sliders;
use crate::shell::canvas;
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;

/// The filter demo.
#[component]
pub fn EditorPage() -> impl IntoView {
    let tracker = use_tracker();
    tracker.track("page_view", serde_json::json!({ "page": "editor" }));
    let before = NodeRef::<Canvas>::new();
    let after = NodeRef::<Canvas>::new();
    let status = RwSignal::new(Status::Working("Loading the plugin catalog…".into()));
    let report = RwSignal::new(None::<Report>);
    let choices = RwSignal::new(Vec::<Choice>::new());
    let subscribers = RwSignal::new(Vec::<Subscriber>::new());
    let selected = RwSignal::new(None::<Choice>);
    let values = RwSignal::new(Vec::<f64>::new());
    let applier = StoredValue::new_local(None::<Rc<Applier>>);
    let context = use_plugin_host();

    let apply_current = move || {
        let (Some(applier), Some(choice)) = (applier.get_value(), selected.get_untracked()) else {
            return;
        };
        applier.request(Request { choice, values: values.get_untracked() });
    };
    let choose = move |choice: Choice| {
        values.set(params::defaults(&choice.filter));
        selected.set(Some(choice));
        apply_current();
    };
    let on_change = Callback::new(move |(index, value): (usize, f64)| {
        values.update(|v| {
            if let Some(slot) = v.get_mut(index) {
                *slot = value;
            }
        });
        apply_current();
    });

    Effect::new(move || {
        let (Some(before), Some(after)) = (before.get(), after.get()) else { return };
        spawn_local(async move {
            match start(context, &before).await {
                Ok((host, offered, hooked)) => {
                    let outputs = Outputs { status, report, tracker };
                    applier.set_value(Some(Applier::new(host, after, outputs)));
                    choices.set(offered.clone());
                    subscribers.set(hooked);
                    match offered.into_iter().next() {
                        Some(first) => choose(first),
                        None => {
                            status.set(Status::Failed("The catalog has no canvas filters.".into()))
                        }
                    }
                }
                Err(text) => status.set(Status::Failed(text)),
            }
        });
    });

    // The hooks' conditions follow the role: when the host has the new role,
    // the current filter is asked for again so the chain decides anew.
    let roles = Memo::new(move |_| context.visit().roles);
    Effect::new(move |previous: Option<Vec<String>>| {
        let now = roles.get();
        if previous.is_some_and(|before| !before.is_empty() && before != now) {
            apply_current();
        }
        now
    });

    view! {
        <section class="panel editor">
            <h1>"Image editor"</h1>
            <p class="lead">
                "Each filter below comes from a plain WebAssembly plugin in the site's catalog, "
                "running in its own Web Worker; the pixels travel there and back as transferred "
                "buffers. Before a filter plugin sees a request, two hook plugins vet it, and the "
                "panel below shows what each did."
            </p>
            <div class="choices" role="group" aria-label="Filters">
                <For each=move || choices.get() key=Choice::key let:choice>
                    {
                        let key = choice.key();
                        let label = choice.label();
                        let pressed = move || {
                            selected.with(|s| s.as_ref().is_some_and(|s| s.key() == key))
                        };
                        view! {
                            <button
                                class="choice"
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| choose(choice.clone())
                            >
                                {label}
                            </button>
                        }
                    }
                </For>
            </div>
            <Sliders selected values on_change />
            <div class="compare">
                <figure>
                    <canvas node_ref=before id="before" width=WIDTH height=HEIGHT></canvas>
                    <figcaption>"Original"</figcaption>
                </figure>
                <figure>
                    <canvas node_ref=after id="after" width=WIDTH height=HEIGHT></canvas>
                    <figcaption>"Filtered by the plugin"</figcaption>
                </figure>
            </div>
            <StatusLine status />
            <HookPanel subscribers report />
        </section>
    }
}

/// Draws the original, waits for the host, reads the catalog's filters and
/// hook subscribers, and starts the hook plugins so they vet every apply.
async fn start(
    context: HostContext,
    before: &web_sys::HtmlCanvasElement,
) -> Result<(PluginHost, Vec<Choice>, Vec<Subscriber>), String> {
    canvas::draw(before, &canvas::image_data(WIDTH, &canvas::test_image(WIDTH, HEIGHT))?)?;
    let host = context.await.map_err(|e| format!("The plugin host did not start: {e}"))?;
    let catalog = host.catalog().ok_or("the site has no plugin catalog")?;
    let hooked = choice::subscribers(&catalog);
    let mut started = Vec::new();
    for subscriber in &hooked {
        if started.contains(&subscriber.plugin) {
            continue;
        }
        let id: PluginId = subscriber.plugin.parse().map_err(|e| format!("{e}"))?;
        host.activate(&id)
            .await
            .map_err(|e| format!("Could not start the hook plugin {}: {e}", subscriber.name))?;
        started.push(subscriber.plugin.clone());
    }
    Ok((host, choice::choices(&catalog), hooked))
}
