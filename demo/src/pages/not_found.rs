//! Any path the app has no page for.

use leptos::prelude::*;

/// "No such page", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"No such page"</h1>
            <p class="lead">"The demo has no page at this address."</p>
            <a href="/">"Back to the start"</a>
        </section>
    }
}
