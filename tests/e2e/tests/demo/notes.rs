//! The notes page: notes kept by the notes plugin's storage survive reloads.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use annex_e2e::{serve_demo, Browser};

/// Script that returns the status state once the page has settled.
const SETTLED: &str = "const s = document.getElementById('status'); \
                       return s && s.dataset.state !== 'loading' ? s.dataset.state : null;";

/// Script that returns how many listed notes read exactly `text`.
fn count(text: &str) -> String {
    format!(
        "return [...document.querySelectorAll('#notes li.note .note-text')] \
           .filter(p => p.textContent === {text:?}).length;"
    )
}

/// Waits until the page settled with `n` notes reading `text`; panics with
/// the status otherwise.
async fn expect_notes(browser: &Browser, text: &str, n: u64) {
    let script = format!(
        "const s = document.getElementById('status'); \
         if (s && s.dataset.state === 'error') return 'error: ' + s.innerText; \
         if (!s || s.dataset.state !== 'done') return null; \
         const n = (() => {{ {} }})(); return n === {n} ? 'ok' : null;",
        count(text)
    );
    let state = browser.wait_for(&script, Duration::from_secs(30)).await;
    assert_eq!(state, "ok", "waiting for {n} note(s) reading {text:?}");
}

#[tokio::test]
#[ignore = "needs the demo built into dist/ and Chromium: run `cargo xtask test`"]
async fn notes_survive_a_reload_until_deleted() {
    let server = serve_demo();
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&format!("{}/notes", server.url())).await.expect("open notes");
    let state = browser.wait_for(SETTLED, Duration::from_secs(30)).await;
    assert_eq!(state, "done");

    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let text = format!("e2e note {nanos}: milk, bread & <b>not bold</b>");
    browser
        .eval(&format!(
            "document.getElementById('note-text').value = {text:?}; \
             document.getElementById('add-note').click(); return true;"
        ))
        .await;
    expect_notes(&browser, &text, 1).await;

    browser.client.refresh().await.expect("reload");
    expect_notes(&browser, &text, 1).await;
    browser.screenshot("notes-1280").await;

    let clicked = browser
        .eval(&format!(
            "const li = [...document.querySelectorAll('#notes li.note')] \
               .find(li => li.querySelector('.note-text').textContent === {text:?}); \
             if (!li) return false; li.querySelector('button.delete').click(); return true;"
        ))
        .await;
    assert_eq!(clicked, true, "the note has no delete button");
    expect_notes(&browser, &text, 0).await;

    browser.client.refresh().await.expect("reload");
    expect_notes(&browser, &text, 0).await;

    browser.check_phone_layout("notes-390").await;
    browser.close().await;
}
