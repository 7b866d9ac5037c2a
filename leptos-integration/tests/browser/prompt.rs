//! `<PermissionPrompt>`: an accessible dialog answering the runtime's
//! approval requests; the answers decide what plugins really get.

use std::cell::RefCell;
use std::rc::Rc;

use annex_leptos::{prompt_approver, PermissionPrompt, PluginHost, PromptApprover};
use annex_runtime::permissions::PermissionState;
use annex_runtime::protocol::Permission;
use annex_runtime::{EventKind, Plugin, PluginHost as Host};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    config, document, mount, plugin_url, running_host, tick, wait_for, Capture, Captured, Mounted,
};

/// A page with a button, a host whose approver is `prompt`, and the prompt.
async fn prompt_page(prompt: PromptApprover) -> (Mounted, Host) {
    let captured = Captured::default();
    let to = captured.clone();
    let config = config().approver(prompt.handler());
    let page = mount(move || {
        view! {
            <button class="opener">"Open"</button>
            <PluginHost config>
                <Capture to />
                <PermissionPrompt approver=prompt />
            </PluginHost>
        }
    });
    let host = running_host(&captured).await;
    (page, host)
}

/// Starts loading a plugin; the outcome lands in the returned slot.
fn load(host: &Host, name: &str) -> Rc<RefCell<Option<annex_runtime::Result<Plugin>>>> {
    let slot = Rc::new(RefCell::new(None));
    let (out, host, url) = (slot.clone(), host.clone(), plugin_url(name));
    wasm_bindgen_futures::spawn_local(async move {
        *out.borrow_mut() = Some(host.load_url(&url).await);
    });
    slot
}

fn focused_class() -> String {
    document().active_element().map(|e| e.class_name()).unwrap_or_default()
}

fn element(page: &Mounted, selector: &str) -> web_sys::HtmlElement {
    page.find(selector).unwrap().unchecked_into()
}

/// Dispatches a cancelable keydown on the focused element; whether it was
/// prevented.
fn press(key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().active_element().unwrap().dispatch_event(&event).unwrap();
    event.default_prevented()
}

fn asking_for(page: &Mounted) -> String {
    page.text(".annex-prompt-permission")
}

#[wasm_bindgen_test]
async fn allow_grants_and_remember_is_kept_for_the_next_load() {
    let (page, host) = prompt_page(prompt_approver()).await;
    tick().await;
    assert!(page.find("[role=dialog]").is_none(), "nothing to ask yet");
    let loaded = load(&host, "notes");

    wait_for("the first request", || asking_for(&page) == "storage.read").await;
    let dialog = page.find("[role=dialog]").unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = document().get_element_by_id(&title_id).expect("the label exists");
    assert_eq!(title.text_content().unwrap(), "Notes", "labelled by the plugin's name");
    let described = dialog.get_attribute("aria-describedby").unwrap();
    let description = document().get_element_by_id(&described).unwrap().text_content().unwrap();
    assert_eq!(
        description,
        "asks for permission to read what it saved in this browser (storage.read)Reads the notes you saved."
    );
    assert!(page.text(".annex-prompt-meta").starts_with("dev.annex.notes "));
    assert!(page.text(".annex-prompt-publisher").starts_with("Published by "));
    tick().await;
    assert_eq!(focused_class(), "annex-prompt-deny", "focus moved into the dialog, on Deny");

    // Allow, remembered.
    page.click(".annex-prompt-remember input");
    page.click(".annex-prompt-allow");
    wait_for("the second request", || asking_for(&page) == "storage.write").await;
    let remember = element(&page, ".annex-prompt-remember input");
    assert!(!remember.unchecked_into::<web_sys::HtmlInputElement>().checked(), "unticked again");
    // Allow, not remembered.
    page.click(".annex-prompt-allow");
    wait_for("the load", || loaded.borrow().is_some()).await;
    let notes = loaded.borrow_mut().take().unwrap().expect("notes loads with both granted");
    let states: Vec<_> =
        notes.permissions().iter().map(|p| (p.permission.clone(), p.state)).collect();
    assert_eq!(
        states,
        [
            (Permission::StorageRead, PermissionState::Granted),
            (Permission::StorageWrite, PermissionState::Granted)
        ]
    );
    let storage = notes.storage().unwrap();
    storage.set("prompt-test", b"granted").await.unwrap();
    assert_eq!(storage.get("prompt-test").await.unwrap().as_deref(), Some(&b"granted"[..]));
    wait_for("the dialog to close", || page.find("[role=dialog]").is_none()).await;

    // Loaded again: the remembered "allow" for storage.read is not asked
    // again; storage.write (not remembered) is, and Deny refuses it.
    notes.unload().await.unwrap();
    let again = load(&host, "notes");
    wait_for("the only request", || page.find("[role=dialog]").is_some()).await;
    assert_eq!(asking_for(&page), "storage.write");
    page.click(".annex-prompt-deny");
    wait_for("the second load", || again.borrow().is_some()).await;
    let error = again.borrow_mut().take().unwrap().unwrap_err().to_string();
    assert!(error.contains("storage.write"), "refused for the denied permission: {error}");
}

#[wasm_bindgen_test]
async fn escape_denies_requests_queue_and_focus_comes_back() {
    let (page, host) = prompt_page(prompt_approver()).await;
    element(&page, ".opener").focus().unwrap();
    let notes = load(&host, "notes");
    let other = load(&host, "storage-b");
    wait_for("two waiting requests", || page.text(".annex-prompt-count") == "1 of 2 requests")
        .await;
    tick().await;
    assert_eq!(focused_class(), "annex-prompt-deny");

    // Tab from the last control wraps to the first: focus stays in the dialog.
    element(&page, ".annex-prompt-allow").focus().unwrap();
    assert!(press("Tab"));
    assert_eq!(document().active_element().unwrap().tag_name(), "INPUT", "on the checkbox");
    assert!(!press("Tab"), "Tab inside the dialog moves as usual");

    let first = page.text(".annex-prompt-plugin");
    let first_id = page.text(".annex-prompt-meta").split(' ').next().unwrap().to_owned();
    assert!(press("Escape"), "Escape is handled");
    // Everything else is refused with the button.
    while !(notes.borrow().is_some() && other.borrow().is_some()) {
        if page.find(".annex-prompt-deny").is_some() {
            page.click(".annex-prompt-deny");
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    let decided = host.events().recent().into_iter().find_map(|e| match e.kind {
        EventKind::PermissionDecided { permission: Permission::StorageRead, state, .. }
            if e.plugin.as_ref().map(ToString::to_string) == Some(first_id.clone()) =>
        {
            Some(state)
        }
        _ => None,
    });
    assert_eq!(decided, Some(PermissionState::Denied), "Escape denied {first}'s storage.read");
    for outcome in [&notes, &other] {
        let outcome = outcome.borrow();
        let error = outcome.as_ref().unwrap().as_ref().unwrap_err();
        assert_eq!(error.code(), annex_runtime::protocol::ErrorCode::PermissionDenied, "{error}");
        assert!(error.to_string().contains("`storage."), "{error}");
    }
    wait_for("the dialog to close", || page.find("[role=dialog]").is_none()).await;
    tick().await;
    assert_eq!(focused_class(), "opener", "focus is back where it was");
}

#[wasm_bindgen_test]
async fn an_update_asking_for_more_says_so_and_deny_keeps_the_running_version() {
    let (page, host) = prompt_page(prompt_approver()).await;
    let id: annex_runtime::protocol::PluginId = "dev.annex.test.custom-calls".parse().unwrap();
    let catalog = |v: u32| format!("/tests/fixtures/updates/v{v}/catalog.json");
    host.set_catalog(annex_runtime::catalog::load_catalog(&catalog(1)).await.unwrap());
    let plugin = host.activate(&id).await.unwrap();
    tick().await;
    assert!(page.find("[role=dialog]").is_none(), "0.1.0 asks for nothing");

    let result = Rc::new(RefCell::new(None));
    let (out, updating) = (result.clone(), host.clone());
    wasm_bindgen_futures::spawn_local(async move {
        *out.borrow_mut() = Some(updating.refresh_catalog(&catalog(3)).await);
    });
    wait_for("the update's request", || asking_for(&page) == "system.info").await;
    assert_eq!(
        page.text(".annex-prompt-update"),
        "An update from version 0.1.0 to 0.3.0: version 0.1.0, running now, does not have this permission."
    );
    page.click(".annex-prompt-deny");
    wait_for("the update's end", || result.borrow().is_some()).await;
    let updates = result.borrow_mut().take().unwrap().unwrap();
    assert!(updates[0].error().is_some(), "denied: refused");
    assert_eq!(plugin.version().to_string(), "0.1.0");
    let answer = plugin.custom("test.counter").unwrap().call("version", b"").await.unwrap();
    assert_eq!(answer, b"0.1.0", "the running version still answers");
}
