//! The animation gallery: cards played by the motion plugin. The host asks
//! the plugin for batches of samples ahead of time and draws them into each
//! card's element on every animation frame.

mod card;
mod cards;
mod curve;

use annex_leptos::use_plugin_host;
use annex_runtime::protocol::PluginId;
use annex_runtime::AnimationApi;
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::card::Card;
use self::cards::CARDS;
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;

/// The plugin that computes the animations.
const MOTION: &str = "dev.annex.motion";

/// The gallery page.
#[component]
pub fn AnimationPage() -> impl IntoView {
    use_tracker().track("page_view", serde_json::json!({ "page": "animation" }));
    let status = RwSignal::new(Status::Working("Starting the motion plugin…".into()));
    let api = StoredValue::new_local(None::<AnimationApi>);
    let ready = RwSignal::new(false);
    let context = use_plugin_host();

    spawn_local(async move {
        let started = async {
            let host = context.await.map_err(|e| format!("The plugin host did not start: {e}"))?;
            let id: PluginId = MOTION.parse().map_err(|e| format!("{e}"))?;
            let plugin = host.activate(&id).await.map_err(|e| e.to_string())?;
            let animation = plugin.animation().map_err(|e| e.to_string())?;
            let m = plugin.manifest();
            let text = format!(
                "{} {} is running in its worker: {} animations, custom easings {}. Press play on a card.",
                m.name,
                m.version,
                animation.animations().join(", "),
                animation.easings().join(", ")
            );
            Ok::<_, String>((animation, text))
        };
        match started.await {
            Ok((animation, text)) => {
                api.set_value(Some(animation));
                ready.try_set(true);
                status.try_set(Status::Done(text));
            }
            Err(error) => {
                status.try_set(Status::Failed(format!("Motion ({MOTION}): {error}")));
            }
        }
    });

    let cards = CARDS.into_iter().map(|def| view! { <Card def api ready status /> }).collect_view();
    view! {
        <section class="panel animation">
            <h1>"Animation"</h1>
            <p class="lead">
                "The motion plugin computes; the host draws. On play, the host asks the plugin for "
                "400 ms of samples per call, ahead of time, and writes them into the card's inline "
                "opacity and transform on every animation frame. Easing curves are computed by the "
                "plugin too."
            </p>
            <StatusLine status />
            <div class="anim-grid">{cards}</div>
        </section>
    }
}
