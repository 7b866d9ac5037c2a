//! Page layout.

use leptos::prelude::*;

use crate::filter_page::FilterPage;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="topbar">
            <span class="brand">"Annex"</span>
            <span class="tagline">"WebAssembly plugins for Leptos, one Web Worker each"</span>
        </header>
        <main class="content">
            <FilterPage />
        </main>
    }
}
