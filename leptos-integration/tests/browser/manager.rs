//! `<PluginManager>`: buttons that really act on the runtime, live metrics,
//! permissions, errors, events.

use annex_leptos::{PluginHost, PluginManager};
use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::protocol::Permission;
use annex_runtime::{HostConfig, PluginHost as Host, RgbaImage, StatusKind};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    config, mount, plugin_url, running_host, wait_for, Capture, Captured, Mounted,
};

/// A manager under a host with `config`, and the host once it runs.
async fn manager(config: HostConfig) -> (Mounted, Host) {
    let captured = Captured::default();
    let to = captured.clone();
    let page = mount(move || {
        view! {
            <PluginHost config>
                <Capture to />
                <PluginManager refresh_ms=50 />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    (page, host)
}

fn row(id: &str) -> String {
    format!("li[data-plugin='{id}']")
}

fn status_of(page: &Mounted, id: &str) -> String {
    page.find(&row(id)).and_then(|r| r.get_attribute("data-status")).unwrap_or_default()
}

fn disabled(page: &Mounted, selector: &str) -> bool {
    page.find(selector).unwrap().has_attribute("disabled")
}

#[wasm_bindgen_test]
async fn disable_enable_and_unload_buttons_act_on_the_runtime() {
    let (page, host) = manager(config()).await;
    let g = "dev.annex.grayscale";
    let plugin = host.load_url(&plugin_url("grayscale")).await.unwrap();
    wait_for("the row", || status_of(&page, g) == "active").await;
    let row = row(g);
    assert_eq!(page.text(&format!("{row} .annex-manager-name")), "Grayscale");
    assert_eq!(
        page.text(&format!("{row} .annex-manager-version")),
        plugin.manifest().version.to_string()
    );
    let load = page.text(&format!("{row} dd[data-metric=load]"));
    assert!(load.ends_with(" ms"), "the load time is shown: {load}");
    assert!(disabled(&page, &format!("{row} button[data-action=enable]")));

    page.click(&format!("{row} button[data-action=disable]"));
    wait_for("disabled in the row", || status_of(&page, g) == "disabled").await;
    assert_eq!(plugin.status().kind(), StatusKind::Disabled, "really disabled in the runtime");
    assert!(disabled(&page, &format!("{row} button[data-action=disable]")));
    let events = page.texts("ol.annex-manager-events li");
    assert_eq!(
        events.first().map(String::as_str),
        Some("dev.annex.grayscale: active → disabled"),
        "{events:?}"
    );

    page.click(&format!("{row} button[data-action=enable]"));
    wait_for("active again", || status_of(&page, g) == "active").await;
    assert_eq!(plugin.status().kind(), StatusKind::Active);
    // It works after the restart.
    let pixel = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255]).unwrap();
    let gray = plugin.canvas_filter().unwrap().apply(pixel, &Filter::Grayscale).await.unwrap();
    assert_eq!(gray.to_vec(), [118, 118, 118, 255]);
    wait_for("the call in the metrics", || {
        page.text(&format!("{row} dd[data-metric=calls]")).starts_with("1 call, mean ")
    })
    .await;
    let memory = page.text(&format!("{row} dd[data-metric=memory]"));
    assert!(memory.ends_with("KiB") || memory.ends_with("MiB"), "{memory}");

    page.click(&format!("{row} button[data-action=unload]"));
    wait_for("the row to go", || page.find(&row).is_none()).await;
    assert!(host.plugin(&g.parse().unwrap()).is_none(), "really unloaded");
    assert_eq!(plugin.status().kind(), StatusKind::Unloaded);
}

#[wasm_bindgen_test]
async fn revoking_a_permission_takes_it_away_and_granting_gives_it_back() {
    let config = config().grant(Permission::StorageRead).grant(Permission::StorageWrite);
    let (page, host) = manager(config).await;
    let notes = host.load_url(&plugin_url("notes")).await.unwrap();
    let storage = notes.storage().unwrap();
    let key = format!("leptos-manager-{}", js_sys::Date::now());
    storage.set(&key, b"before").await.unwrap();
    let write = format!("{} li[data-permission='storage.write']", row("dev.annex.notes"));
    wait_for("the permission row", || page.find(&write).is_some()).await;
    assert_eq!(page.find(&write).unwrap().get_attribute("data-state").as_deref(), Some("granted"));
    assert!(page.text(&write).contains("Saves your notes so they survive a reload."));

    page.click(&format!("{write} button"));
    wait_for("revoked in the row", || {
        page.find(&write).and_then(|e| e.get_attribute("data-state")).as_deref() == Some("revoked")
    })
    .await;
    assert!(!notes.grants().contains(&Permission::StorageWrite), "revoked in the runtime");
    let refused = storage.set(&key, b"after").await.unwrap_err().to_string();
    assert!(refused.contains("storage.write"), "the worker refuses the write: {refused}");
    assert_eq!(
        storage.get(&key).await.unwrap().as_deref(),
        Some(&b"before"[..]),
        "reads still work"
    );

    page.click(&format!("{write} button"));
    wait_for("granted in the row", || {
        page.find(&write).and_then(|e| e.get_attribute("data-state")).as_deref() == Some("granted")
    })
    .await;
    storage.set(&key, b"after").await.unwrap();
    assert_eq!(storage.get(&key).await.unwrap().as_deref(), Some(&b"after"[..]));
}

#[wasm_bindgen_test]
async fn a_refused_action_shows_the_runtimes_error_in_the_row() {
    let (page, host) = manager(config()).await;
    host.load_url(&plugin_url("dep-base")).await.unwrap();
    host.load_url(&plugin_url("dep-app")).await.unwrap();
    let base = row("dev.annex.test.dep-base");
    wait_for("both rows", || status_of(&page, "dev.annex.test.dep-app") == "active").await;
    page.click(&format!("{base} button[data-action=disable]"));
    let alert = format!("{base} [role=alert]");
    wait_for("the error", || !page.text(&alert).is_empty()).await;
    assert_eq!(
        page.text(&alert),
        "plugin dev.annex.test.dep-base cannot be disabled: dev.annex.test.dep-app depend on it \
         (use the cascading variant to stop them too)"
    );
    assert_eq!(status_of(&page, "dev.annex.test.dep-base"), "active", "nothing changed");
}

#[wasm_bindgen_test]
async fn a_crash_and_the_supervisors_restart_show_in_the_row() {
    let mut config = config();
    config.supervision.restart = true;
    let (page, host) = manager(config).await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let panic = Filter::Custom { name: "panic".into(), params: serde_json::Value::Null };
    let pixel = RgbaImage::from_bytes(1, 1, &[1, 2, 3, 4]).unwrap();
    hostile.canvas_filter().unwrap().apply(pixel, &panic).await.unwrap_err();
    let id = "dev.annex.test.hostile";
    let row = row(id);
    let metric = |name: &str| page.text(&format!("{row} dd[data-metric={name}]"));
    wait_for("the crash", || metric("crashes") == "1").await;
    let events = page.texts("ol.annex-manager-events li");
    assert!(
        events.iter().any(|e| e.starts_with("dev.annex.test.hostile: crashed: ")
            && e.contains("hostile plugin panicked on purpose")),
        "{events:?}"
    );
    assert!(metric("calls").ends_with("1 failed"), "{}", metric("calls"));
    // The supervisor starts it again after its back-off.
    wait_for("the restart", || metric("restarts") == "1").await;
    wait_for("active again", || status_of(&page, id) == "active").await;
    assert_eq!(hostile.status().kind(), StatusKind::Active);
}

#[wasm_bindgen_test]
async fn a_failed_plugin_shows_its_error_and_can_be_disabled() {
    let (page, host) = manager(config()).await;
    let hostile = host.load_url(&plugin_url("hostile")).await.unwrap();
    let panic = Filter::Custom { name: "panic".into(), params: serde_json::Value::Null };
    let pixel = RgbaImage::from_bytes(1, 1, &[1, 2, 3, 4]).unwrap();
    hostile.canvas_filter().unwrap().apply(pixel, &panic).await.unwrap_err();
    let id = "dev.annex.test.hostile";
    wait_for("the error status", || status_of(&page, id) == "error").await;
    let row = row(id);
    let error = page.text(&format!("{row} .annex-manager-error"));
    assert!(error.contains("hostile plugin panicked on purpose"), "{error}");
    page.click(&format!("{row} button[data-action=disable]"));
    wait_for("disabled", || status_of(&page, id) == "disabled").await;
    assert_eq!(hostile.status().kind(), StatusKind::Disabled);
}

#[wasm_bindgen_test]
async fn an_update_shows_in_the_row_and_its_rollback_button_goes_back() {
    let (page, host) = manager(config()).await;
    let id = "dev.annex.test.custom-calls";
    let catalog = |v: u32| format!("/tests/fixtures/updates/v{v}/catalog.json");
    host.set_catalog(annex_runtime::catalog::load_catalog(&catalog(1)).await.unwrap());
    host.activate(&id.parse().unwrap()).await.unwrap();
    wait_for("the row", || status_of(&page, id) == "active").await;
    let row = row(id);
    assert!(page.find(&format!("{row} .annex-manager-updated")).is_none(), "no update yet");

    let updated = host.refresh_catalog(&catalog(2)).await.unwrap();
    assert!(updated[0].result.is_ok(), "{:?}", updated[0].result);
    wait_for("the new version in the row", || {
        page.text(&format!("{row} .annex-manager-version")) == "0.2.0"
    })
    .await;
    assert_eq!(
        page.text(&format!("{row} .annex-manager-updated")),
        "Updated from 0.1.0 Roll back to 0.1.0"
    );
    let events = page.texts("ol.annex-manager-events li");
    assert!(
        events
            .iter()
            .any(|e| e == "dev.annex.test.custom-calls: updated from 0.1.0 to 0.2.0, state kept"),
        "{events:?}"
    );

    page.click(&format!("{row} button[data-action=rollback]"));
    wait_for("the old version back", || {
        page.text(&format!("{row} .annex-manager-version")) == "0.1.0"
    })
    .await;
    let plugin = host.plugin(&id.parse().unwrap()).unwrap();
    assert_eq!(plugin.version().to_string(), "0.1.0", "really rolled back in the runtime");
    assert_eq!(
        page.text(&format!("{row} .annex-manager-updated")),
        "Updated from 0.2.0 Roll back to 0.2.0"
    );
}
