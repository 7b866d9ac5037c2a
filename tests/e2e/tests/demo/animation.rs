//! The animation page.

use std::time::{Duration, Instant};

use annex_e2e::{serve_demo, Browser};

/// Penner's ease-out bounce, as the motion plugin documents it.
fn bounce(t: f64) -> f64 {
    let (n, d) = (7.5625, 2.75);
    if t < 1.0 / d {
        n * t * t
    } else if t < 2.0 / d {
        n * (t - 1.5 / d).powi(2) + 0.75
    } else if t < 2.5 / d {
        n * (t - 2.25 / d).powi(2) + 0.9375
    } else {
        n * (t - 2.625 / d).powi(2) + 0.984375
    }
}

/// Penner's ease-out elastic, as the motion plugin documents it.
fn elastic(t: f64) -> f64 {
    2f64.powf(-10.0 * t) * ((10.0 * t - 0.75) * (2.0 * std::f64::consts::PI / 3.0)).sin() + 1.0
}

fn style_of(card: &str) -> String {
    format!(
        "const b = document.getElementById('box-{card}'); \
         return {{ transform: b.style.transform, opacity: b.style.opacity }};"
    )
}

fn click(button: &str, card: &str) -> String {
    format!(
        "const b = document.querySelector('button.{button}[data-card={card}]'); \
         if (!b || b.disabled) return false; b.click(); return true;"
    )
}

fn stats_state(card: &str) -> String {
    format!("return document.getElementById('stats-{card}').dataset.state;")
}

/// `E(t)` as the card `card` shows it (computed by the plugin).
fn sample(card: &str, t: &str) -> String {
    format!(
        "const s = document.querySelector('#curve-{card} .sample[data-t=\"{t}\"]'); \
         return s ? Number(s.dataset.value) : null;"
    )
}

/// Plays `card` and records its inline style every 30 ms until its stats
/// report the end; returns the distinct styles seen and the final state.
async fn play_and_watch(browser: &Browser, card: &str) -> (Vec<serde_json::Value>, String) {
    let clicked = browser.wait_for(&click("play", card), Duration::from_secs(30)).await;
    assert_eq!(clicked, true);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen: Vec<serde_json::Value> = Vec::new();
    loop {
        let style = browser.eval(&style_of(card)).await;
        if seen.last() != Some(&style) {
            seen.push(style);
        }
        let state = browser.eval(&stats_state(card)).await;
        let state = state.as_str().unwrap_or("").to_owned();
        if state != "running" && state != "idle" {
            return (seen, state);
        }
        assert!(Instant::now() < deadline, "{card} never ended; styles seen: {seen:?}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_animation_page_plays_cards_with_the_plugin() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/animation", server.url())).await.expect("open the page");
    let state = browser
        .wait_for(
            "const s = document.getElementById('status'); \
             return s && s.dataset.state !== 'loading' ? s.dataset.state : null;",
            Duration::from_secs(30),
        )
        .await;
    let status = browser.eval("return document.getElementById('status').innerText").await;
    assert_eq!(state, "done", "{status}");

    // Slide: the transform moves through values and ends at 120 px.
    let (seen, end) = play_and_watch(&browser, "slide").await;
    assert_eq!(end, "finished");
    let last = browser.eval(&style_of("slide")).await;
    assert_eq!(last["transform"], "translate(120px, 0px)", "seen: {seen:?}");
    let moving = seen
        .iter()
        .filter(|s| {
            s["transform"]
                .as_str()
                .is_some_and(|t| t.starts_with("translate(") && t != "translate(120px, 0px)")
        })
        .count();
    assert!(moving >= 3, "too few intermediate frames observed: {seen:?}");
    let stats = browser.eval("return document.getElementById('stats-slide').innerText").await;
    assert!(stats.as_str().unwrap_or("").contains("frames drawn"), "{stats}");

    // Fade: opacity goes down and ends at 0.2.
    let (seen, end) = play_and_watch(&browser, "fade").await;
    assert_eq!(end, "finished");
    assert_eq!(browser.eval(&style_of("fade")).await["opacity"], "0.2", "seen: {seen:?}");
    let between = seen
        .iter()
        .filter_map(|s| s["opacity"].as_str().and_then(|o| o.parse::<f64>().ok()))
        .filter(|o| *o > 0.2 && *o < 1.0)
        .count();
    assert!(between >= 2, "no intermediate opacity observed: {seen:?}");

    // Cancel puts the inline style back (the element had none before).
    assert_eq!(browser.wait_for(&click("play", "elastic"), Duration::from_secs(30)).await, true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(browser.eval(&click("cancel", "elastic")).await, true, "cancel was not enabled");
    let end = browser
        .wait_for(
            "const s = document.getElementById('stats-elastic').dataset.state; \
             return s === 'running' ? null : s;",
            Duration::from_secs(30),
        )
        .await;
    assert_eq!(end, "cancelled");
    assert_eq!(browser.eval(&style_of("elastic")).await["transform"], "");

    // The plugin's easings, as the cards show them, against the documented formulas.
    for (card, easing) in [("bounce", bounce as fn(f64) -> f64), ("elastic", elastic)] {
        for t in ["0.25", "0.5", "0.75"] {
            let shown = browser.wait_for(&sample(card, t), Duration::from_secs(30)).await;
            let want = easing(t.parse().unwrap());
            let got = shown.as_f64().unwrap();
            assert!((got - want).abs() < 1e-9, "{card} E({t}) = {got}, expected {want}");
        }
    }
    assert_eq!(bounce(0.25), 0.47265625);

    browser.screenshot("animation-1280").await;
    browser.check_phone_layout("animation-390").await;
    browser.close().await;
}
