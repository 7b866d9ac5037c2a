//! `<PluginSlot>`: contributions of real hook plugins, in priority order,
//! checked, following the roles.

use annex_leptos::{PluginHost, PluginSlot};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    config, mount, plugin_url, running_host, wait_for, Capture, Captured, Mounted,
};

/// `(plugin, title, badge, text, link href, link label)` of each item, in order.
fn items(page: &Mounted) -> Vec<[String; 6]> {
    page.all(".annex-slot-item")
        .iter()
        .map(|item| {
            let text = |selector: &str| {
                item.query_selector(selector)
                    .unwrap()
                    .and_then(|e| e.text_content())
                    .unwrap_or_default()
            };
            let href = item
                .query_selector("a")
                .unwrap()
                .and_then(|a| a.get_attribute("href"))
                .unwrap_or_default();
            [
                item.get_attribute("data-plugin").unwrap_or_default(),
                text(".annex-slot-title"),
                text(".annex-slot-badge"),
                text(".annex-slot-text"),
                href,
                text(".annex-slot-link"),
            ]
        })
        .collect()
}

fn news(user: &str) -> [String; 6] {
    [
        "dev.annex.test.slot-news".into(),
        format!("News for {user}"),
        String::new(),
        "3 new notes since your last visit".into(),
        "/news".into(),
        "Read the news".into(),
    ]
}

fn badge() -> [String; 6] {
    [
        "dev.annex.test.slot-badge".into(),
        "Admin tools".into(),
        "2 pending".into(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// A host with `roles`, both slot plugins loaded (news first, though it runs
/// last), and a slot with `context`.
async fn slot_page(roles: RwSignal<Vec<String>>, context: RwSignal<serde_json::Value>) -> Mounted {
    let captured = Captured::default();
    let to = captured.clone();
    let page = mount(move || {
        view! {
            <PluginHost config=config() roles>
                <Capture to />
                <PluginSlot hook="test.panel" context fallback=|| "asking the plugins" />
            </PluginHost>
        }
    });
    crate::support::tick().await;
    assert_eq!(
        page.text(".annex-slot"),
        "asking the plugins",
        "the fallback, before the first run"
    );
    let host = running_host(&captured).await;
    host.load_url(&plugin_url("slot-news")).await.unwrap();
    host.load_url(&plugin_url("slot-badge")).await.unwrap();
    page
}

#[wasm_bindgen_test]
async fn contributions_show_in_hook_priority_order_with_the_context() {
    let roles = RwSignal::new(vec!["admin".to_owned()]);
    let context = RwSignal::new(json!({"user": "ada"}));
    let page = slot_page(roles, context).await;
    wait_for("two items", || page.all(".annex-slot-item").len() == 2).await;
    // slot-badge has priority high, slot-news low: badge first, whatever the load order.
    assert_eq!(items(&page), [badge(), news("ada")]);
    assert_eq!(
        page.find(".annex-slot").unwrap().get_attribute("data-slot").unwrap(),
        "custom:test.panel"
    );
    assert_eq!(page.find(".annex-slot").unwrap().get_attribute("data-refused").unwrap(), "0");

    // A new context runs the hook again; meanwhile the slot keeps showing
    // items (a Transition), not its fallback.
    context.set(json!({"user": "grace"}));
    crate::support::tick().await;
    assert_eq!(page.all(".annex-slot-item").len(), 2);
    assert!(!page.root.inner_html().contains("asking the plugins"));
    wait_for("the new context", || items(&page).get(1) == Some(&news("grace"))).await;
}

#[wasm_bindgen_test]
async fn the_slot_follows_the_roles_and_refuses_what_it_must() {
    let roles = RwSignal::new(Vec::<String>::new());
    let context = RwSignal::new(json!({"user": "bob", "mode": "hostile"}));
    let page = slot_page(roles, context).await;
    let refused =
        || page.find(".annex-slot").unwrap().get_attribute("data-refused").unwrap_or_default();
    wait_for("the news item and the refusals", || refused() == "3").await;
    // slot-badge's condition (role admin) does not hold: only news shows; its
    // `javascript:` link, its item forged in slot-badge's name and its item
    // with raw HTML are refused.
    assert_eq!(items(&page), [news("bob")]);
    assert!(page.find("img").is_none(), "no markup from plugins reaches the page");
    assert!(!page.root.inner_html().contains("javascript:"), "{}", page.root.inner_html());
    assert!(!page.root.inner_html().contains("forged"), "{}", page.root.inner_html());

    roles.set(vec!["admin".into()]);
    context.set(json!({"user": "bob"}));
    wait_for("the admin item", || items(&page).len() == 2).await;
    assert_eq!(items(&page), [badge(), news("bob")]);
    assert_eq!(refused(), "0");
}
