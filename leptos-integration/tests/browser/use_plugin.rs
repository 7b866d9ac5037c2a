//! `use_plugin`: status as a signal, Suspense while loading, errors shown.

use annex_leptos::{use_plugin, PluginHost};
use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::protocol::catalog::Catalog;
use annex_runtime::{Plugin, RgbaImage, StatusKind};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    catalog_of, config, fetch_bytes, mount, plugin_url, running_host, tick, wait_for, Capture,
    Captured,
};

/// Shows a plugin's status, and inside `<Suspense>` the result of running a
/// filter through it (or the error).
#[component]
fn FilterPixel(id: &'static str, filter: Filter) -> impl IntoView {
    let plugin = use_plugin(id);
    let result = LocalResource::new(move || {
        let filter = filter.clone();
        async move {
            let api = plugin.api(Plugin::canvas_filter).await?;
            let pixel = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255])?;
            Ok::<_, annex_runtime::Error>(api.apply(pixel, &filter).await?.to_vec())
        }
    });
    view! {
        <p class="status">{move || plugin.status().get().kind().as_str()}</p>
        <Suspense fallback=|| view! { <p class="fallback">"loading the plugin"</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(pixel) => view! { <p class="pixel">{format!("{pixel:?}")}</p> }.into_any(),
                    Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[wasm_bindgen_test]
async fn a_catalog_plugin_suspends_then_is_activated_and_called() {
    let catalog = catalog_of(&["grayscale"]).await;
    let captured = Captured::default();
    let to = captured.clone();
    let page = mount(move || {
        view! {
            <PluginHost config=config() catalog>
                <Capture to />
                <FilterPixel id="dev.annex.grayscale" filter=Filter::Grayscale />
            </PluginHost>
        }
    });
    tick().await;
    assert_eq!(page.text(".fallback"), "loading the plugin");
    assert_eq!(page.text(".status"), "unloaded", "not activated before first use");
    wait_for("the filtered pixel", || !page.text(".pixel").is_empty()).await;
    // Rec. 709 luma of (200, 100, 50), alpha kept: computed by the plugin in its worker.
    assert_eq!(page.text(".pixel"), "[118, 118, 118, 255]");
    assert_eq!(page.text(".status"), "active");
    assert!(page.find(".fallback").is_none());
    let host = running_host(&captured).await;
    let plugin = host.plugin(&"dev.annex.grayscale".parse().unwrap()).expect("registered");
    assert_eq!(plugin.status().kind(), StatusKind::Active, "use_plugin activated it in the host");
}

/// The fixture catalog, with grayscale's entry pointing at the grayscale
/// module stripped of its manifest (hash and size made to match, so only
/// the missing manifest is wrong).
async fn catalog_with_broken_grayscale() -> Catalog {
    let mut catalog = catalog_of(&["grayscale"]).await;
    let bytes = fetch_bytes(&plugin_url("no-manifest")).await;
    let entry = &mut catalog.plugins[0];
    entry.url = entry.url.replace("/grayscale.wasm", "/no-manifest.wasm");
    entry.sha256 = annex_runtime::cache::sha256_hex(&bytes);
    entry.size = bytes.len() as u64;
    catalog
}

#[wasm_bindgen_test]
async fn a_plugin_that_fails_to_load_shows_its_error() {
    let catalog = catalog_with_broken_grayscale().await;
    let page = mount(move || {
        view! {
            <PluginHost config=config() catalog>
                <FilterPixel id="dev.annex.grayscale" filter=Filter::Grayscale />
            </PluginHost>
        }
    });
    wait_for("the error", || !page.text(".error").is_empty()).await;
    let error = page.text(".error");
    assert!(error.contains("no-manifest.wasm"), "{error}");
    assert!(error.contains("no `annex.manifest` custom section"), "{error}");
    assert!(page.find(".pixel").is_none());
    assert!(page.find(".fallback").is_none());
}

#[wasm_bindgen_test]
async fn a_plugin_loaded_later_is_picked_up_and_its_crash_is_shown() {
    let captured = Captured::default();
    let to = captured.clone();
    let panic = Filter::Custom { name: "panic".into(), params: serde_json::Value::Null };
    let page = mount(move || {
        view! {
            <PluginHost config=config()>
                <Capture to />
                <FilterPixel id="dev.annex.test.hostile" filter=panic />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    wait_for("not found", || page.text(".error").contains("no plugin dev.annex.test.hostile"))
        .await;
    // Loaded by the app after the component asked: the hook follows the host.
    host.load_url(&plugin_url("hostile")).await.unwrap();
    // The component's call makes the plugin panic; its worker is stopped.
    wait_for("the panic", || page.text(".error").contains("hostile plugin panicked on purpose"))
        .await;
    wait_for("the error status", || page.text(".status") == "error").await;
    let hostile = host.plugin(&"dev.annex.test.hostile".parse().unwrap()).unwrap();
    assert_eq!(hostile.status().kind(), StatusKind::Error);
}

#[wasm_bindgen_test]
async fn an_invalid_id_is_an_error_not_a_panic() {
    let page = mount(move || {
        view! {
            <PluginHost config=config()>
                <FilterPixel id="Not An Id" filter=Filter::Grayscale />
            </PluginHost>
        }
    });
    wait_for("the error", || !page.text(".error").is_empty()).await;
    assert!(
        page.text(".error").starts_with("invalid input: `Not An Id`"),
        "{}",
        page.text(".error")
    );
}
