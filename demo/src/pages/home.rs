//! The start page: what Annex is, and a card per page of the demo.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::shell::nav::PAGES;
use crate::shell::track::use_tracker;

/// The start page.
#[component]
pub fn Home() -> impl IntoView {
    use_tracker().track("page_view", serde_json::json!({ "page": "home" }));
    let cards = PAGES
        .iter()
        .map(|page| {
            view! {
                <A href=page.path attr:class="card">
                    <h2>{page.label}</h2>
                    <p>{page.blurb}</p>
                </A>
            }
        })
        .collect_view();
    view! {
        <section class="hero">
            <h1>"Plugins for Leptos apps, each in its own Web Worker"</h1>
            <p class="lead">
                "Every feature on these pages comes from a plain WebAssembly plugin listed in the "
                "site's catalog. Each plugin runs in a dedicated Web Worker with only the "
                "permissions it was granted; a plugin that crashes or hangs is stopped and "
                "restarted while the page carries on. Switch the role at the top to change what "
                "loads ahead of time, and open the debug panel at the bottom to see why."
            </p>
        </section>
        <div class="cards">{cards}</div>
    }
}
