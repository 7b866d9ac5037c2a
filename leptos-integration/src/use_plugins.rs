//! `use_plugins`: the host's plugins matching a query, as a reactive list.

use annex_runtime::{Plugin, PluginQuery};
use leptos::prelude::*;

use crate::context::use_plugin_host;

/// The registered plugins matching `query` (by capability, tag, status;
/// [`PluginQuery::new`] for all), ordered by id. The list follows the host:
/// it changes as plugins load, change status or go away, and follows the
/// query when it is a signal. Empty while the host starts.
///
/// The list holds plugin handles, which are `!Send`, hence the local signal.
///
/// ```no_run
/// use annex_leptos::use_plugins;
/// use annex_runtime::protocol::manifest::ApiFamily;
/// use annex_runtime::PluginQuery;
/// use leptos::prelude::*;
///
/// #[component]
/// fn FilterMenu() -> impl IntoView {
///     let filters = use_plugins(PluginQuery::new().capability(ApiFamily::CanvasFilter));
///     view! {
///         <ul>
///             {move || filters.get().iter().map(|p| view! { <li>{p.manifest().name.clone()}</li> }).collect_view()}
///         </ul>
///     }
/// }
/// ```
#[track_caller]
pub fn use_plugins(query: impl Into<Signal<PluginQuery>>) -> Signal<Vec<Plugin>, LocalStorage> {
    let context = use_plugin_host();
    let query = query.into();
    Signal::derive_local(move || {
        context.track_changes();
        let query = query.get();
        context.host().map(|host| host.find(&query)).unwrap_or_default()
    })
}
