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

    // The layout holds on a phone-sized screen.
    browser.client.set_window_size(390, 844).await.expect("resize");
    let overflow =
        browser.eval("return document.documentElement.scrollWidth > window.innerWidth + 1").await;
    browser.screenshot("filter-390").await;
    assert_eq!(overflow, false, "the page scrolls sideways at 390 px");

    browser.close().await;
    let served: Vec<String> = server.requests().into_iter().map(|r| r.url).collect();
    assert!(served.iter().any(|u| u == "/plugins/grayscale.wasm"), "{served:?}");
}
