//! Following leptos_router's location (the `router` feature).

use leptos::prelude::Signal;

/// The router's current path, when a `<Router>` is above the caller.
#[cfg(feature = "router")]
pub(crate) fn current_route() -> Option<Signal<String>> {
    use leptos::prelude::use_context;
    // `use_location` panics outside a router; `<Router>` provides its
    // `BrowserUrl` on the client, so its presence tells us it is safe.
    use_context::<leptos_router::location::BrowserUrl>()?;
    Some(leptos_router::hooks::use_location().pathname.into())
}

/// Without the `router` feature there is no router to follow.
#[cfg(not(feature = "router"))]
pub(crate) fn current_route() -> Option<Signal<String>> {
    None
}
