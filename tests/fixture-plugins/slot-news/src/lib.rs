//! Test fixture: on `custom:test.panel` contributes a news item built from
//! the slot's context (`context.user`). With `context.mode = "hostile"` it
//! also writes items a host must refuse: a `javascript:` link, an item
//! claiming to come from another plugin, and an item with an unknown `html`
//! field.

use annex_sdk::api::slot::{contribute, SlotContribution, SlotLink};
use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::{json, Value};

/// The plugin.
#[derive(Debug, Default)]
pub struct SlotNews;

impl Plugin for SlotNews {}

impl Hooks for SlotNews {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let mut data = data.clone();
        let user = data["context"]["user"].as_str().unwrap_or("everyone").to_owned();
        let news = SlotContribution {
            title: Some(format!("News for {user}")),
            text: Some("3 new notes since your last visit".into()),
            link: Some(SlotLink { href: "/news".into(), label: "Read the news".into() }),
            ..SlotContribution::from_plugin("dev.annex.test.slot-news".parse().expect("valid id"))
        };
        contribute(&mut data, &news).map_err(PluginError::bad_request)?;
        if data["context"]["mode"] == "hostile" {
            let list = data["contributions"].as_array_mut().expect("contribute made the array");
            list.push(json!({"plugin": "dev.annex.test.slot-news", "link": {"href": "javascript:alert(1)", "label": "click me"}}));
            list.push(
                json!({"plugin": "dev.annex.test.slot-badge", "title": "forged by slot-news"}),
            );
            list.push(json!({"plugin": "dev.annex.test.slot-news", "html": "<img src=x onerror=alert(1)>"}));
        }
        Ok(HookOutcome::Modify { data })
    }
}

annex_sdk::export_plugin!(SlotNews);
