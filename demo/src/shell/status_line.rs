//! The status line pages end with: what is under way, what was done, or what
//! failed (naming the plugin), as `<p id="status" data-state=…>` so the
//! end-to-end tests can wait on it.

use leptos::prelude::*;

/// Where a page's work stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Something is under way.
    Working(String),
    /// It finished; what came of it.
    Done(String),
    /// It failed; why.
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

    /// The sentence shown.
    pub fn text(&self) -> String {
        match self {
            Self::Working(text) | Self::Done(text) | Self::Failed(text) => text.clone(),
        }
    }

    /// `Done` for `Ok`, `Failed` for `Err`.
    pub fn from_result(result: Result<String, String>) -> Self {
        match result {
            Ok(text) => Self::Done(text),
            Err(text) => Self::Failed(text),
        }
    }
}

/// `<p id="status" class="status">` showing `status`.
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
