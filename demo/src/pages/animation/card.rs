//! One card: the element the host animates, play and cancel, the easing
//! curve, and the player's statistics once it ends.

use annex_runtime::{AnimationApi, AnimationPlayer, PlaybackEnd};
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::cards::CardDef;
use super::curve::EasingCurve;
use crate::shell::status_line::Status;
use crate::shell::track::use_tracker;

/// How a card's last play went.
#[derive(Clone, Debug, PartialEq)]
enum Played {
    Idle,
    Running,
    Ended { state: &'static str, text: String },
}

/// A card of the gallery.
#[component]
pub fn Card(
    /// What it plays.
    def: CardDef,
    /// The motion plugin's animation API, once it runs.
    api: StoredValue<Option<AnimationApi>, LocalStorage>,
    /// Set when `api` is there.
    #[prop(into)]
    ready: Signal<bool>,
    /// The page's status line.
    status: RwSignal<Status>,
) -> impl IntoView {
    let tracker = use_tracker();
    let target = NodeRef::<Div>::new();
    let played = RwSignal::new(Played::Idle);
    let player = StoredValue::new_local(None::<AnimationPlayer>);
    let plays = StoredValue::new(0u32);
    let easing = (def.spec)().easing;

    let play = move |_| {
        let (Some(api), Some(element)) = (api.get_value(), target.get_untracked()) else { return };
        if let Some(previous) = player.get_value() {
            previous.cancel();
        }
        let spec = (def.spec)();
        let running = match api.play(&element, &spec) {
            Ok(running) => running,
            Err(error) => {
                let text = error.to_string();
                status.set(Status::Failed(format!("{}: {text}", def.title)));
                played.set(Played::Ended { state: "failed", text });
                return;
            }
        };
        let this = plays.try_update_value(|n| {
            *n += 1;
            *n
        });
        player.set_value(Some(running.clone()));
        played.set(Played::Running);
        status.set(Status::Working(format!("Playing {}…", def.title)));
        tracker.track("animation_played", serde_json::json!({ "card": def.id }));
        spawn_local(async move {
            let end = running.finished().await;
            if plays.try_get_value() != this {
                return;
            }
            let s = running.stats();
            let numbers = format!(
                "{} frames drawn, {} stalls, {} of {} batches back ({} samples)",
                s.frames_drawn,
                s.stalls,
                s.batches_received,
                s.batches_requested,
                s.samples_received
            );
            let (state, text, line) = match end {
                Ok(PlaybackEnd::Finished) => (
                    "finished",
                    format!("Finished: {numbers}."),
                    Status::Done(format!("{} finished: {numbers}.", def.title)),
                ),
                Ok(PlaybackEnd::Cancelled) => (
                    "cancelled",
                    format!("Cancelled, style put back: {numbers}."),
                    Status::Done(format!("{} cancelled: {numbers}.", def.title)),
                ),
                Err(error) => {
                    ("failed", error.to_string(), Status::Failed(format!("{}: {error}", def.title)))
                }
            };
            played.try_set(Played::Ended { state, text });
            status.try_set(line);
        });
    };
    let cancel = move |_| {
        if let Some(running) = player.get_value() {
            running.cancel();
        }
    };
    let stats = move || match played.get() {
        Played::Idle => ("idle", "Not played yet.".to_owned()),
        Played::Running => ("running", "Playing…".to_owned()),
        Played::Ended { state, text } => (state, text),
    };
    view! {
        <article class="anim-card" id=format!("card-{}", def.id)>
            <h2>{def.title}</h2>
            <p class="muted">{def.blurb}</p>
            <div class="stage">
                <div class="anim-box" node_ref=target id=format!("box-{}", def.id)></div>
            </div>
            <div class="anim-actions">
                <button
                    class="choice play"
                    data-card=def.id
                    disabled=move || !ready.get()
                    on:click=play
                >
                    "Play"
                </button>
                <button
                    class="choice cancel"
                    data-card=def.id
                    disabled=move || played.get() != Played::Running
                    on:click=cancel
                >
                    "Cancel"
                </button>
            </div>
            <EasingCurve card=def.id easing api ready />
            <p class="stats" id=format!("stats-{}", def.id) data-state=move || stats().0>
                {move || stats().1}
            </p>
        </article>
    }
}
