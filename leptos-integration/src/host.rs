//! `<PluginHost>`: starts the runtime and shares it with the components below.

use std::collections::BTreeMap;

use annex_runtime::catalog::load_catalog;
use annex_runtime::events::Subscription;
use annex_runtime::protocol::catalog::Catalog;
use annex_runtime::{Error, HostConfig, PluginHost as Host, VisitContext};
use leptos::prelude::*;

use crate::context::HostContext;
use crate::events::EventSink;

/// How the host is set up; kept until the host starts.
#[derive(Clone)]
struct Setup {
    config: HostConfig,
    catalog: Option<Catalog>,
    catalog_url: Option<String>,
    bootstrap: bool,
}

/// Starts an Annex plugin host and provides it to its children through
/// context ([`crate::use_plugin_host`], [`crate::use_plugin`] and the other
/// hooks and components).
///
/// The host starts asynchronously: the worker code is downloaded and
/// compiled, the catalog (if any) is read, and the catalog's blocking
/// (eager) plugins are activated by [`annex_runtime::PluginHost::bootstrap`].
/// Children render at once; the hooks report the host as starting until
/// then (and suspend inside `<Suspense>`), then as ready or failed.
///
/// The user's roles and the current route feed the host's preload rules and
/// hook conditions: when they change the host plans again (new preloads
/// start, stale ones are cancelled). The route comes from the `route` prop;
/// else, with the `router` feature and inside a leptos_router `<Router>`,
/// from the router's location; else it is the page's path when the host
/// started.
///
/// Unmounting the component drops the host, which stops its plugins' workers.
#[component]
pub fn PluginHost(
    /// The host's configuration: worker source, permission policy, limits,
    /// module cache, timeouts.
    config: HostConfig,
    /// URL of the site's `catalog.json`, read when the host starts.
    #[prop(optional, into)]
    catalog_url: Option<String>,
    /// The catalog itself (takes precedence over `catalog_url`).
    #[prop(optional)]
    catalog: Option<Catalog>,
    /// The current user's roles (for preload rules and hook conditions).
    /// Default: none.
    #[prop(optional, into)]
    roles: Option<Signal<Vec<String>>>,
    /// The current route; see above for the default.
    #[prop(optional, into)]
    route: Option<Signal<String>>,
    /// Whether to bootstrap from the catalog once it is read. Default: true.
    #[prop(default = true)]
    bootstrap: bool,
    /// The app, or the part of it that uses plugins.
    children: Children,
) -> impl IntoView {
    let roles = roles.unwrap_or_default();
    let route = route.or_else(crate::router::current_route).unwrap_or_else(page_path);
    let setup = StoredValue::new_local(Setup { config, catalog, catalog_url, bootstrap });
    let subscription = StoredValue::new_local(None::<Subscription>);
    let sink = EventSink {
        changes: RwSignal::new(0),
        events: RwSignal::new(Vec::new()),
        tallies: RwSignal::new(BTreeMap::new()),
    };
    let host = LocalResource::new(move || {
        let setup = setup.get_value();
        let visit = VisitContext { route: route.get_untracked(), roles: roles.get_untracked() };
        async move { start(setup, visit, sink, subscription).await }
    });
    let context = HostContext {
        host,
        changes: sink.changes,
        events: sink.events,
        tallies: sink.tallies,
        visit: RwSignal::new(VisitContext::default()),
    };
    follow_visit(context, roles, route);
    provide_context(context);
    children()
}

/// Starts the host: worker code, event subscription, visit, catalog, bootstrap.
async fn start(
    setup: Setup,
    visit: VisitContext,
    sink: EventSink,
    subscription: StoredValue<Option<Subscription>, LocalStorage>,
) -> Result<Host, Error> {
    let host = Host::new(setup.config).await?;
    // Only keep the subscription while the component lives; it is dropped
    // with the component (or at once if the component is already gone).
    let _ = subscription.try_set_value(Some(sink.subscribe(&host)));
    host.set_roles(visit.roles);
    host.set_route(&visit.route);
    let catalog = match (setup.catalog, setup.catalog_url) {
        (Some(catalog), _) => Some(catalog),
        (None, Some(url)) => {
            let catalog = load_catalog(&url).await.map_err(|error| {
                Error::Setup(format!("cannot read the plugin catalog {url}: {error}"))
            })?;
            // Served by a development server: rebuilt plugins update in place.
            if let Some(dev) = &catalog.dev {
                host.follow_catalog(&url, dev);
            }
            Some(catalog)
        }
        (None, None) => None,
    };
    if let Some(catalog) = catalog {
        host.set_catalog(catalog);
        if setup.bootstrap {
            let report = host.bootstrap().await?;
            for (plugin, error) in &report.failed {
                leptos::logging::warn!("annex: bootstrap: {plugin} did not start: {error}");
            }
        }
    }
    Ok(host)
}

/// Hands the roles and route to the host whenever they (or the host) change,
/// plans again when there is a catalog, then publishes the visit to the
/// context (slots re-run their hooks on it, so they see the host's new state).
fn follow_visit(context: HostContext, roles: Signal<Vec<String>>, route: Signal<String>) {
    Effect::new(move |_| {
        let wanted = VisitContext { route: route.get(), roles: roles.get() };
        let Some(host) = context.host() else { return };
        if host.context() != wanted {
            host.set_roles(wanted.roles.clone());
            match host.catalog() {
                Some(_) => {
                    if let Err(error) = host.navigate(&wanted.route) {
                        leptos::logging::warn!("annex: planning for {}: {error}", wanted.route);
                    }
                }
                None => host.set_route(&wanted.route),
            }
        }
        if context.visit.get_untracked() != wanted {
            context.visit.set(wanted);
        }
    });
}

/// The page's path now, for hosts that follow no router (`/` when rendering
/// on a server, where there is no page and the host never starts).
fn page_path() -> Signal<String> {
    #[cfg(target_arch = "wasm32")]
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned());
    #[cfg(not(target_arch = "wasm32"))]
    let path = "/".to_owned();
    Signal::stored(path)
}
