//! The role switcher: the role changes what the host plans to preload, the
//! debug panel says why, and the role survives a reload.

use std::time::Duration;

use annex_e2e::{serve_demo, Browser};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(30);

/// Script: `[plan, reason]` of `id`'s row in the debug panel, once it says `plan`.
fn plan_row(id: &str, plan: &str) -> String {
    format!(
        "const r = document.querySelector('#debug-panel tr[data-plugin=\"{id}\"]'); \
         return r && r.dataset.plan === {plan:?} ? r.cells[2].innerText : null;"
    )
}

async fn pick(browser: &Browser, role: &str) {
    let script = format!(
        "document.querySelector('#role-switcher button[data-role=\"{role}\"]').click(); return true;"
    );
    browser.eval(&script).await;
    let pressed = format!(
        "return document.querySelector('#role-switcher button[data-role=\"{role}\"]').getAttribute('aria-pressed') === 'true'"
    );
    browser.wait_for(&pressed, WAIT).await;
}

async fn open_panel(browser: &Browser) {
    browser
        .wait_for("const d = document.getElementById('debug-panel'); if (!d) return false; d.open = true; return true;", WAIT)
        .await;
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn the_role_changes_the_preload_plan_and_survives_a_reload() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&server.url()).await.expect("open /");
    open_panel(&browser).await;

    // A visitor gets no analytics preload, and the panel says why.
    pick(&browser, "visitor").await;
    let skipped = browser.wait_for(&plan_row("dev.annex.analytics", "skip"), WAIT).await;
    assert!(text(&skipped).contains("no preload rule matches"), "{skipped}");
    assert!(text(&skipped).contains("roles visitor"), "{skipped}");
    browser.screenshot("roles-visitor-1280").await;

    // An analyst gets it planned, with the role as the reason.
    pick(&browser, "analyst").await;
    let planned = browser.wait_for(&plan_row("dev.annex.analytics", "load"), WAIT).await;
    assert_eq!(text(&planned), "preload dev.annex.analytics: role analyst");
    browser.screenshot("roles-analyst-1280").await;

    // The role survives a reload, and so does the plan.
    browser.client.refresh().await.expect("reload");
    open_panel(&browser).await;
    let stored = browser.eval("return localStorage.getItem('annex-demo.role')").await;
    assert_eq!(stored, "analyst");
    let pressed = browser
        .wait_for("return document.querySelector('#role-switcher button[aria-pressed=\"true\"]')?.dataset.role", WAIT)
        .await;
    assert_eq!(pressed, "analyst");
    let planned = browser.wait_for(&plan_row("dev.annex.analytics", "load"), WAIT).await;
    assert_eq!(text(&planned), "preload dev.annex.analytics: role analyst");

    // An admin on the plugin pages gets the HTTP client planned; a visitor there does not.
    pick(&browser, "admin").await;
    browser
        .eval("[...document.querySelectorAll('nav.nav a')].find(a => a.getAttribute('href') === '/plugins').click(); return true;")
        .await;
    let planned = browser.wait_for(&plan_row("dev.annex.http-client", "load"), WAIT).await;
    assert_eq!(
        text(&planned),
        "preload dev.annex.http-client: route /plugins matches /plugins/*, role admin"
    );
    pick(&browser, "visitor").await;
    let skipped = browser.wait_for(&plan_row("dev.annex.http-client", "skip"), WAIT).await;
    assert!(text(&skipped).contains("route /plugins, roles visitor"), "{skipped}");
    browser.close().await;
}
