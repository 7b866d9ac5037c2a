//! `<PluginHost>`: starting, failing, bootstrapping, following roles and route.

use annex_leptos::{
    describe_event, use_plugin, use_plugin_events, use_plugin_host, use_plugins, PluginHost,
};
use annex_runtime::{PluginQuery, WorkerSource};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    captured_context, catalog_of, config, install_worker_spy, live_workers, mount, running_host,
    tick, wait_for, Capture, Captured,
};

/// Shows the host's state and the label of its configuration.
#[component]
fn HostState() -> impl IntoView {
    let context = use_plugin_host();
    let label = move || context.host().and_then(|h| h.config().label.clone());
    let error = move || match context.state() {
        annex_leptos::HostState::Failed(error) => error.to_string(),
        _ => String::new(),
    };
    view! {
        <p class="state">{move || context.state().as_str()}</p>
        <p class="label">{label}</p>
        <p class="error">{error}</p>
    }
}

#[wasm_bindgen_test]
async fn children_see_the_host_start_then_run() {
    let config = config();
    let label = config.label.clone().unwrap();
    let page = mount(move || view! { <PluginHost config><HostState /></PluginHost> });
    tick().await;
    assert_eq!(page.text(".state"), "starting", "children render before the host is up");
    wait_for("the host to run", || page.text(".state") == "ready").await;
    assert_eq!(page.text(".label"), label, "the host was made from the given configuration");
}

#[wasm_bindgen_test]
async fn a_host_that_cannot_start_says_why() {
    let mut config = config();
    config.worker = WorkerSource::from_base("/tests/fixtures/no-such-worker");
    let page = mount(move || view! { <PluginHost config><HostState /></PluginHost> });
    wait_for("the host to fail", || page.text(".state") == "failed").await;
    let error = page.text(".error");
    assert!(error.contains("cannot fetch the worker code"), "{error}");
    assert!(error.contains("/tests/fixtures/no-such-worker/annex_worker_bg.wasm"), "{error}");
}

#[wasm_bindgen_test]
async fn the_catalogs_eager_plugins_run_by_the_time_the_host_is_ready() {
    let catalog = catalog_of(&["load-eager", "grayscale"]).await;
    #[component]
    fn Listing() -> impl IntoView {
        let context = use_plugin_host();
        let plugins = use_plugins(PluginQuery::new());
        // Both in one text, so the test sees what the first "ready" render saw.
        let summary = move || {
            let list: Vec<String> =
                plugins.get().iter().map(|p| format!("{}={}", p.id(), p.status().kind())).collect();
            format!("{}: {}", context.state().as_str(), list.join(","))
        };
        view! { <p class="summary">{summary}</p> }
    }
    let page =
        mount(move || view! { <PluginHost config=config() catalog><Listing /></PluginHost> });
    wait_for("the host to be ready", || page.text(".summary").starts_with("ready")).await;
    assert_eq!(page.text(".summary"), "ready: dev.annex.test.load-eager=active");
}

#[wasm_bindgen_test]
async fn role_and_route_signals_reach_the_host_and_start_preloads() {
    let catalog = catalog_of(&["load-preload"]).await;
    let roles = RwSignal::new(Vec::<String>::new());
    let route = RwSignal::new("/".to_owned());
    let captured = Captured::default();
    #[component]
    fn Events() -> impl IntoView {
        let events = use_plugin_events();
        view! {
            <ul>
                {move || {
                    events.get().iter().map(|e| view! { <li>{describe_event(e)}</li> }).collect_view()
                }}
            </ul>
        }
    }
    let to = captured.clone();
    let page = mount(move || {
        view! {
            <PluginHost config=config() catalog roles route>
                <Capture to />
                <Events />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    tick().await;
    assert!(host.preloads().is_empty(), "no rule matches / without a role");
    assert!(page.texts("li").iter().all(|t| !t.contains("preload")), "{:?}", page.texts("li"));

    roles.set(vec!["analyst".into()]);
    route.set("/analytics/today".into());
    let wanted =
        "dev.annex.test.load-preload: preload started: preload dev.annex.test.load-preload: \
                  route /analytics/today matches /analytics/*, role analyst";
    wait_for("the preload to show", || page.texts("li").iter().any(|t| t == wanted)).await;
    let context = host.context();
    assert_eq!(
        (context.route.as_str(), context.roles),
        ("/analytics/today", vec!["analyst".into()])
    );
    let visit = captured_context(&captured).visit();
    assert_eq!(visit.route, "/analytics/today", "the context publishes the visit");
}

#[wasm_bindgen_test]
async fn unmounting_the_host_stops_its_plugins_workers() {
    install_worker_spy();
    #[component]
    fn StartsGrayscale() -> impl IntoView {
        let grayscale = use_plugin("dev.annex.grayscale");
        let ready = move || grayscale.get().map(|r| r.is_ok());
        view! {
            <p class="status">{move || grayscale.status().get().kind().as_str()}</p>
            <p class="ready">{move || format!("{:?}", ready())}</p>
        }
    }
    let catalog = catalog_of(&["grayscale"]).await;
    let config = config();
    let worker = config.worker_name("dev.annex.grayscale");
    let page = mount(move || view! { <PluginHost config catalog><StartsGrayscale /></PluginHost> });
    wait_for("the plugin to run", || page.text(".status") == "active").await;
    assert_eq!(page.text(".ready"), "Some(true)");
    assert_eq!(live_workers(&worker), 1, "the plugin's worker runs");
    drop(page);
    wait_for("the worker to stop", || live_workers(&worker) == 0).await;
}

#[wasm_bindgen_test]
async fn a_catalog_url_is_read_and_bootstrapped_unless_told_not_to() {
    let captured = Captured::default();
    let to = captured.clone();
    let _page = mount(move || {
        view! {
            <PluginHost config=config() catalog_url=crate::support::CATALOG>
                <Capture to />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    let catalog = host.catalog().expect("the catalog was read");
    assert!(catalog.entry("dev.annex.test.slot-news").is_some());
    let eager = host.plugin(&"dev.annex.test.load-eager".parse().unwrap()).expect("bootstrapped");
    assert_eq!(eager.status().kind(), annex_runtime::StatusKind::Active);

    let captured = Captured::default();
    let to = captured.clone();
    let _page = mount(move || {
        view! {
            <PluginHost config=config() catalog_url=crate::support::CATALOG bootstrap=false>
                <Capture to />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    assert!(host.catalog().is_some());
    assert!(host.plugins().is_empty(), "nothing started without bootstrap");
}

#[wasm_bindgen_test]
async fn a_missing_catalog_fails_the_host_with_its_url() {
    let page = mount(move || {
        view! {
            <PluginHost config=config() catalog_url="/tests/fixtures/plugins/no-such-catalog.json">
                <HostState />
            </PluginHost>
        }
    });
    wait_for("the host to fail", || page.text(".state") == "failed").await;
    let error = page.text(".error");
    assert!(
        error.starts_with(
            "cannot start the plugin host: cannot read the plugin catalog /tests/fixtures/plugins/no-such-catalog.json:"
        ),
        "{error}"
    );
    assert!(error.contains("404"), "{error}");
}
