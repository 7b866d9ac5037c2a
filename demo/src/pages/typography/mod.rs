//! The typography playground: text set in the font pack's typeface with an
//! effect from the text-effects plugin, painted on a canvas by the host;
//! and the dependency between the two plugins, as the host resolved and
//! started it.

mod dependencies;
mod effects;
mod render;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::PluginId;
use annex_runtime::{PluginHost, TypographyApi};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::dependencies::{Dependencies, DependencyPanel};
use self::render::{HEIGHT, WIDTH};
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;

/// The plugin whose effects the page shows.
const TEXT_EFFECTS: &str = "dev.annex.text-effects";

/// The typography page.
#[component]
pub fn TypographyPage() -> impl IntoView {
    let tracker = use_tracker();
    tracker.track("page_view", serde_json::json!({ "page": "typography" }));
    let canvas = NodeRef::<Canvas>::new();
    let status = RwSignal::new(Status::Working("Starting the text-effects plugin…".into()));
    let text = RwSignal::new("Annex".to_owned());
    let effect = RwSignal::new("shadow".to_owned());
    let offered = RwSignal::new(Vec::<String>::new());
    let deps = RwSignal::new(Dependencies::default());
    let detail = RwSignal::new(String::new());
    let api = StoredValue::new_local(None::<TypographyApi>);
    let player = StoredValue::new_local(None::<IntervalHandle>);
    let generation = StoredValue::new(0u64);
    let context = use_plugin_host();

    let stop_player = move || {
        if let Some(handle) = player.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(stop_player);

    Effect::new(move || {
        if canvas.get().is_none() {
            return;
        }
        spawn_local(async move {
            match start(context).await {
                Ok((typography, list, found)) => {
                    api.set_value(Some(typography));
                    deps.set(found);
                    offered.set(list);
                }
                Err(text) => status.set(Status::Failed(text)),
            }
        });
    });

    // Latest request wins: each render has a number, and only the newest
    // one paints and reports.
    Effect::new(move || {
        let (text, name) = (text.get(), effect.get());
        offered.track();
        let (Some(typography), Some(canvas)) = (api.get_value(), canvas.get_untracked()) else {
            return;
        };
        let this = generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        let chosen = effects::preset(&name);
        status.set(Status::Working(format!("Laying out \"{text}\" with {name}…")));
        spawn_local(async move {
            let started = now_ms();
            let prepared = render::prepare(&typography, &canvas, &text, &chosen).await;
            if generation.try_get_value() != this {
                return;
            }
            stop_player();
            let shown = prepared.and_then(|p| render::show(&canvas, &p).map(|h| (p, h)));
            match shown {
                Ok((prepared, handle)) => {
                    player.set_value(handle);
                    let ms = now_ms() - started;
                    let drawing = prepared.frames.last().cloned().unwrap_or_default();
                    let frames = prepared.frames.len();
                    let animated = if frames > 1 {
                        format!(", {frames} frames from one call, looping")
                    } else {
                        String::new()
                    };
                    status.set(Status::Done(format!(
                        "\"{text}\" with {name}: Text effects laid it out in {} layer(s), \
                         {:.0}×{:.0} px at {} px{animated}; measured, laid out and painted in \
                         {ms:.1} ms.",
                        drawing.layers.len(),
                        drawing.width,
                        drawing.ascent + drawing.descent,
                        prepared.size_px,
                    )));
                    detail.set(effects::describe(&chosen));
                    tracker.track("text_rendered", serde_json::json!({ "effect": name }));
                }
                Err(error) => {
                    let _ = render::clear(&canvas);
                    status.set(Status::Failed(format!("Text effects ({TEXT_EFFECTS}): {error}")));
                }
            }
        });
    });

    let choices = move || {
        offered
            .get()
            .into_iter()
            .map(|name| {
                let pressed = {
                    let name = name.clone();
                    move || (effect.get() == name).to_string()
                };
                let pick = name.clone();
                let data = name.clone();
                view! {
                    <button
                        class="choice"
                        data-effect=data
                        aria-pressed=pressed
                        on:click=move |_| effect.set(pick.clone())
                    >
                        {name}
                    </button>
                }
            })
            .collect_view()
    };

    view! {
        <section class="panel typography">
            <h1>"Typography"</h1>
            <p class="lead">
                "The host measures each character in Annex Serif, a font the font-pack plugin "
                "handed over and the host registered with FontFace; the text-effects plugin (in its "
                "own worker) answers with layers of drawing instructions, which the host paints on "
                "the canvas."
            </p>
            <label class="field" for="text-input">
                <span>"Text"</span>
                <input
                    id="text-input"
                    type="text"
                    maxlength="40"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                />
            </label>
            <div class="choices" role="group" aria-label="Effects">{choices}</div>
            <canvas node_ref=canvas id="text-canvas" width=WIDTH height=HEIGHT></canvas>
            <p class="muted effect-params" id="effect-params">
                {move || format!("Effect sent to the plugin: {}", detail.get())}
            </p>
            <StatusLine status />
            <DependencyPanel dependencies=deps />
        </section>
    }
}

/// Resolves and activates text effects (with the font pack first), then
/// reads the offered effects and the registered fonts.
async fn start(context: HostContext) -> Result<(TypographyApi, Vec<String>, Dependencies), String> {
    let host: PluginHost =
        context.await.map_err(|e| format!("The plugin host did not start: {e}"))?;
    let catalog = host.catalog().ok_or("the site has no plugin catalog")?;
    let id: PluginId = TEXT_EFFECTS.parse().map_err(|e| format!("{e}"))?;
    let resolution = dependencies::resolve(&catalog, &id)
        .map_err(|e| format!("Text effects ({TEXT_EFFECTS}) cannot be resolved: {e}"))?;
    let wanted: Vec<String> = resolution.iter().map(|r| r.id.clone()).collect();
    let (plugin, activation) = dependencies::activate(&host, &id, wanted.clone())
        .await
        .map_err(|e| format!("Text effects ({TEXT_EFFECTS}) did not start: {e}"))?;
    let typography = plugin.typography().map_err(|e| e.to_string())?;
    let offered = typography.effects();
    let provided = dependencies::provided_fonts(&host, &wanted).await;
    let fonts = dependencies::registered_fonts(&host, render::FAMILY);
    Ok((typography, offered, Dependencies { resolution, activation, provided, fonts }))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
