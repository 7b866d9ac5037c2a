//! Every per-plugin table in the host and the worker is bounded: event
//! subscriptions, log-line and panic-message sizes, saved state, calls
//! waiting for an answer, events on their way. Each attack runs in the
//! hostile arena with the bystander called while the attack is under way.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use annex_protocol::ErrorCode;
use annex_runtime::events::EventKind;
use annex_runtime::Error;
use futures::future::join_all;
use futures::join;
use gloo_timers::future::sleep;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use annex_tests::now_ms;

use crate::hostile::{arena, arena_config, Arena};

fn pixel_u32(out: &[u8]) -> u32 {
    u32::from_le_bytes(out[..4].try_into().unwrap())
}

#[wasm_bindgen_test]
async fn a_plugin_cannot_subscribe_to_more_event_types_than_its_limit() {
    let arena = arena(arena_config()).await;
    let (out, ()) = join!(arena.attack("subscribe-flood"), arena.bystander_answers());
    // The default limit is 256: of 50 000 types, that many are accepted
    // (more take WebKit past the call budget, refusals included).
    assert_eq!(pixel_u32(&out.unwrap()), 256);
    let id = arena.hostile.id();
    let held = arena.host.subscriptions().iter().filter(|(_, p)| p == id).count();
    assert_eq!(held, 256, "the host's table holds what the worker accepted");
    arena.survived().await;
}

/// Records the longest console line from now on (the worker's log lines
/// reach the page's console).
fn spy_on_console() {
    js_sys::Function::new_no_args(
        "const spy = globalThis.__annexConsoleSpy ??= { longest: 0, installed: false };
         spy.longest = 0;
         if (!spy.installed) {
           spy.installed = true;
           for (const m of ['debug', 'info', 'warn', 'error']) {
             const original = console[m];
             console[m] = function (...args) {
               for (const a of args) spy.longest = Math.max(spy.longest, String(a).length);
               return original.apply(this, args);
             };
           }
         }",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

fn longest_console_line() -> u32 {
    let spy = js_sys::Reflect::get(&js_sys::global(), &"__annexConsoleSpy".into()).unwrap();
    js_sys::Reflect::get(&spy, &"longest".into()).unwrap().as_f64().unwrap() as u32
}

#[wasm_bindgen_test]
async fn a_huge_log_line_or_panic_message_is_cut_in_the_worker() {
    let arena = arena(arena_config()).await;
    spy_on_console();
    let (out, ()) = join!(arena.attack("log-huge"), arena.bystander_answers());
    out.unwrap();
    // The 4 MiB line arrived cut to 8 KiB, with a note of what was cut.
    let longest = longest_console_line();
    assert!((8 * 1024..9 * 1024).contains(&longest), "longest console line: {longest} chars");

    let (err, ()) = join!(arena.attack("panic-huge"), arena.bystander_answers());
    let err = err.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Panic, "{err}");
    let text = err.to_string();
    assert!(text.len() < 9 * 1024, "the panic message is {} bytes", text.len());
    assert!(text.contains("more bytes cut"), "{}", &text[text.len() - 80..]);
    arena.survived().await;
}

/// Calls `filter` until the number it writes reaches `at_least` (5 s at most).
async fn poll_until(arena: &Arena, filter: &str, at_least: u32) -> u32 {
    for _ in 0..100 {
        let n = pixel_u32(&arena.attack(filter).await.unwrap());
        if n >= at_least {
            return n;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!("`{filter}` never reached {at_least}");
}

#[wasm_bindgen_test]
async fn a_saved_state_over_its_limit_is_refused_and_the_last_checkpoint_stays() {
    let mut config = arena_config();
    config.supervision.checkpoint_every = Duration::ZERO;
    let arena = arena(config).await;
    arena.attack("count").await.unwrap();
    for _ in 0..100 {
        if arena.hostile.saved_state().is_some() {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(arena.hostile.saved_state(), Some(1_u32.to_le_bytes().to_vec()));
    let before = pixel_u32(&arena.attack("saves").await.unwrap());
    arena.attack("state-huge").await.unwrap();
    // At most one checkpoint falls between `saves` and `state-huge`: two
    // more mean at least one 4 MiB state was handed over and refused.
    let (saves, ()) = join!(poll_until(&arena, "saves", before + 2), arena.bystander_answers());
    assert!(saves >= before + 2);
    // Replies arrive in order: after this one, the earlier checkpoints are handled.
    arena.attack("identity").await.unwrap();
    assert_eq!(
        arena.hostile.saved_state().map(|s| s.len()),
        Some(4),
        "the 4 MiB state must not replace the last checkpoint"
    );
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn calls_past_the_pending_limit_fail_at_once() {
    let mut config = arena_config();
    config.limits.max_pending_calls = 8;
    let arena = arena(config).await;
    let calls = join_all((0..20).map(|_| arena.attack("identity")));
    let (results, ()) = join!(calls, arena.bystander_answers());
    let answered = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(answered, 8, "{refused:?}");
    assert_eq!(refused.len(), 12);
    for err in refused {
        assert_eq!(err.code(), ErrorCode::BudgetExceeded, "{err}");
        let text = err.to_string();
        assert!(text.contains("dev.annex.test.hostile") && text.contains("limit is 8"), "{text}");
    }
    // Refusing is not a crash: it answers again once the queue is gone.
    assert!(arena.attack("identity").await.is_ok());
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn events_past_the_in_flight_limit_are_dropped_and_counted() {
    let arena = arena(arena_config()).await;
    arena.attack("listen").await.unwrap();
    // Watched from before the flood: the host's `recent` list keeps only the
    // last 200 events, and the flood itself is 10 000 of them.
    let reports = Rc::new(RefCell::new(Vec::new()));
    let sink = reports.clone();
    let _listener = arena.host.events().subscribe(move |e| {
        if let EventKind::Throttled { what, refused } = &e.kind {
            sink.borrow_mut().push((what.clone(), *refused));
        }
    });
    // All at once: the plugin cannot answer any before the loop ends.
    let started = now_ms();
    for i in 0..10_000 {
        arena.host.emit("arena.ping", serde_json::json!(i)).unwrap();
    }
    let seconds = (now_ms() - started) / 1000.0;
    // Deliveries are sent from tasks of their own: let them run, so the
    // next call is queued behind them in the worker.
    sleep(Duration::from_millis(20)).await;
    let (received, ()) = join!(arena.attack("received"), arena.bystander_answers());
    assert_eq!(pixel_u32(&received.unwrap()), 64, "the default in-flight limit is 64");
    assert_eq!(arena.hostile.dropped_events(), 10_000 - 64);
    // Reported when the first was dropped, then at most once a second
    // (the loop takes 50 ms in Chromium, seconds in WebKit).
    let reports = reports.borrow().clone();
    assert_eq!(reports.first(), Some(&("deliveries".to_owned(), 1)), "{reports:?}");
    assert!(reports.len() as f64 <= 1.0 + seconds.ceil(), "{reports:?} in {seconds:.1} s");
    assert!(reports.windows(2).all(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1), "{reports:?}");
    // Once the backlog is answered, events get through again.
    arena.host.emit("arena.ping", serde_json::json!("again")).unwrap();
    sleep(Duration::from_millis(20)).await;
    assert_eq!(pixel_u32(&arena.attack("received").await.unwrap()), 65);
    arena.survived().await;
}
