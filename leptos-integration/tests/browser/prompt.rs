//! `<PermissionPrompt>`: an accessible dialog whose buttons answer the
//! approver's requests.

use std::cell::RefCell;
use std::rc::Rc;

use annex_leptos::{prompt_approver, Approval, ApprovalRequest, PermissionPrompt};
use annex_runtime::protocol::Permission;
use futures::FutureExt;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{document, mount, tick, wait_for, Mounted};

fn request(name: &str, permission: Permission, reason: &str) -> ApprovalRequest {
    ApprovalRequest {
        plugin: format!("dev.annex.test.{}", name.to_lowercase()).parse().unwrap(),
        plugin_name: name.into(),
        version: semver::Version::new(1, 2, 3),
        permission,
        reason: reason.into(),
    }
}

/// Starts a future and keeps its output for the test to look at.
fn spawn<T: 'static>(
    future: impl std::future::Future<Output = T> + 'static,
) -> Rc<RefCell<Option<T>>> {
    let slot = Rc::new(RefCell::new(None));
    let out = slot.clone();
    wasm_bindgen_futures::spawn_local(async move {
        *out.borrow_mut() = Some(future.await);
    });
    slot
}

fn focused_class() -> String {
    document().active_element().map(|e| e.class_name()).unwrap_or_default()
}

fn press(page: &Mounted, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target = document().active_element().unwrap_or_else(|| page.find("[role=dialog]").unwrap());
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn allow_with_remember_resolves_the_approval_granted_and_remembered() {
    let prompt = prompt_approver();
    let approver = prompt.clone();
    let page = mount(move || view! { <PermissionPrompt approver /> });
    tick().await;
    assert!(page.find("[role=dialog]").is_none(), "nothing to ask yet");

    // What the host calls: the function handed to HostConfig::approver.
    let handler = prompt.handler();
    let answer = spawn(handler(request(
        "Notes",
        Permission::StorageWrite,
        "Saves your notes so they survive a reload.",
    )));
    wait_for("the dialog", || page.find("[role=dialog]").is_some()).await;
    let dialog = page.find("[role=dialog]").unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = document().get_element_by_id(&title_id).expect("the label exists");
    assert_eq!(title.text_content().unwrap(), "Notes", "labelled by the plugin's name");
    let described = dialog.get_attribute("aria-describedby").unwrap();
    let description = document().get_element_by_id(&described).unwrap().text_content().unwrap();
    assert_eq!(
        description,
        "asks for permission to save data in this browser (storage.write)Saves your notes so they survive a reload."
    );
    assert_eq!(page.text(".annex-prompt-meta"), "dev.annex.test.notes 1.2.3");
    tick().await;
    assert_eq!(focused_class(), "annex-prompt-deny", "focus moved into the dialog, on Deny");

    page.click(".annex-prompt-remember input");
    assert!(page
        .find(".annex-prompt-remember input")
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    page.click(".annex-prompt-allow");
    wait_for("the answer", || answer.borrow().is_some()).await;
    assert_eq!(*answer.borrow(), Some(Approval { granted: true, remember: true }));
    wait_for("the dialog to close", || page.find("[role=dialog]").is_none()).await;
    assert!(prompt.waiting().is_empty());
}

#[wasm_bindgen_test]
async fn escape_denies_the_queue_moves_on_and_focus_comes_back() {
    let prompt = prompt_approver();
    let approver = prompt.clone();
    let page = mount(move || {
        view! {
            <button class="opener">"Open"</button>
            <PermissionPrompt approver />
        }
    });
    tick().await;
    page.find(".opener").unwrap().unchecked_into::<web_sys::HtmlElement>().focus().unwrap();
    let first =
        spawn(prompt.request(request("Notes", Permission::StorageRead, "Reads your notes.")));
    let second =
        spawn(prompt.request(request("Fetcher", Permission::NetworkRequest, "Gets the weather.")));
    wait_for("the dialog", || page.find("[role=dialog]").is_some()).await;
    assert_eq!(page.text(".annex-prompt-plugin"), "Notes", "oldest first");
    assert_eq!(page.text(".annex-prompt-count"), "1 of 2 requests");
    tick().await;

    // Tab from the last control wraps to the first: focus stays in the dialog.
    page.find(".annex-prompt-allow")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let tab = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().active_element().unwrap().dispatch_event(&tab).unwrap();
    assert!(tab.default_prevented());
    assert_eq!(document().active_element().unwrap().tag_name(), "INPUT", "on the checkbox");

    press(&page, "Escape");
    wait_for("the first answer", || first.borrow().is_some()).await;
    assert_eq!(*first.borrow(), Some(Approval { granted: false, remember: false }));
    wait_for("the next request", || page.text(".annex-prompt-plugin") == "Fetcher").await;
    assert!(page.find(".annex-prompt-count").is_none(), "one left");
    assert_eq!(page.text(".annex-prompt-permission"), "network.request");
    assert!(second.borrow().is_none(), "still waiting for the visitor");

    page.click(".annex-prompt-deny");
    wait_for("the second answer", || second.borrow().is_some()).await;
    assert_eq!(*second.borrow(), Some(Approval { granted: false, remember: false }));
    wait_for("the dialog to close", || page.find("[role=dialog]").is_none()).await;
    tick().await;
    assert_eq!(focused_class(), "opener", "focus is back where it was");
}

#[wasm_bindgen_test]
async fn a_dropped_approver_denies_what_it_never_asked() {
    let prompt = prompt_approver();
    let pending = prompt.request(request("Notes", Permission::StorageRead, "Reads your notes."));
    drop(prompt);
    let answer = pending.now_or_never();
    assert_eq!(answer, Some(Approval { granted: false, remember: false }));
}
