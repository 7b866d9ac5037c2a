//! The hostile-plugin suite: each attack runs in an arena with a bystander
//! plugin holding acknowledged data and a timer ticking on the main thread.
//! For every attack: the page stays responsive, the bystander keeps
//! answering, the right error and event appear, and nothing acknowledged is
//! lost.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use annex_protocol::api::filter::Filter;
use annex_protocol::api::network::{DomainPattern, NetworkPolicy, NetworkRequest};
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::events::EventKind;
use annex_runtime::monitor::{Resource, Severity};
use annex_runtime::{Error, HostConfig, LoadOptions, Plugin, PluginHost, RgbaImage, StatusKind};
use annex_tests::{config, host_with, now_ms, plugin_url, plugin_with, server, unique, Ticker};
use wasm_bindgen_test::wasm_bindgen_test;

/// A host with a hostile plugin, a bystander holding acknowledged data, and a ticker.
pub(crate) struct Arena {
    pub(crate) host: PluginHost,
    pub(crate) hostile: Plugin,
    pub(crate) bystander: Plugin,
    key: String,
    ticker: Ticker,
}

/// The default arena config: storage for the bystander, and a call budget
/// that bounds honest work generously. The budget is not what these tests
/// time: in WebKit, with the whole suite running beside it on two cores, the
/// bystander's one IndexedDB read took over 3 s (an earlier 1.5 s budget
/// failed there too). The spin attack, which only the budget ends, has its own.
pub(crate) fn arena_config() -> HostConfig {
    config()
        .grant(Permission::StorageRead)
        .grant(Permission::StorageWrite)
        .call_timeout(Duration::from_secs(10))
}

pub(crate) async fn arena(config: HostConfig) -> Arena {
    let bytes = annex_tests::fetch(&plugin_url("hostile")).await;
    arena_of(config, &bytes, LoadOptions::default()).await
}

/// An arena whose hostile plugin is loaded from `bytes` with `options`.
pub(crate) async fn arena_of(config: HostConfig, bytes: &[u8], options: LoadOptions) -> Arena {
    let host = host_with(config).await;
    let bystander = host.load_url(&plugin_url("notes")).await.unwrap();
    let key = unique("acknowledged");
    bystander.storage().unwrap().set(&key, b"kept").await.unwrap();
    let hostile = host.load_bytes_with(bytes, "hostile.wasm", options).await.unwrap();
    let ticker = Ticker::start();
    Arena { host, hostile, bystander, key, ticker }
}

impl Arena {
    pub(crate) async fn attack(&self, filter: &str) -> Result<Vec<u8>, Error> {
        let image = RgbaImage::from_bytes(1, 1, &[0; 4]).unwrap();
        let filter = Filter::Custom { name: filter.into(), params: serde_json::Value::Null };
        let out = self.hostile.canvas_filter().unwrap().apply(image, &filter).await;
        out.map(|image| image.to_vec())
    }

    /// The bystander answers with its acknowledged data: run beside an
    /// attack, this checks isolation while the attack is under way.
    pub(crate) async fn bystander_answers(&self) {
        let kept = self.bystander.storage().unwrap().get(&self.key).await.unwrap();
        assert_eq!(kept.as_deref(), Some(&b"kept"[..]), "the bystander did not answer");
    }

    /// The page stayed responsive, the bystander answers and kept its data.
    pub(crate) async fn survived(&self) {
        let gap = self.ticker.max_gap_ms();
        assert!(gap < 1000.0, "the main thread stalled for {gap:.0} ms");
        assert_eq!(self.bystander.status().kind(), StatusKind::Active);
        let kept = self.bystander.storage().unwrap().get(&self.key).await.unwrap();
        assert_eq!(kept.as_deref(), Some(&b"kept"[..]), "acknowledged data was lost");
        let grayscale = self.host.load_url(&plugin_url("grayscale")).await.unwrap();
        let image = RgbaImage::from_bytes(1, 1, &[200, 100, 50, 255]).unwrap();
        let gray = grayscale.canvas_filter().unwrap().apply(image, &Filter::Grayscale).await;
        assert_eq!(gray.unwrap().to_vec(), [118, 118, 118, 255]);
    }

    pub(crate) fn saw(&self, wanted: impl Fn(&EventKind) -> bool) -> bool {
        let id = self.hostile.id();
        self.host.events().recent().iter().any(|e| e.plugin.as_ref() == Some(id) && wanted(&e.kind))
    }

    fn crashed_with(&self, code: ErrorCode) -> bool {
        self.saw(|kind| matches!(kind, EventKind::Crashed { error } if error.code() == code))
    }
}

#[wasm_bindgen_test]
async fn a_plugin_that_loops_forever_is_terminated() {
    // Its own short budget: the spin burns a core until the budget ends,
    // which slows every test beside it (WebKit's suite took 50 % longer with 10 s).
    let arena = arena(arena_config().call_timeout(Duration::from_millis(1500))).await;
    let err = arena.attack("spin").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert!(err.to_string().contains("dev.annex.test.hostile"), "{err}");
    assert!(arena.crashed_with(ErrorCode::Timeout));
    assert!(arena.saw(|k| matches!(k, EventKind::ResourceAlert { alert }
        if alert.resource == Resource::CallTime && alert.severity == Severity::Critical)));
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_plugin_that_allocates_without_bound_hits_its_memory_cap() {
    let arena = arena(arena_config()).await;
    let err = arena.attack("alloc").await.unwrap_err();
    // Failing fast, not by the time budget: a timeout would be `Timeout`.
    assert_eq!(err.code(), ErrorCode::MemoryLimit, "{err}");
    assert!(err.to_string().contains("at its 16 MiB cap"), "{err}");
    let metrics = arena.hostile.metrics();
    assert_eq!(metrics.memory_max_bytes, Some(16 << 20));
    assert!(metrics.memory_bytes > 15 << 20, "{metrics:?}");
    assert!(arena.crashed_with(ErrorCode::MemoryLimit));
    assert!(arena.saw(|k| matches!(k, EventKind::ResourceAlert { alert }
        if alert.resource == Resource::Memory && alert.severity == Severity::Error)));
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_plugin_that_traps_or_panics_is_stopped_with_the_cause() {
    let arena = arena(arena_config()).await;
    let err = arena.attack("trap").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Trap);
    assert!(arena.crashed_with(ErrorCode::Trap));
    arena.survived().await;

    let arena = self::arena(arena_config()).await;
    let err = arena.attack("panic").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Panic);
    assert!(err.to_string().contains("hostile plugin panicked on purpose"), "{err}");
    assert!(arena.crashed_with(ErrorCode::Panic));
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_plugin_that_recurses_until_the_stack_overflows_is_stopped() {
    let arena = arena(arena_config()).await;
    let err = arena.attack("recurse").await.unwrap_err();
    // Rust puts its stack first in linear memory: overflowing it runs below
    // address 0, an out-of-bounds trap (the worker's message says so).
    assert_eq!(err.code(), ErrorCode::Trap);
    assert!(err.to_string().contains("stack overflow"), "{err}");
    assert!(arena.crashed_with(ErrorCode::Trap));
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_plugin_that_floods_events_is_throttled_in_its_worker() {
    let arena = arena(arena_config()).await;
    // Counted as they reach the host, by a listener installed first (the
    // host's `recent` list keeps only the last 200 events of any kind).
    let reached = Rc::new(Cell::new(0_u32));
    let counter = reached.clone();
    let _listener = arena.host.events().subscribe(move |e| {
        if matches!(&e.kind, EventKind::PluginEvent { event_type, .. } if event_type == "hostile.flood")
        {
            counter.set(counter.get() + 1);
        }
    });
    let started = now_ms();
    let (out, ()) = futures::join!(arena.attack("flood"), arena.bystander_answers());
    let out = out.unwrap();
    let seconds = (now_ms() - started) / 1000.0;
    let accepted = u32::from_le_bytes(out[..4].try_into().unwrap());
    // A burst of 100 passes, plus what the bucket refills (100 a second)
    // while the loop runs: 40 ms alone in Chromium, over a second in WebKit
    // with the suite beside it, so the bound follows the time it took.
    let bound = 100 + (100.0 * seconds).ceil() as u32;
    assert!(
        (100..=bound).contains(&accepted),
        "{accepted} of 10000 events accepted in {seconds:.2} s (at most {bound})"
    );
    assert_eq!(reached.get(), accepted, "what the worker accepted is what reached the host");
    assert!(arena.saw(|k| matches!(k, EventKind::Throttled { what, refused }
        if what == "events" && *refused > 0)));
    assert!(arena.saw(|k| matches!(k, EventKind::ResourceAlert { alert }
        if alert.resource == Resource::Messages)));
    // Throttling is not a crash: the plugin keeps working.
    assert_eq!(arena.hostile.status().kind(), StatusKind::Active);
    assert!(arena.attack("identity").await.is_ok());
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_huge_answer_is_dropped_in_the_worker() {
    // The hook answers 1.5 MiB of JSON, past the default 1 MiB.
    let arena = arena(arena_config()).await;
    let hook: annex_protocol::manifest::HookName = "custom:hostile.huge".parse().unwrap();
    arena.host.declare_hook(hook.clone(), false);
    let run = arena.host.run_hook(&hook, serde_json::json!({})).await.unwrap();
    let step = run.trace.iter().find(|s| &s.plugin == arena.hostile.id()).unwrap();
    let annex_runtime::hooks::StepOutcome::Failed(error) = &step.outcome else {
        panic!("the huge answer must fail: {:?}", step.outcome)
    };
    assert_eq!(error.code(), ErrorCode::BudgetExceeded, "{error}");
    assert!(
        error.to_string().contains("more than its limit of 1048576 bytes (max_answer_bytes)"),
        "{error}"
    );
    assert_eq!(run.data, serde_json::json!({}), "the huge data must not be used");
    assert!(arena.saw(|k| matches!(k, EventKind::ResourceAlert { alert }
        if alert.resource == Resource::Messages && alert.severity == Severity::Error)));
    arena.survived().await;
}

/// An arena whose hostile plugin goes for storage on its own (the
/// hostile-storage fixture), and what its filter `name` wrote: two u32.
async fn storage_arena() -> Arena {
    let bytes = annex_tests::fetch(&plugin_url("hostile-storage")).await;
    arena_of(arena_config(), &bytes, LoadOptions::default()).await
}

impl Arena {
    async fn storage_attack(&self, name: &str) -> (u32, u32) {
        let image = RgbaImage::from_bytes(2, 1, &[0; 8]).unwrap();
        let filter = Filter::Custom { name: name.into(), params: serde_json::Value::Null };
        let out = self.hostile.canvas_filter().unwrap().apply(image, &filter).await.unwrap();
        let word = |i: usize| u32::from_le_bytes(out.to_vec()[i..i + 4].try_into().unwrap());
        (word(0), word(4))
    }

    fn saw_for(&self, plugin: &Plugin, wanted: impl Fn(&EventKind) -> bool) -> bool {
        let id = plugin.id();
        self.host.events().recent().iter().any(|e| e.plugin.as_ref() == Some(id) && wanted(&e.kind))
    }

    fn refused_for_hostile(&self, wanted: &Permission) -> Option<u64> {
        let id = self.hostile.id();
        self.host.events().recent().iter().find_map(|e| match &e.kind {
            EventKind::PermissionRefused { permission, refused }
                if e.plugin.as_ref() == Some(id) && permission == wanted =>
            {
                Some(*refused)
            }
            _ => None,
        })
    }
}

#[wasm_bindgen_test]
async fn storage_without_permission_is_refused_and_changes_nothing() {
    let arena = storage_arena().await;
    arena.hostile.revoke(&Permission::StorageWrite).await.unwrap();
    // Asked to filter an image, it writes storage a hundred times on its own
    // and swallows every error: the worker refuses each, the host hears.
    let (refused, _) = arena.storage_attack("scribble").await;
    assert_eq!(refused, 100, "every write was refused inside the plugin");
    let reported = arena.refused_for_hostile(&Permission::StorageWrite);
    assert!(reported.is_some_and(|n| n >= 1), "a permission_refused event: {reported:?}");
    arena.survived().await;
    // Nothing was written: granted again, its namespace is empty.
    arena.hostile.grant(&Permission::StorageWrite).await.unwrap();
    let (refused, _) = arena.storage_attack("scribble").await;
    assert_eq!(refused, 0, "granted again, the writes go through");
}

#[wasm_bindgen_test]
async fn another_plugins_keys_are_out_of_reach() {
    let arena = storage_arena().await;
    let notes = arena.bystander.storage().unwrap();
    notes.set("arena-secret", b"the bystander's").await.unwrap();
    // On its own it reads the bystander's key, lists every key, deletes it
    // and clears: its namespace holds nothing of the bystander's.
    let bystander = arena.bystander_answers();
    let (attack, ()) = futures::join!(arena.storage_attack("steal"), bystander);
    assert_eq!(attack, (0, 0), "bytes read of the bystander's key, and whether it was listed");
    assert!(arena.refused_for_hostile(&Permission::StorageRead).is_none(), "nothing was refused");
    let secret = notes.get("arena-secret").await.unwrap();
    assert_eq!(secret.as_deref(), Some(&b"the bystander's"[..]), "the bystander's key survived");
    notes.delete("arena-secret").await.unwrap();
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn a_forbidden_domain_is_refused_before_anything_is_sent() {
    let server = server().await;
    let mut config = arena_config().grant(Permission::NetworkRequest);
    config.limits.network = NetworkPolicy {
        allow: vec!["127.0.0.1:*".parse::<DomainPattern>().unwrap()],
        block: vec!["127.0.0.1:*".parse::<DomainPattern>().unwrap()],
        ..NetworkPolicy::default()
    };
    let arena = arena(config).await;
    let client = arena.host.load_url(&plugin_url("http-client")).await.unwrap();
    let key = unique("forbidden");
    let request = NetworkRequest::get(server.url(&format!("/__test/echo?t={key}")));
    let err = client.network().unwrap().request(request, b"").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NetworkBlocked, "{err}");
    assert_eq!(server.stats(&format!("/__test/echo?t={key}"), None).await.count, 0);
    assert!(arena.saw_for(&client, |k| matches!(k, EventKind::ResourceAlert { alert }
        if alert.resource == Resource::Network)));
    arena.survived().await;
}

#[wasm_bindgen_test]
async fn an_ungranted_import_and_a_lying_manifest_are_refused_before_instantiation() {
    let arena = arena(arena_config()).await;
    // sysinfo imports `system_info`; this host does not grant `system.info`.
    let err = arena.host.load_url(&plugin_url("sysinfo")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert!(err.to_string().contains("`system.info`"), "{err}");

    // notes with its permissions taken out of its manifest: the imports tell the truth.
    let liar = plugin_with("notes", |m| {
        m.id = "dev.annex.test.liar".parse().unwrap();
        m.permissions.clear();
    })
    .await;
    let err = arena.host.load_bytes(&liar, "liar.wasm").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    let text = err.to_string();
    assert!(text.contains("dev.annex.test.liar") && text.contains("`storage."), "{text}");
    assert!(text.contains("does not request"), "{text}");
    assert!(arena.host.plugin(&"dev.annex.test.liar".parse().unwrap()).is_none());
    arena.survived().await;
}
