//! The broken-plugin page: a plugin that hangs and one that crashes are
//! stopped and restarted by the host while the page keeps ticking; past its
//! restart budget it is disabled until the visitor enables it again.

use std::time::{Duration, Instant};

use annex_e2e::{serve_demo, Browser};

const WAIT: Duration = Duration::from_secs(30);

/// The status line's state once it is not `loading`, with its text.
const SETTLED: &str = "const s = document.getElementById('status'); \
    return s && s.dataset.state !== 'loading' ? [s.dataset.state, s.innerText] : null;";

async fn settled(browser: &Browser) -> (String, String) {
    let value = browser.wait_for(SETTLED, WAIT).await;
    (value[0].as_str().unwrap_or("").to_owned(), value[1].as_str().unwrap_or("").to_owned())
}

async fn click(browser: &Browser, id: &str) {
    let script = format!(
        "const b = document.getElementById({id:?}); if (!b || b.disabled) return false; \
         b.click(); return true;"
    );
    assert_eq!(browser.eval(&script).await, true, "#{id} is missing or disabled");
}

async fn number(browser: &Browser, script: &str) -> u64 {
    let value = browser.eval(script).await;
    value.as_u64().unwrap_or_else(|| panic!("not a number: {value} from {script}"))
}

async fn ticks(browser: &Browser) -> u64 {
    number(browser, "return Number(document.getElementById('ticker').dataset.ticks)").await
}

/// Runs `work` and returns the count the plugin answered with.
async fn work(browser: &Browser) -> u64 {
    click(browser, "work").await;
    let (state, text) = settled(browser).await;
    assert_eq!(state, "done", "work failed: {text}");
    assert!(text.contains("dev.annex.flaky answered `work`"), "{text}");
    number(browser, "return Number(document.getElementById('count').innerText)").await
}

/// Waits until the supervisor has restarted the plugin `restarts` times and it is active.
async fn restarted(browser: &Browser, restarts: u64) {
    let script = format!(
        "const r = document.getElementById('restarts'), s = document.getElementById('plugin-state'); \
         return Number(r.dataset.restarts) === {restarts} && s.dataset.status === 'active';"
    );
    browser.wait_for(&script, WAIT).await;
}

/// Triggers `action`, checks the ticker keeps going while the call runs,
/// and returns the failure the status line reports and how long it took.
async fn break_it(browser: &Browser, action: &str) -> (String, Duration) {
    let started = Instant::now();
    click(browser, action).await;
    let before = ticks(browser).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let after = ticks(browser).await;
    let (state, text) = settled(browser).await;
    let took = started.elapsed();
    assert_eq!(state, "error", "{action} did not fail: {text}");
    if action == "hang" {
        // The call is still hanging one second in: the ticker must have moved meanwhile.
        assert!(after >= before + 5, "the ticker went from {before} to {after} in 1 s");
    }
    let gap =
        number(browser, "return Number(document.getElementById('ticker-gap').dataset.ms)").await;
    assert!(gap < 1000, "the main thread stalled for {gap} ms during {action}");
    (text, took)
}

/// The demo's /broken page, once the flaky plugin has started.
async fn open_broken() -> (annex_test_server::Server, Browser) {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/broken", server.url())).await.expect("open /broken");
    let (state, text) = settled(&browser).await;
    assert_eq!(state, "done", "the flaky plugin did not start: {text}");
    assert!(text.contains("dev.annex.flaky"), "{text}");
    (server, browser)
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn a_hanging_or_crashing_plugin_is_restarted_while_the_page_keeps_ticking() {
    let (_server, browser) = open_broken().await;
    let first = work(&browser).await;
    assert_eq!(first, 1, "a fresh plugin answers its first work call with 1");

    // Hang: the 3 s call budget runs out, the worker is terminated, the plugin restarts.
    let (text, took) = break_it(&browser, "hang").await;
    assert!(text.contains("dev.annex.flaky"), "{text}");
    assert!(text.contains("3000 ms budget") && text.contains("cause: timeout"), "{text}");
    assert!(took >= Duration::from_millis(2800), "the hang failed after only {took:?}");
    restarted(&browser, 1).await;
    let crash = browser.eval("return document.getElementById('last-crash').innerText").await;
    assert!(
        crash.as_str().is_some_and(|c| c.contains("dev.annex.flaky") && c.contains("timeout")),
        "{crash}"
    );
    let events = browser
        .eval(
            "return [...document.querySelectorAll('#flaky-events li')].map(li => li.dataset.event)",
        )
        .await;
    for kind in ["crashed", "restart_scheduled", "restarted"] {
        assert!(
            events.as_array().is_some_and(|e| e.iter().any(|k| k == kind)),
            "no {kind} in {events}"
        );
    }
    browser.screenshot("broken-hang-1280").await;
    // The restarted plugin got its saved count back.
    assert_eq!(work(&browser).await, first + 1, "the count did not survive the restart");

    // Crash: the panic message reaches the page, and the plugin restarts again.
    let (text, _) = break_it(&browser, "crash").await;
    assert!(
        text.contains("dev.annex.flaky") && text.contains("flaky crashed on purpose"),
        "{text}"
    );
    assert!(text.contains("cause: panic"), "{text}");
    restarted(&browser, 2).await;
    assert_eq!(work(&browser).await, first + 2, "the count did not survive the second restart");
    browser.screenshot("broken-crash-1280").await;

    browser.check_phone_layout("broken-390").await;
    browser.close().await;
}

/// Waits until the plugin's status in the state panel is `status`.
async fn plugin_status(browser: &Browser, status: &str) {
    let script = format!(
        "const s = document.getElementById('plugin-state'); return s && s.dataset.status === {status:?};"
    );
    browser.wait_for(&script, WAIT).await;
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn a_plugin_past_its_restart_budget_is_disabled_says_why_and_can_be_enabled_again() {
    let (_server, browser) = open_broken().await;
    let enable_shown = "return document.getElementById('enable') !== null;";
    assert_eq!(browser.eval(enable_shown).await, false, "an active plugin offers no Enable again");

    // The supervisor allows three restarts a minute: crashes one to three restart it.
    for restarts in 1..=3 {
        let (text, _) = break_it(&browser, "crash").await;
        assert!(text.contains("cause: panic"), "{text}");
        restarted(&browser, restarts).await;
    }
    // The fourth crash spends the budget: disabled, not restarted.
    let (text, _) = break_it(&browser, "crash").await;
    assert!(text.contains("flaky crashed on purpose"), "{text}");
    plugin_status(&browser, "disabled").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let restarts =
        number(&browser, "return Number(document.getElementById('restarts').dataset.restarts)")
            .await;
    assert_eq!(restarts, 3, "a disabled plugin must not be restarted");

    // A call now says it is disabled and how to go on, and does not start it.
    click(&browser, "work").await;
    let (state, text) = settled(&browser).await;
    assert_eq!(state, "error", "{text}");
    assert!(text.contains("is disabled") && text.contains("Enable again"), "{text}");
    assert!(text.contains("crashed 4 times within 60 s"), "the reason is missing: {text}");
    plugin_status(&browser, "disabled").await;
    browser.screenshot("broken-disabled-1280").await;

    // Enable again: a new worker, and work answers.
    click(&browser, "enable").await;
    let (state, text) = settled(&browser).await;
    assert_eq!(state, "done", "enable failed: {text}");
    assert!(text.contains("enabled again"), "{text}");
    plugin_status(&browser, "active").await;
    assert!(work(&browser).await >= 1);
    assert_eq!(browser.eval(enable_shown).await, false, "Enable again is gone once it runs");
    browser.close().await;
}
