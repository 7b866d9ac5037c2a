//! Updates of a running plugin without a page reload: a newer catalog entry
//! swaps the worker, calls running finish on the old version, calls made
//! meanwhile reach the new one, state is handed over; an update that asks
//! for more waits for the visitor, and a denial keeps the old version; a
//! rollback goes back. The fixtures are custom-calls 0.1.0, 0.2.0 and 0.3.0
//! (the same code; 0.3.0 also requests `system.info`), each with its own
//! catalog in `fixtures/updates/v<N>/`.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::{ErrorCode, Permission};
use annex_runtime::catalog::load_catalog;
use annex_runtime::events::{EventKind, HostEvent};
use annex_runtime::permissions::{Approval, ApprovalRequest};
use annex_runtime::{HostConfig, Plugin, PluginHost};
use annex_tests::{config, host_with, install_worker_spy, live_workers};
use futures::channel::oneshot;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

const ID: &str = "dev.annex.test.custom-calls";

fn catalog_url(version: u32) -> String {
    format!("/fixtures/updates/v{version}/catalog.json")
}

/// A host running custom-calls 0.1.0 from its catalog.
async fn running_v1(config: HostConfig) -> (PluginHost, Plugin) {
    let host = host_with(config).await;
    host.set_catalog(load_catalog(&catalog_url(1)).await.unwrap());
    let plugin = host.activate(&ID.parse().unwrap()).await.unwrap();
    (host, plugin)
}

async fn version(plugin: &Plugin) -> String {
    let bytes = plugin.custom("test.counter").unwrap().call("version", b"").await.unwrap();
    String::from_utf8(bytes).unwrap()
}

async fn add(plugin: &Plugin, by: i64) -> i64 {
    let counter = plugin.custom("test.counter").unwrap();
    let total: Value = counter.call_json("add", &json!({ "by": by })).await.unwrap();
    total["total"].as_i64().unwrap()
}

fn updates(host: &PluginHost) -> Vec<String> {
    host.events()
        .recent()
        .into_iter()
        .filter_map(|HostEvent { kind, .. }| match kind {
            EventKind::UpdateStarted { from, to } => Some(format!("started {from}->{to}")),
            EventKind::Updated { from, to, state_restored, rollback } => {
                Some(format!("updated {from}->{to} state:{state_restored} rollback:{rollback}"))
            }
            EventKind::UpdateRejected { from, to, .. } => Some(format!("rejected {from}->{to}")),
            _ => None,
        })
        .collect()
}

async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
    panic!("timed out waiting until {what}");
}

#[wasm_bindgen_test]
async fn a_newer_catalog_entry_swaps_the_worker_and_hands_the_state_over() {
    install_worker_spy();
    let (host, plugin) = running_v1(config()).await;
    assert_eq!(add(&plugin, 5).await, 5);
    assert_eq!(version(&plugin).await, "0.1.0");

    // A long call is running when the update comes.
    let slow = {
        let counter = plugin.custom("test.counter").unwrap();
        let (send, receive) = oneshot::channel();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = send.send(counter.call("slow", br#"{"spins": 60000000}"#).await);
        });
        receive
    };
    let update = {
        let host = host.clone();
        let (send, receive) = oneshot::channel();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = send.send(host.refresh_catalog(&catalog_url(2)).await);
        });
        receive
    };
    // While the swap waits for the long call, a new call waits for the swap.
    until("the swap starts", || plugin.updating()).await;
    let during = version(&plugin).await;

    assert_eq!(slow.await.unwrap().unwrap(), b"0.1.0", "the running call finished on 0.1.0");
    let finished = update.await.unwrap().unwrap();
    assert_eq!(finished.len(), 1, "{finished:?}");
    let outcome = finished[0].result.as_ref().unwrap().clone().unwrap();
    assert_eq!(
        (outcome.from.to_string(), outcome.to.to_string()),
        ("0.1.0".into(), "0.2.0".into())
    );
    assert!(outcome.state_restored);
    assert_eq!(during, "0.2.0", "a call made during the swap reaches the new version");
    assert_eq!(version(&plugin).await, "0.2.0");
    assert_eq!(add(&plugin, 1).await, 6, "the total came over through save/restore state");
    assert_eq!(plugin.version().to_string(), "0.2.0");
    assert_eq!(plugin.previous_version().map(|v| v.to_string()), Some("0.1.0".into()));
    assert_eq!(live_workers(&host, ID), 1, "the old worker was terminated");
    assert_eq!(
        updates(&host),
        ["started 0.1.0->0.2.0", "updated 0.1.0->0.2.0 state:true rollback:false"]
    );
    // The same catalog again changes nothing.
    assert!(host.refresh_catalog(&catalog_url(2)).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_call_running_when_the_update_comes_finishes_on_the_old_version() {
    let (host, plugin) = running_v1(config()).await;
    let counter = plugin.custom("test.counter").unwrap();
    let slow = counter.call("slow", br#"{"spins": 60000000}"#);
    let url = catalog_url(2);
    let update = host.refresh_catalog(&url);
    let (slow, update) = futures::join!(slow, update);
    assert_eq!(slow.unwrap(), b"0.1.0");
    assert!(update.unwrap()[0].result.is_ok());
    assert_eq!(version(&plugin).await, "0.2.0");
}

#[wasm_bindgen_test]
async fn an_update_asking_for_a_new_permission_waits_for_the_visitor_and_a_denial_keeps_the_old_version(
) {
    type Answer = Rc<RefCell<Option<oneshot::Receiver<bool>>>>;
    let asked = Rc::new(RefCell::new(Vec::<ApprovalRequest>::new()));
    let answer: Answer = Rc::default();
    let config = {
        let (asked, answer) = (asked.clone(), answer.clone());
        config().approver(move |request| {
            asked.borrow_mut().push(request);
            let pending = answer.borrow_mut().take();
            async move {
                let granted = match pending {
                    Some(pending) => pending.await.unwrap_or(false),
                    None => false,
                };
                if granted {
                    Approval::allow(false)
                } else {
                    Approval::deny(false)
                }
            }
        })
    };
    let (host, plugin) = running_v1(config).await;
    assert_eq!(add(&plugin, 2).await, 2);

    // Denied: refused, named, and 0.1.0 keeps answering.
    let denied = host.refresh_catalog(&catalog_url(3)).await.unwrap();
    let error = denied[0].error().expect("refused");
    assert_eq!(error.code(), ErrorCode::UpdateRejected);
    let text = error.to_string();
    assert!(
        text.contains(ID) && text.contains("`system.info`") && text.contains("0.1.0 keeps running"),
        "{text}"
    );
    assert_eq!(version(&plugin).await, "0.1.0");
    assert_eq!(add(&plugin, 1).await, 3);
    {
        let asked = asked.borrow();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].permission, Permission::SystemInfo);
        assert_eq!(asked[0].version.to_string(), "0.3.0");
        assert_eq!(asked[0].update_from.as_ref().map(|v| v.to_string()), Some("0.1.0".into()));
    }

    // Asked again; while the visitor decides, 0.1.0 keeps answering; granted, it runs.
    let (say, pending) = oneshot::channel();
    *answer.borrow_mut() = Some(pending);
    let update = {
        let host = host.clone();
        let (send, receive) = oneshot::channel();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = send.send(host.refresh_catalog(&catalog_url(3)).await);
        });
        receive
    };
    until("the visitor is asked", || asked.borrow().len() == 2).await;
    assert_eq!(version(&plugin).await, "0.1.0");
    say.send(true).unwrap();
    let granted = update.await.unwrap().unwrap();
    assert!(granted[0].result.is_ok(), "{:?}", granted[0].result);
    assert_eq!(version(&plugin).await, "0.3.0");
    assert_eq!(add(&plugin, 1).await, 4);
    assert!(plugin.grants().contains(&Permission::SystemInfo));
    assert_eq!(
        updates(&host),
        [
            "started 0.1.0->0.3.0",
            "rejected 0.1.0->0.3.0",
            "started 0.1.0->0.3.0",
            "updated 0.1.0->0.3.0 state:true rollback:false"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_rollback_goes_back_to_the_replaced_version_with_the_state() {
    let (host, plugin) = running_v1(config()).await;
    assert!(plugin.rollback().await.is_err(), "nothing to roll back to yet");
    add(&plugin, 7).await;
    host.refresh_catalog(&catalog_url(2)).await.unwrap();
    assert_eq!(add(&plugin, 1).await, 8);
    let back = plugin.rollback().await.unwrap();
    assert_eq!((back.from.to_string(), back.to.to_string()), ("0.2.0".into(), "0.1.0".into()));
    assert_eq!(version(&plugin).await, "0.1.0");
    assert_eq!(add(&plugin, 1).await, 9);
    assert_eq!(plugin.previous_version().map(|v| v.to_string()), Some("0.2.0".into()));
    assert!(updates(&host).last().unwrap().ends_with("rollback:true"));
}

#[wasm_bindgen_test]
async fn an_update_from_another_publisher_is_refused_and_the_same_build_is_no_update() {
    let (host, plugin) = running_v1(config()).await;
    let v1 = annex_tests::fetch("/fixtures/updates/v1/custom-calls.wasm").await;
    assert_eq!(host.update_bytes(&v1, "v1").await.unwrap(), None);
    let v2 = annex_tests::fetch("/fixtures/updates/v2/custom-calls.wasm").await;
    let signed = annex_module::signature::sign(
        &v2,
        &annex_module::signature::SigningKey::from_bytes(&[3; 32]),
    );
    let error = host.update_bytes(&signed, "signed v2").await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::UpdateRejected);
    assert!(error.to_string().contains("published by key:"), "{error}");
    assert_eq!(version(&plugin).await, "0.1.0");
    // Another plugin's module is not an update of this one.
    let other = annex_tests::fetch(&annex_tests::plugin_url("grayscale")).await;
    assert!(host.update_bytes(&other, "grayscale").await.is_err());
}
