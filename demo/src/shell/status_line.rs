//! The status line every page ends with: what the page is doing, what it
//! did, or what went wrong (naming the plugin). End-to-end tests wait on its
//! `data-state` (`loading`, `done`, `error`).

use leptos::prelude::*;

/// Where a page's work is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Working; the text says on what.
    Working(String),
    /// Finished; the text says what happened.
    Done(String),
    /// Failed or refused; the text says why and which plugin.
    Failed(String),
}

impl Status {
    /// The `data-state` value: `loading`, `done` or `error`.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Working(_) => "loading",
            Self::Done(_) => "done",
            Self::Failed(_) => "error",
        }
    }

    /// The text shown.
    pub fn text(&self) -> String {
        match self {
            Self::Working(text) | Self::Done(text) | Self::Failed(text) => text.clone(),
        }
    }
}

/// `<p id="status" class="status" data-state=…>` for `status`.
#[component]
pub fn StatusLine(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    view! {
        <p id="status" class="status" role="status" data-state=move || status.get().state()>
            {move || status.get().text()}
        </p>
    }
}
