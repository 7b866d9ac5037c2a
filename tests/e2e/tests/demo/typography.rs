//! The typography page.

use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::Value;

/// Bounding boxes (`[left, top, right, bottom]`, inclusive) of the text's
/// ink (near rgb(24, 24, 48)), of the shadow red (near rgb(220, 40, 40)) and
/// of the outline blue (near rgb(30, 110, 240)) on `#text-canvas`, the
/// count of each, and a fingerprint of every pixel.
const CANVAS_SCAN: &str = r#"
    const c = document.getElementById('text-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const near = (i, r, g, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40;
    const boxes = { ink: null, red: null, blue: null };
    const counts = { ink: 0, red: 0, blue: 0, nonWhite: 0 };
    const grow = (name, x, y) => {
        counts[name]++;
        const b = boxes[name];
        boxes[name] = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
    };
    let hash = 0;
    for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
            const i = (y * c.width + x) * 4;
            hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
            if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) counts.nonWhite++;
            if (near(i, 24, 24, 48)) grow('ink', x, y);
            if (near(i, 220, 40, 40)) grow('red', x, y);
            if (near(i, 30, 110, 240)) grow('blue', x, y);
        }
    }
    return { boxes, counts, hash };
"#;

/// Script that returns the status state once the page reports `marker`.
fn settled_on(marker: &str) -> String {
    format!(
        "const s = document.getElementById('status'); \
         if (!s) return null; \
         if (s.dataset.state === 'error') return 'error: ' + s.innerText; \
         return s.dataset.state === 'done' && s.innerText.includes({marker:?}) ? 'done' : null;"
    )
}

fn choose(effect: &str) -> String {
    format!(
        "const b = document.querySelector('button.choice[data-effect={effect}]'); \
         if (!b) return false; b.click(); return true;"
    )
}

fn list(id: &str) -> String {
    format!("return [...document.querySelectorAll('#{id} li')].map(li => li.dataset.plugin || li.innerText);")
}

fn index_of(items: &Value, id: &str) -> usize {
    items
        .as_array()
        .and_then(|a| a.iter().position(|v| v == id))
        .unwrap_or_else(|| panic!("{id} missing from {items}"))
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_typography_page_paints_effects_from_the_plugin() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/typography", server.url())).await.expect("open the page");

    // The default text with the default effect (shadow).
    let state =
        browser.wait_for(&settled_on("\"Annex\" with shadow"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");

    // Type a text as a visitor would.
    browser
        .eval(
            "const i = document.getElementById('text-input'); i.value = 'Hello'; \
             i.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        )
        .await;
    let state =
        browser.wait_for(&settled_on("\"Hello\" with shadow"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let shadow = browser.eval(CANVAS_SCAN).await;
    browser.screenshot("typography-shadow-1280").await;
    assert!(shadow["counts"]["ink"].as_u64().unwrap() > 500, "no text drawn: {shadow}");
    assert!(shadow["counts"]["red"].as_u64().unwrap() > 200, "no shadow drawn: {shadow}");
    // The shadow (dx 12, dy 8, no blur) sticks out right and below by its offset.
    let (ink, red) = (&shadow["boxes"]["ink"], &shadow["boxes"]["red"]);
    let dx = red[2].as_i64().unwrap() - ink[2].as_i64().unwrap();
    let dy = red[3].as_i64().unwrap() - ink[3].as_i64().unwrap();
    assert!((11..=13).contains(&dx) && (7..=9).contains(&dy), "offset ({dx}, {dy}): {shadow}");

    // Outline: its blue is on the canvas, the shadow red is gone, the picture changed.
    assert_eq!(browser.eval(&choose("outline")).await, true, "no outline button");
    let state =
        browser.wait_for(&settled_on("\"Hello\" with outline"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let outline = browser.eval(CANVAS_SCAN).await;
    assert!(outline["counts"]["blue"].as_u64().unwrap() > 200, "no outline colour: {outline}");
    assert_eq!(outline["counts"]["red"], 0, "shadow left over: {outline}");
    assert_ne!(outline["hash"], shadow["hash"], "the canvas did not change");

    // Gradient: not blank, and different again.
    assert_eq!(browser.eval(&choose("gradient")).await, true, "no gradient button");
    let state =
        browser.wait_for(&settled_on("\"Hello\" with gradient"), Duration::from_secs(30)).await;
    assert_eq!(state, "done");
    let gradient = browser.eval(CANVAS_SCAN).await;
    assert!(gradient["counts"]["nonWhite"].as_u64().unwrap() > 500, "blank: {gradient}");
    assert_ne!(gradient["hash"], outline["hash"], "gradient looks like outline");

    // The dependency panel: font-pack resolved and started before text-effects.
    let resolution = browser.eval(&list("resolution-order")).await;
    assert!(
        index_of(&resolution, "dev.annex.font-pack")
            < index_of(&resolution, "dev.annex.text-effects"),
        "{resolution}"
    );
    let text = browser.eval("return document.getElementById('resolution-order').innerText").await;
    assert!(text.as_str().unwrap_or("").contains("dev.annex.font-pack ^0.1"), "{text}");
    let started = browser.eval(&list("activation-order")).await;
    assert!(
        index_of(&started, "dev.annex.font-pack") < index_of(&started, "dev.annex.text-effects"),
        "{started}"
    );
    let fonts = browser.eval(&list("fonts")).await;
    assert!(
        fonts.as_array().unwrap().iter().any(|f| f.as_str().unwrap_or("").contains("Annex Serif")
            && f.as_str().unwrap_or("").ends_with("loaded")),
        "{fonts}"
    );
    let provided = browser.eval(&list("provided-fonts")).await;
    assert!(
        provided.as_array().unwrap().iter().any(|f| f
            .as_str()
            .unwrap_or("")
            .starts_with("Annex Serif 700")
            && f.as_str().unwrap_or("").ends_with("from dev.annex.font-pack")),
        "{provided}"
    );
    // The plugin's face is registered in Annex's namespace: the page's own
    // "Annex Serif" (were it to use one) is untouched.
    let claimed = browser
        .eval("return Array.from(document.fonts).some(f => f.family.replace(/\"/g, '') === 'Annex Serif')")
        .await;
    assert_eq!(claimed, false);

    browser
        .eval("document.getElementById('dependency-panel').scrollIntoView(); return true;")
        .await;
    browser.screenshot("typography-dependencies-1280").await;

    browser.check_phone_layout("typography-390").await;
    browser.close().await;
}
