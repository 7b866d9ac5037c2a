//! The image editor page.

use std::time::Duration;

use annex_e2e::{serve_demo, Browser};

/// Counts pixels of `#after` that differ from the Rec. 709 grayscale of
/// `#before` (the plugin's stated formula), computed here in the page,
/// independently of the plugin.
const COMPARE_CANVASES: &str = r#"
    const read = (id) => {
        const c = document.getElementById(id);
        return c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    };
    const before = read('before'), after = read('after');
    let wrong = 0, colourful = 0;
    for (let i = 0; i < before.length; i += 4) {
        const y = Math.floor((2126 * before[i] + 7152 * before[i + 1] + 722 * before[i + 2] + 5000) / 10000);
        if (after[i] !== y || after[i + 1] !== y || after[i + 2] !== y || after[i + 3] !== before[i + 3]) wrong++;
        if (before[i] !== before[i + 1] || before[i + 1] !== before[i + 2]) colourful++;
    }
    return { pixels: before.length / 4, wrong, colourful };
"#;

/// Counts pixels of `#after` that are not `255 - #before` (invert at strength 1).
const COMPARE_INVERTED: &str = r#"
    const read = (id) => {
        const c = document.getElementById(id);
        return c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    };
    const before = read('before'), after = read('after');
    let wrong = 0;
    for (let i = 0; i < before.length; i += 4) {
        for (let c = 0; c < 3; c++) if (after[i + c] !== 255 - before[i + c]) wrong++;
        if (after[i + 3] !== before[i + 3]) wrong++;
    }
    return { wrong };
"#;

/// Script that clicks the filter button whose text contains `label`; returns whether it found one.
fn click_choice(label: &str) -> String {
    format!(
        "const b = [...document.querySelectorAll('button.choice')] \
           .find(b => b.textContent.includes({label:?})); \
         if (!b) return false; b.click(); return true;"
    )
}

/// Script that returns the status state once the page has finished applying
/// the filter named in `marker` (or failed), and null before.
fn settled_on(marker: &str) -> String {
    format!(
        "const s = document.getElementById('status'); \
         if (s.dataset.state === 'error') return 'error'; \
         return s.dataset.state === 'done' && s.innerText.includes({marker:?}) ? 'done' : null;"
    )
}

/// Counts pixels of `#after` that differ from `#before` brightened by
/// `amount` (`c + amount × 255`, rounded, clamped; alpha kept), the
/// documented formula, computed here independently of the plugin.
fn compare_brightened(amount: f64) -> String {
    format!(
        r#"
        const read = (id) => {{
            const c = document.getElementById(id);
            return c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        }};
        const before = read('before'), after = read('after');
        const add = {amount} * 255;
        let wrong = 0;
        for (let i = 0; i < before.length; i += 4) {{
            for (let c = 0; c < 3; c++) {{
                const want = Math.min(255, Math.max(0, Math.round(before[i + c] + add)));
                if (after[i + c] !== want) wrong++;
            }}
            if (after[i + 3] !== before[i + 3]) wrong++;
        }}
        return {{ wrong }};
        "#
    )
}

/// A cheap fingerprint of `#after`'s pixels.
const AFTER_HASH: &str = r#"
    const c = document.getElementById('after');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) >>> 0;
    return h;
"#;

/// Script that moves the slider `#param-<name>` to `value` as a visitor would
/// (value, then an `input` event); returns whether the slider exists.
fn set_slider(name: &str, value: &str) -> String {
    format!(
        "const s = document.getElementById('param-{name}'); if (!s) return false; \
         s.value = {value:?}; s.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
    )
}

/// Script returning the hook panel's rows as `plugin outcome` strings, once
/// the panel shows the apply whose request contains `marker`.
fn trace_for(marker: &str) -> String {
    format!(
        "const r = document.getElementById('hook-report'); \
         if (!r || !r.innerText.includes({marker:?})) return null; \
         return [...r.querySelectorAll('table[data-hook=\"filter.pre_apply\"] tr[data-plugin]')] \
           .map(t => t.dataset.plugin + ' ' + t.dataset.outcome);"
    )
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_demo_shows_the_canvas_filtered_by_the_plugin() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/editor", server.url())).await.expect("open the editor");

    // The page applies the first filter on its own; then pick grayscale.
    let settled = "const s = document.getElementById('status'); \
                   return s && s.dataset.state !== 'loading' ? s.dataset.state : null;";
    browser.wait_for(settled, Duration::from_secs(30)).await;
    let clicked = browser.eval(&click_choice("Grayscale · grayscale")).await;
    assert_eq!(clicked, true, "no grayscale button on the page");
    let state = browser.wait_for(&settled_on("(grayscale)"), Duration::from_secs(30)).await;
    let status = browser.eval("return document.getElementById('status').innerText").await;
    browser.screenshot("filter-1280").await;
    assert_eq!(state, "done", "the page reports: {status}");
    assert!(status.as_str().unwrap_or("").contains("Grayscale"), "{status}");

    let result = browser.eval(COMPARE_CANVASES).await;
    assert!(
        result["colourful"].as_u64().unwrap() > 1000,
        "the original is not colourful: {result}"
    );
    assert_eq!(result["wrong"], 0, "filtered pixels differ from the reference: {result}");

    // The plugin written from docs/plugin-guide.md is in the catalog and works too.
    let clicked = browser.eval(&click_choice("Invert · invert")).await;
    assert_eq!(clicked, true, "no invert button on the page");
    let state = browser.wait_for(&settled_on("(invert)"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let result = browser.eval(COMPARE_INVERTED).await;
    assert_eq!(result["wrong"], 0, "inverted pixels differ from the reference: {result}");

    // A slider change filters again: brightness at 0.2, then at 0.4.
    let clicked = browser.eval(&click_choice("Image filters · brightness")).await;
    assert_eq!(clicked, true, "no brightness button on the page");
    let state =
        browser.wait_for(&settled_on("(brightness: amount 0.2)"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let result = browser.eval(&compare_brightened(0.2)).await;
    assert_eq!(result["wrong"], 0, "brightened pixels differ from the reference: {result}");
    let first = browser.eval(AFTER_HASH).await;
    assert_eq!(browser.eval(&set_slider("amount", "0.4")).await, true, "no amount slider");
    let state =
        browser.wait_for(&settled_on("(brightness: amount 0.4)"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let second = browser.eval(AFTER_HASH).await;
    assert_ne!(first, second, "moving the slider did not change the picture");
    let result = browser.eval(&compare_brightened(0.4)).await;
    assert_eq!(result["wrong"], 0, "pixels after the slider differ from the reference: {result}");

    // Latest request wins: three moves in a row end on the last one's
    // picture, and an older answer arriving late does not overwrite it.
    let moved = browser
        .eval(
            "const s = document.getElementById('param-amount'); \
             for (const v of ['0.1', '-0.3', '0.5']) { \
                 s.value = v; s.dispatchEvent(new Event('input', { bubbles: true })); \
             } \
             return true;",
        )
        .await;
    assert_eq!(moved, true);
    let state =
        browser.wait_for(&settled_on("(brightness: amount 0.5)"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let result = browser.eval(&compare_brightened(0.5)).await;
    assert_eq!(result["wrong"], 0, "the last slider value is not what is shown: {result}");
    browser.eval(&set_slider("amount", "0.4")).await;
    browser.wait_for(&settled_on("(brightness: amount 0.4)"), Duration::from_secs(30)).await;

    // The hook panel lists both hook plugins, in priority order, for that apply.
    let rows = browser.wait_for(&trace_for("amount 0.4"), Duration::from_secs(30)).await;
    assert_eq!(
        rows,
        serde_json::json!([
            "dev.annex.filter-guard continued",
            "dev.annex.filter-policy continued"
        ]),
        "hook panel rows"
    );

    // filter-guard caps a heavy box blur and the panel says so.
    browser.eval(&click_choice("Image filters · box_blur")).await;
    browser.wait_for(&settled_on("(box_blur: radius 4)"), Duration::from_secs(30)).await;
    browser.eval(&set_slider("radius", "40")).await;
    let state =
        browser.wait_for(&settled_on("(box_blur: radius 40)"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let rows = browser.wait_for(&trace_for("radius 40"), Duration::from_secs(30)).await;
    assert_eq!(rows[0], "dev.annex.filter-guard modified", "{rows}");
    let notes = browser.eval("return document.getElementById('hook-notes').innerText").await;
    assert!(notes.as_str().unwrap_or("").contains("40 → 12"), "notes: {notes}");

    // Swirl is stopped for a visitor, with the policy's reason on the page.
    let before_swirl = browser.eval(AFTER_HASH).await;
    browser.eval(&click_choice("Image filters · swirl")).await;
    let state = browser
        .wait_for(&settled_on("(swirl: angle 180, radius 0.8)"), Duration::from_secs(30))
        .await;
    let status = browser.eval("return document.getElementById('status').innerText").await;
    assert_eq!(state, "error", "swirl as a visitor: {status}");
    let status = status.as_str().unwrap_or("");
    assert!(
        status.contains("Filter policy") && status.contains("swirl is for editors"),
        "{status}"
    );
    let rows = browser.wait_for(&trace_for("swirl"), Duration::from_secs(30)).await;
    assert_eq!(
        rows,
        serde_json::json!(["dev.annex.filter-guard continued", "dev.annex.filter-policy stopped"])
    );
    assert_eq!(
        browser.eval(AFTER_HASH).await,
        before_swirl,
        "a stopped filter changed the picture"
    );
    browser.eval("document.getElementById('status').scrollIntoView(); return true;").await;
    browser.screenshot("filter-stopped-1280").await;

    // As an admin the policy's condition does not hold: the swirl runs.
    browser
        .eval("document.querySelector('#role-switcher button[data-role=admin]').click(); return true;")
        .await;
    let state = browser
        .wait_for(
            "const s = document.getElementById('status');              return s.dataset.state === 'done' && s.innerText.includes('(swirl:') ? 'done' : null;",
            Duration::from_secs(30),
        )
        .await;
    assert_eq!(state, "done");
    assert_ne!(browser.eval(AFTER_HASH).await, before_swirl, "the admin's swirl changed nothing");
    let rows = browser.wait_for(&trace_for("swirl"), Duration::from_secs(30)).await;
    assert_eq!(
        rows,
        serde_json::json!(["dev.annex.filter-guard continued", "dev.annex.filter-policy skipped"])
    );
    // Back to visitor so the saved role does not leak into other tests' profiles.
    browser
        .eval("document.querySelector('#role-switcher button[data-role=visitor]').click(); return true;")
        .await;

    // The layout holds on a phone-sized screen.
    browser.check_phone_layout("filter-390").await;

    browser.close().await;
    let served: Vec<String> = server.requests().into_iter().map(|r| r.url).collect();
    assert!(served.iter().any(|u| u == "/plugins/grayscale.wasm"), "{served:?}");
}
