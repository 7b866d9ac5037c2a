//! Before/after: a generated image filtered by any canvas-filter plugin in the
//! catalog, each in its own worker.

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::{PluginHost, RgbaImage};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::shell::canvas;

const WIDTH: u32 = 480;
const HEIGHT: u32 = 300;

/// One filter of one plugin, as offered by the catalog.
#[derive(Clone, Debug, PartialEq)]
struct Choice {
    plugin: String,
    plugin_name: String,
    url: String,
    filter: String,
}

impl Choice {
    fn filter(&self) -> Filter {
        match self.filter.as_str() {
            "grayscale" => Filter::Grayscale,
            name => Filter::Custom { name: name.to_owned(), params: serde_json::Value::Null },
        }
    }

    fn key(&self) -> String {
        format!("{}:{}", self.plugin, self.filter)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Working(String),
    Done(String),
    Failed(String),
}

impl Status {
    fn state(&self) -> &'static str {
        match self {
            Self::Working(_) => "loading",
            Self::Done(_) => "done",
            Self::Failed(_) => "error",
        }
    }

    fn text(&self) -> String {
        match self {
            Self::Working(text) | Self::Done(text) | Self::Failed(text) => text.clone(),
        }
    }
}

/// The filter demo.
#[component]
pub fn EditorPage() -> impl IntoView {
    let before = NodeRef::<Canvas>::new();
    let after = NodeRef::<Canvas>::new();
    let status = RwSignal::new(Status::Working("Loading the plugin catalog…".into()));
    let choices = RwSignal::new(Vec::<Choice>::new());
    let selected = RwSignal::new(None::<String>);
    let host = StoredValue::new_local(None::<PluginHost>);
    let context = use_plugin_host();

    let apply = move |choice: Choice| {
        let (Some(after), Some(host)) = (after.get_untracked(), host.get_value()) else { return };
        selected.set(Some(choice.key()));
        status.set(Status::Working(format!("Running {} in its worker…", choice.plugin_name)));
        spawn_local(async move {
            status.set(match run_filter(&host, &after, &choice).await {
                Ok(text) => Status::Done(text),
                Err(text) => Status::Failed(text),
            });
        });
    };

    Effect::new(move || {
        let Some(before) = before.get() else { return };
        spawn_local(async move {
            match start(context, &before).await {
                Ok((started, offered)) => {
                    host.set_value(Some(started));
                    choices.set(offered.clone());
                    match offered.into_iter().next() {
                        Some(first) => apply(first),
                        None => {
                            status.set(Status::Failed("The catalog has no canvas filters.".into()))
                        }
                    }
                }
                Err(text) => status.set(Status::Failed(text)),
            }
        });
    });

    view! {
        <section class="panel">
            <h1>"Canvas filter"</h1>
            <p class="lead">
                "Each filter below comes from a plain WebAssembly plugin listed in the site's catalog. "
                "Each plugin runs in its own Web Worker; the pixels travel there and back as "
                "transferred buffers."
            </p>
            <div class="choices" role="group" aria-label="Filters">
                <For each=move || choices.get() key=Choice::key let:choice>
                    {
                        let key = choice.key();
                        let label = format!("{} · {}", choice.plugin_name, choice.filter);
                        let pressed = move || selected.get().as_deref() == Some(key.as_str());
                        view! {
                            <button
                                class="choice"
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| apply(choice.clone())
                            >
                                {label}
                            </button>
                        }
                    }
                </For>
            </div>
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
            <p id="status" class="status" data-state=move || status.get().state()>
                {move || status.get().text()}
            </p>
        </section>
    }
}

/// Draws the original, starts the host and reads the catalog's canvas filters.
async fn start(
    context: HostContext,
    before: &web_sys::HtmlCanvasElement,
) -> Result<(PluginHost, Vec<Choice>), String> {
    canvas::draw(before, &canvas::image_data(WIDTH, &canvas::test_image(WIDTH, HEIGHT))?)?;
    let host = context.await.map_err(|e| e.to_string())?;
    let catalog = host.catalog().ok_or("the site has no plugin catalog")?;
    let choices = catalog
        .plugins
        .iter()
        .flat_map(|entry| {
            let m = &entry.manifest;
            let filters = m.capabilities.canvas_filter.iter().flat_map(|c| c.filters.iter());
            filters.map(|filter| Choice {
                plugin: m.id.to_string(),
                plugin_name: m.name.clone(),
                url: entry.url.clone(),
                filter: filter.clone(),
            })
        })
        .collect();
    Ok((host, choices))
}

async fn run_filter(
    host: &PluginHost,
    after: &web_sys::HtmlCanvasElement,
    choice: &Choice,
) -> Result<String, String> {
    let id = choice.plugin.parse().map_err(|e| format!("{e}"))?;
    let plugin =
        match host.plugin(&id).filter(|p| p.status().kind() == annex_runtime::StatusKind::Active) {
            Some(plugin) => plugin,
            None => host.load_url(&choice.url).await.map_err(|e| e.to_string())?,
        };
    let image = RgbaImage::from_bytes(WIDTH, HEIGHT, &canvas::test_image(WIDTH, HEIGHT))
        .map_err(|e| e.to_string())?;
    let started = now_ms();
    let api = plugin.canvas_filter().map_err(|e| e.to_string())?;
    let out = api.apply(image, &choice.filter()).await.map_err(|e| e.to_string())?;
    let elapsed = now_ms() - started;
    canvas::draw(after, &out.to_image_data().map_err(|e| e.to_string())?)?;
    Ok(format!(
        "Filtered by {} {} ({}) in {elapsed:.1} ms, worker round trip included.",
        plugin.manifest().name,
        plugin.manifest().version,
        choice.filter
    ))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
