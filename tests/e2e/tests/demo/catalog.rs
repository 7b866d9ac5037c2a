//! The catalog page: every entry of the site's catalog.json is listed with
//! its details, search and category narrow the list, and activation works.

use std::collections::BTreeMap;
use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

/// What the page shows of each entry, by id.
const LISTED: &str = r#"
    return [...document.querySelectorAll('li.catalog-entry')].map(li => ({
        id: li.dataset.plugin,
        name: li.querySelector('.entry-name').innerText,
        version: li.querySelector('.entry-version').innerText,
        category: li.querySelector('.entry-category').innerText,
        description: li.querySelector('.entry-description').innerText,
        tags: [...li.querySelectorAll('.entry-tags li')].map(t => t.innerText),
        permissions: [...li.querySelectorAll('.entry-permissions li[data-permission]')].map(p => p.dataset.permission),
        size: Number(li.querySelector('.entry-size').dataset.bytes),
    }));
"#;

/// The page's view of one catalog entry, computed from catalog.json.
fn expected(entry: &Value) -> Value {
    let m = &entry["manifest"];
    let permissions: Vec<&Value> =
        m["permissions"].as_array().into_iter().flatten().map(|p| &p["permission"]).collect();
    json!({
        "id": m["id"],
        "name": m["name"],
        "version": m["version"],
        "category": m["category"].as_str().unwrap_or(""),
        "description": m["description"].as_str().unwrap_or(""),
        "tags": m["tags"].as_array().cloned().unwrap_or_default(),
        "permissions": permissions,
        "size": entry["size"],
    })
}

/// The ids a search for `query` should leave, by this test's own reading of
/// the page's rule: every word appears in the name, id, description,
/// category or tags, ignoring case.
fn search(catalog: &[Value], query: &str) -> Vec<String> {
    let query = query.to_lowercase();
    catalog
        .iter()
        .filter(|e| {
            let m = &e["manifest"];
            let mut text: Vec<String> = ["name", "id", "description", "category"]
                .iter()
                .filter_map(|k| m[*k].as_str().map(str::to_lowercase))
                .collect();
            text.extend(
                m["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str().map(str::to_owned)),
            );
            query.split_whitespace().all(|w| text.iter().any(|t| t.contains(w)))
        })
        .filter_map(|e| e["manifest"]["id"].as_str().map(str::to_owned))
        .collect()
}

async fn shown_ids(browser: &Browser) -> Vec<String> {
    let value = browser
        .eval("return [...document.querySelectorAll('li.catalog-entry')].map(li => li.dataset.plugin)")
        .await;
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

/// Sets a form control's value the way typing or picking does, then waits
/// until the list shows `count` entries.
async fn set_control(browser: &Browser, id: &str, event: &str, value: &str, count: usize) {
    let script = format!(
        "const c = document.getElementById({id:?}); c.value = {value:?}; \
         c.dispatchEvent(new Event({event:?}, {{ bubbles: true }})); return true;"
    );
    browser.eval(&script).await;
    let wait = format!(
        "return document.querySelectorAll('li.catalog-entry').length === {count} && \
         Number(document.getElementById('catalog-count').dataset.shown) === {count};"
    );
    browser.wait_for(&wait, WAIT).await;
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_catalog_lists_every_plugin_and_search_filters_and_activation_work() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/catalog", server.url())).await.expect("open /catalog");
    let settled = "const s = document.getElementById('status'); \
        return s && s.dataset.state !== 'loading' ? [s.dataset.state, s.innerText] : null;";
    let status = browser.wait_for(settled, WAIT).await;
    assert_eq!(status[0], "done", "{status}");

    // Every entry, with the details catalog.json gives.
    let catalog = browser.eval("return fetch('/plugins/catalog.json').then(r => r.json());").await;
    let entries = catalog["plugins"].as_array().cloned().expect("catalog.plugins");
    let want: BTreeMap<String, Value> = entries
        .iter()
        .map(|e| (e["manifest"]["id"].as_str().unwrap_or("").to_owned(), expected(e)))
        .collect();
    let listed = browser.eval(LISTED).await;
    let got: BTreeMap<String, Value> = listed
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["id"].as_str().unwrap_or("").to_owned(), e.clone()))
        .collect();
    assert_eq!(got.len(), entries.len(), "one card per catalog entry");
    assert_eq!(got, want);
    assert!(got.contains_key("dev.annex.flaky"), "the new plugin is in the catalog");

    // Search narrows the list to exactly the matching entries.
    for query in ["image", "Storage", "gray", "annex notes"] {
        let expected = search(&entries, query);
        assert!(!expected.is_empty() && expected.len() < entries.len(), "{query}: {expected:?}");
        set_control(&browser, "catalog-search", "input", query, expected.len()).await;
        assert_eq!(shown_ids(&browser).await, expected, "search {query:?}");
    }
    set_control(&browser, "catalog-search", "input", "no plugin is called this", 0).await;
    set_control(&browser, "catalog-search", "input", "", entries.len()).await;

    // The category filter.
    let image: Vec<String> = entries
        .iter()
        .filter(|e| e["manifest"]["category"] == "image")
        .filter_map(|e| e["manifest"]["id"].as_str().map(str::to_owned))
        .collect();
    assert!(image.len() >= 2, "{image:?}");
    set_control(&browser, "catalog-category", "change", "image", image.len()).await;
    assert_eq!(shown_ids(&browser).await, image);
    browser.screenshot("catalog-image-1280").await;
    set_control(&browser, "catalog-category", "change", "", entries.len()).await;

    // Activate one: its card shows it active, the status line says so.
    let card = "li.catalog-entry[data-plugin=\"dev.annex.grayscale\"]";
    let clicked = browser
        .eval(&format!(
            "const b = document.querySelector('{card} button.activate'); b.click(); return true;"
        ))
        .await;
    assert_eq!(clicked, true);
    browser
        .wait_for(
            &format!("return document.querySelector('{card}').dataset.status === 'active'"),
            WAIT,
        )
        .await;
    let status = browser.wait_for(settled, WAIT).await;
    assert_eq!(status[0], "done", "{status}");
    assert!(
        status[1]
            .as_str()
            .is_some_and(|s| s.contains("dev.annex.grayscale") && s.contains("active")),
        "{status}"
    );
    let disabled = browser
        .eval(&format!("return document.querySelector('{card} button.activate').disabled"))
        .await;
    assert_eq!(disabled, true, "an active plugin cannot be activated twice");

    browser.check_phone_layout("catalog-390").await;
    browser.close().await;
    let served: Vec<String> = server.requests().into_iter().map(|r| r.url).collect();
    assert!(served.iter().any(|u| u == "/plugins/grayscale.wasm"), "{served:?}");
}
