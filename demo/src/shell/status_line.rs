//! The status line at the bottom of a page: what is happening, what
//! finished, or what failed (naming the plugin). End-to-end tests wait on
//! its `data-state`.

use leptos::prelude::*;

/// Where a page's work stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Under way.
    Working(String),
    /// Finished.
    Done(String),
    /// Failed; the text says why.
    Failed(String),
}

impl Status {
    /// `loading`, `done` or `error`, for `data-state`.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Working(_) => "loading",
            Self::Done(_) => "done",
            Self::Failed(_) => "error",
        }
    }

    /// The message.
    pub fn text(&self) -> String {
        match self {
            Self::Working(text) | Self::Done(text) | Self::Failed(text) => text.clone(),
        }
    }
}

/// `<p id="status" class="status" data-state=…>` showing `status`.
#[component]
pub fn StatusLine(
    /// What to show.
    #[prop(into)]
    status: Signal<Status>,
) -> impl IntoView {
    view! {
        <p id="status" class="status" role="status" data-state=move || status.get().state()>
            {move || status.get().text()}
        </p>
    }
}
