//! Before/after: a generated image filtered by the grayscale plugin in its worker.

use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::{HostConfig, PluginHost, RgbaImage, WorkerSource};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::canvas;

const WIDTH: u32 = 480;
const HEIGHT: u32 = 300;
const PLUGIN_URL: &str = "/plugins/grayscale.wasm";

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Done(String),
    Failed(String),
}

impl Status {
    fn state(&self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Done(_) => "done",
            Self::Failed(_) => "error",
        }
    }

    fn text(&self) -> String {
        match self {
            Self::Loading => "Loading the grayscale plugin into its worker…".into(),
            Self::Done(text) | Self::Failed(text) => text.clone(),
        }
    }
}

/// The filter demo.
#[component]
pub fn FilterPage() -> impl IntoView {
    let before = NodeRef::<Canvas>::new();
    let after = NodeRef::<Canvas>::new();
    let status = RwSignal::new(Status::Loading);

    Effect::new(move || {
        if let (Some(before), Some(after)) = (before.get(), after.get()) {
            spawn_local(async move {
                let outcome = run(&before, &after).await;
                status.set(match outcome {
                    Ok(text) => Status::Done(text),
                    Err(text) => Status::Failed(text),
                });
            });
        }
    });

    view! {
        <section class="panel">
            <h1>"Canvas filter"</h1>
            <p class="lead">
                "The image on the right was turned gray by "
                <code>"dev.annex.grayscale"</code>
                ", a plain WebAssembly plugin running in its own Web Worker. "
                "The pixels travel to the worker and back as transferred buffers."
            </p>
            <div class="compare">
                <figure>
                    <canvas node_ref=before id="before" width=WIDTH height=HEIGHT></canvas>
                    <figcaption>"Original"</figcaption>
                </figure>
                <figure>
                    <canvas node_ref=after id="after" width=WIDTH height=HEIGHT></canvas>
                    <figcaption>"Grayscale (plugin)"</figcaption>
                </figure>
            </div>
            <p id="status" class="status" data-state=move || status.get().state()>
                {move || status.get().text()}
            </p>
        </section>
    }
}

async fn run(
    before: &web_sys::HtmlCanvasElement,
    after: &web_sys::HtmlCanvasElement,
) -> Result<String, String> {
    let pixels = canvas::test_image(WIDTH, HEIGHT);
    canvas::draw(before, &canvas::image_data(WIDTH, &pixels)?)?;

    let host = PluginHost::new(HostConfig::new(WorkerSource::from_base("/annex-worker")))
        .await
        .map_err(|e| e.to_string())?;
    let plugin = host.load_url(PLUGIN_URL).await.map_err(|e| e.to_string())?;
    let image = RgbaImage::from_bytes(WIDTH, HEIGHT, &pixels).map_err(|e| e.to_string())?;

    let started = now_ms();
    let api = plugin.canvas_filter().map_err(|e| e.to_string())?;
    let gray = api.apply(image, &Filter::Grayscale).await.map_err(|e| e.to_string())?;
    let elapsed = now_ms() - started;

    canvas::draw(after, &gray.to_image_data().map_err(|e| e.to_string())?)?;
    Ok(format!(
        "Filtered by {} {} in {elapsed:.1} ms (worker round trip included).",
        plugin.manifest().name,
        plugin.manifest().version
    ))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
