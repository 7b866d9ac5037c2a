//! The permission policy: approval, remembered decisions, never-grant,
//! revocation, all against real plugins whose imports need the permissions.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::{ErrorCode, Permission};
use annex_runtime::events::{EventKind, HostEvent};
use annex_runtime::permissions::{Approval, ApprovalRequest, PermissionState, PolicyRule};
use annex_runtime::{HostConfig, PluginHost};
use annex_tests::{config, fetch, host_with, load_listed, plugin_url, plugin_with, unique};
use wasm_bindgen_test::wasm_bindgen_test;

/// Every approval request the approver saw.
type Asked = Rc<RefCell<Vec<ApprovalRequest>>>;

/// A config whose approver records each request and answers `answer`.
fn asking(config: HostConfig, answer: Approval) -> (HostConfig, Asked) {
    let asked = Asked::default();
    let seen = asked.clone();
    let config = config.approver(move |request| {
        seen.borrow_mut().push(request);
        async move { answer }
    });
    (config, asked)
}

fn asked_permissions(asked: &Asked) -> Vec<String> {
    asked.borrow().iter().map(|r| r.permission.to_string()).collect()
}

fn decisions(host: &PluginHost) -> Vec<(String, PermissionState, PolicyRule)> {
    host.events()
        .recent()
        .into_iter()
        .filter_map(|HostEvent { kind, .. }| match kind {
            EventKind::PermissionDecided { permission, state, rule } => {
                Some((permission.to_string(), state, rule))
            }
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn without_an_approver_a_permission_needing_approval_is_denied_and_the_plugin_refused() {
    let host = host_with(config()).await;
    let err = host.load_url(&plugin_url("notes")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    let text = err.to_string();
    assert!(text.contains("dev.annex.notes") && text.contains("`storage."), "{text}");
    assert!(host.plugins().is_empty());
    let denied = decisions(&host);
    assert!(
        denied
            .iter()
            .all(|(_, state, rule)| (*state, *rule)
                == (PermissionState::Denied, PolicyRule::Approval)),
        "{denied:?}"
    );
    assert_eq!(denied.len(), 2, "{denied:?}");
}

#[wasm_bindgen_test]
async fn the_approver_is_asked_with_the_manifest_reason_and_its_answer_is_enforced() {
    let (config, asked) = asking(config(), Approval::allow(false));
    let host = host_with(config).await;
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    assert_eq!(asked_permissions(&asked), ["storage.read", "storage.write"]);
    let first = asked.borrow()[0].clone();
    assert_eq!(first.plugin.as_str(), "dev.annex.notes");
    assert_eq!(first.reason, "Reads the notes you saved.");
    assert!(plugin.permissions().iter().all(|p| p.state == PermissionState::Granted));
    // The grant is real: the plugin stores and reads back through IndexedDB.
    let key = unique("approved");
    plugin.storage().unwrap().set(&key, b"yes").await.unwrap();
    assert_eq!(plugin.storage().unwrap().get(&key).await.unwrap().as_deref(), Some(&b"yes"[..]));
}

#[wasm_bindgen_test]
async fn never_grant_wins_over_the_approver_who_is_not_even_asked() {
    let mut policy = config().permissions;
    policy = policy.never(Permission::StorageWrite);
    let (config, asked) = asking(config().permissions(policy), Approval::allow(true));
    let host = host_with(config).await;
    let err = host.load_url(&plugin_url("notes")).await.unwrap_err();
    assert!(err.to_string().contains("`storage.write`"), "{err}");
    assert_eq!(asked_permissions(&asked), ["storage.read"]);
    assert!(decisions(&host).contains(&(
        "storage.write".into(),
        PermissionState::Denied,
        PolicyRule::Never
    )));
}

#[wasm_bindgen_test]
async fn remembered_answers_skip_the_prompt_until_the_major_version_or_publisher_changes() {
    let database = unique("annex-test-remembered");
    let shared = |answer| {
        let mut config = config();
        config.permissions.database = Some(database.clone());
        asking(config, answer)
    };
    // Listed in the site's catalog, unsigned: published by the page's origin.
    let notes = fetch(&plugin_url("notes")).await;
    // First visit: the user allows and ticks "remember".
    let (config, asked) = shared(Approval::allow(true));
    load_listed(&host_with(config).await, &notes).await.unwrap();
    assert_eq!(asked.borrow().len(), 2);
    assert!(asked.borrow()[0].publisher.starts_with("catalog:http"), "{:?}", asked.borrow()[0]);

    // Next visit: nobody is asked, the plugin loads.
    let (config, asked) = shared(Approval::deny(false));
    load_listed(&host_with(config).await, &notes).await.unwrap();
    assert!(asked.borrow().is_empty(), "{:?}", asked_permissions(&asked));

    // A minor update keeps the answers.
    let minor = plugin_with("notes", |m| m.version = "0.2.0".parse().unwrap()).await;
    let (config, asked) = shared(Approval::deny(false));
    load_listed(&host_with(config).await, &minor).await.unwrap();
    assert!(asked.borrow().is_empty());

    // A new major version is someone else's code as far as consent goes.
    let major = plugin_with("notes", |m| m.version = "1.0.0".parse().unwrap()).await;
    let (config, asked) = shared(Approval::allow(true));
    let host = host_with(config).await;
    load_listed(&host, &major).await.unwrap();
    assert_eq!(asked.borrow().len(), 2);
    let reset = host.events().recent().into_iter().find_map(|e| match e.kind {
        EventKind::PermissionsReset { reason } => Some(reason),
        _ => None,
    });
    assert_eq!(reset.as_deref(), Some("major version 0 → 1"));

    // So is another publisher, with the same id and version: the same bytes
    // loaded from outside the catalog are an impostor, whatever they claim.
    let (config, asked) = shared(Approval::deny(false));
    let err = host_with(config).await.load_bytes(&major, "notes-impostor").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert_eq!(asked.borrow().len(), 2);
    assert!(asked.borrow()[0].publisher.starts_with("sha256:"), "{:?}", asked.borrow()[0]);

    // And the impostor's denial did not touch the real plugin's answers.
    let (config, asked) = shared(Approval::deny(false));
    load_listed(&host_with(config).await, &major).await.unwrap();
    assert!(asked.borrow().is_empty(), "{:?}", asked_permissions(&asked));
}

#[wasm_bindgen_test]
async fn a_request_is_pending_while_the_user_decides() {
    let (answer, answered) = futures::channel::oneshot::channel::<Approval>();
    let answered = Rc::new(RefCell::new(Some(answered)));
    let config = config().grant(Permission::StorageRead).approver(move |_request| {
        let receiver = answered.borrow_mut().take().expect("asked once");
        async move { receiver.await.unwrap_or_default() }
    });
    let host = host_with(config).await;
    let url = plugin_url("notes");
    let loading = host.load_url(&url);
    let watch = async {
        // Wait until the request is pending, then check nothing is loaded yet.
        loop {
            let pending = host.events().recent().into_iter().any(|e| {
                matches!(e.kind, EventKind::PermissionPending { ref permission }
                    if *permission == Permission::StorageWrite)
            });
            if pending {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(5).await;
        }
        assert!(host.plugins().is_empty(), "loaded before the user answered");
        answer.send(Approval::allow(false)).unwrap();
    };
    let (loaded, ()) = futures::join!(loading, watch);
    let plugin = loaded.unwrap();
    assert!(plugin.grants().contains(&Permission::StorageWrite));
}

#[wasm_bindgen_test]
async fn a_revocation_is_remembered_for_the_next_load() {
    let database = unique("annex-test-revoked");
    let shared = || {
        let mut config = config();
        config.permissions.database = Some(database.clone());
        config.permissions = config.permissions.by_default(Permission::SystemInfo);
        config
    };
    let host = host_with(shared()).await;
    let plugin = host.load_url(&plugin_url("sysinfo")).await.unwrap();
    assert_eq!(plugin.permissions()[0].rule, PolicyRule::Default);
    plugin.revoke(&Permission::SystemInfo).await.unwrap();
    assert_eq!(plugin.permissions()[0].state, PermissionState::Revoked);

    let host = host_with(shared()).await;
    let err = host.load_url(&plugin_url("sysinfo")).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert!(decisions(&host).contains(&(
        "system.info".into(),
        PermissionState::Revoked,
        PolicyRule::Default
    )));
}
