//! The analytics dashboard page.

use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::Value;

/// The samples the test records through the page.
const VALUES: [f64; 5] = [12.5, 40.0, 7.0, 95.25, 33.0];

/// The `p`-th percentile of `sorted` as the analytics protocol defines it
/// (NumPy's default linear interpolation: `h = (n - 1)·p/100`).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p / 100.0;
    let (below, gamma) = (h.floor() as usize, h - h.floor());
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (sorted[above] - sorted[below]) * gamma
}

/// The page's display of a statistic: whole numbers plainly, others to two decimals.
fn shown(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Returns the status text when the page reports an error, "ok" once the
/// dashboard shows `samples` samples and one page view, null before.
const DASHBOARD_READY: &str = r#"
    const s = document.getElementById('status');
    if (s.dataset.state === 'error') return 'error: ' + s.innerText;
    const count = document.getElementById('stat-count');
    const views = document.querySelector('#chart rect.bar[data-group="page_view"]');
    return s.dataset.state === 'done' && count && count.dataset.value === '5'
        && views && views.dataset.count === '1' ? 'ok' : null;
"#;

/// The `data` column of a CSV export row (the fifth, a quoted JSON object).
fn csv_data(line: &str) -> Value {
    let cell = line.splitn(5, ',').nth(4).unwrap_or("");
    let json = cell.trim_matches('"').replace("\"\"", "\"");
    serde_json::from_str(&json).unwrap_or(Value::Null)
}

/// Keeps every Blob the page turns into an object URL, for reading exports.
const CAPTURE_BLOBS: &str = r#"
    window.__annexBlobs = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = function (blob) { window.__annexBlobs.push(blob); return original.call(URL, blob); };
    return true;
"#;

/// Clicks `button` and waits for the status to report the export of `file`.
async fn export(browser: &Browser, button: &str, file: &str) -> (String, String) {
    browser.eval(&format!("document.getElementById({button:?}).click(); return true;")).await;
    let settled = format!(
        "const s = document.getElementById('status'); \
         if (s.dataset.state === 'error') return 'error: ' + s.innerText; \
         return s.dataset.state === 'done' && s.innerText.includes({file:?}) ? 'ok' : null;"
    );
    let state = browser.wait_for(&settled, Duration::from_secs(30)).await;
    assert_eq!(state, "ok", "export {file}: {state}");
    let blob = browser
        .eval(
            "const b = window.__annexBlobs[window.__annexBlobs.length - 1]; \
             return b ? b.text().then(text => [b.type, text]) : null;",
        )
        .await;
    (blob[0].as_str().unwrap_or("").to_owned(), blob[1].as_str().unwrap_or("").to_owned())
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_dashboard_shows_the_plugins_numbers_for_recorded_samples_and_exports_them() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/analytics", server.url())).await.expect("open analytics");

    // Record the samples at once, while the page's own page_view is still
    // starting the analytics plugin: six events race for one activation.
    browser.wait_for("return !!document.getElementById('record')", Duration::from_secs(30)).await;
    let values = VALUES.map(|v| v.to_string()).join(", ");
    let before = browser
        .eval(&format!(
            "const state = document.getElementById('status').dataset.state; \
             document.getElementById('sample-values').value = {values:?}; \
             document.getElementById('record').click(); return state;"
        ))
        .await;
    assert_eq!(before, "loading", "the plugin was already running; the race was not exercised");
    let state = browser.wait_for(DASHBOARD_READY, Duration::from_secs(30)).await;
    assert_eq!(state, "ok", "{state}");

    // Every statistic equals the one computed here.
    let mut sorted = VALUES.to_vec();
    sorted.sort_by(f64::total_cmp);
    let sum: f64 = VALUES.iter().sum();
    let expected = [
        ("count", VALUES.len() as f64),
        ("sum", sum),
        ("avg", sum / VALUES.len() as f64),
        ("min", sorted[0]),
        ("max", sorted[sorted.len() - 1]),
        ("p50", percentile(&sorted, 50.0)),
        ("p95", percentile(&sorted, 95.0)),
    ];
    for (key, want) in expected {
        let stat = browser
            .eval(&format!(
                "const e = document.getElementById('stat-{key}'); \
                 return e ? [e.dataset.value, e.querySelector('dd').innerText] : null;"
            ))
            .await;
        let got: f64 = stat[0].as_str().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{key}: page {stat}, expected {want}"
        );
        assert_eq!(stat[1], shown(want), "{key} as displayed");
    }

    // One bar per event type, the page view and the samples, with their counts.
    let bars = browser
        .eval(
            "return [...document.querySelectorAll('#chart rect.bar')] \
               .map(b => [b.dataset.group, Number(b.dataset.count), b.getBBox().width]);",
        )
        .await;
    let bars = bars.as_array().cloned().unwrap_or_default();
    let groups: Vec<(String, u64)> = bars
        .iter()
        .map(|b| (b[0].as_str().unwrap_or("").to_owned(), b[1].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(groups, [("page_view".to_owned(), 1), ("sample".to_owned(), 5)], "{bars:?}");
    assert!(bars[1][2].as_f64() > bars[0][2].as_f64(), "bars not proportional: {bars:?}");
    browser.screenshot("analytics-1280").await;

    // The exports hold the recorded events.
    browser.eval(CAPTURE_BLOBS).await;
    let (media, json) = export(&browser, "export-json", "annex-events.json").await;
    assert_eq!(media, "application/json");
    let events: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let events = events.as_array().cloned().unwrap_or_default();
    let mut exported: Vec<f64> = events
        .iter()
        .filter(|e| e["type"] == "sample")
        .filter_map(|e| e["data"]["value"].as_f64())
        .collect();
    exported.sort_by(f64::total_cmp);
    assert_eq!(exported, sorted, "samples in the JSON export: {json}");
    assert_eq!(events.iter().filter(|e| e["type"] == "page_view").count(), 1, "{json}");

    let (media, csv) = export(&browser, "export-csv", "annex-events.csv").await;
    assert!(media.starts_with("text/csv"), "{media}");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"timestamp,type,user_id,session_id,data"), "{csv}");
    let mut in_csv: Vec<f64> = lines
        .iter()
        .filter(|l| l.split(',').nth(1) == Some("sample"))
        .filter_map(|l| csv_data(l)["value"].as_f64())
        .collect();
    in_csv.sort_by(f64::total_cmp);
    assert_eq!(in_csv, sorted, "samples in the CSV export: {csv}");

    browser.check_phone_layout("analytics-390").await;
    browser.close().await;
}
