//! `<PermissionPrompt>`: asks the site visitor whether a plugin may have a
//! permission.

mod queue;

pub use queue::{prompt_approver, PromptApprover};

use std::cell::Cell;

use annex_runtime::permissions::{Approval, ApprovalRequest};
use annex_runtime::protocol::Permission;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog for the oldest permission request waiting in `approver`;
/// nothing while none waits.
///
/// It shows the plugin (name, id, version, publisher), the permission with a
/// plain description, and the plugin's reason, with Allow and Deny buttons and a
/// "Remember my choice" checkbox. It is an accessible dialog: `role="dialog"`,
/// `aria-modal="true"`, labelled by the plugin's name and described by the
/// request; focus moves to Deny (the safe choice) when it opens, Tab stays
/// inside it, Escape denies, and focus returns where it was once the queue
/// is empty.
///
/// ```no_run
/// use annex_leptos::{prompt_approver, PermissionPrompt};
/// use leptos::prelude::*;
///
/// use annex_runtime::{HostConfig, WorkerSource};
///
/// let prompt = prompt_approver();
/// let config = HostConfig::new(WorkerSource::from_base("/annex-worker")).approver(prompt.handler());
/// view! {
///     <annex_leptos::PluginHost config>
///         <PermissionPrompt approver=prompt />
///     </annex_leptos::PluginHost>
/// };
/// ```
#[component]
pub fn PermissionPrompt(
    /// The queue of requests (give its [`PromptApprover::handler`] to the host).
    approver: PromptApprover,
) -> AnyView {
    let approver = StoredValue::new(approver);
    let front = Memo::new(move |_| approver.with_value(PromptApprover::front));
    let remember = RwSignal::new(false);
    let ids = DialogIds::next();
    let answer = move |granted: bool| {
        let Some((ticket, _)) = front.get_untracked().0 else { return };
        let remembered = remember.get_untracked();
        let approval =
            if granted { Approval::allow(remembered) } else { Approval::deny(remembered) };
        remember.set(false);
        approver.with_value(|a| a.answer(ticket, approval));
    };
    let (first, deny, last) = (NodeRef::<html::Input>::new(), NodeRef::new(), NodeRef::new());
    manage_focus(front, deny);
    let on_keydown = move |event: web_sys::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            answer(false);
        }
        "Tab" => keep_tab_inside(&event, first, last),
        _ => {}
    };
    let request = move || front.with(|(f, _)| f.as_ref().map(|(_, r)| r.clone()));
    let field = move |f: fn(&ApprovalRequest) -> String| move || request().map(|r| f(&r));

    view! {
        <Show when=move || front.with(|(f, _)| f.is_some())>
            <div class="annex-prompt-backdrop">
                <div
                    class="annex-prompt"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=ids.title.clone()
                    aria-describedby=ids.description.clone()
                    on:keydown=on_keydown
                >
                    <h2 class="annex-prompt-plugin" id=ids.title.clone()>
                        {field(|r| r.plugin_name.clone())}
                    </h2>
                    <p class="annex-prompt-meta">
                        {field(|r| format!("{} {}", r.plugin, r.version))}
                    </p>
                    <p class="annex-prompt-publisher">
                        "Published by " {field(|r| r.publisher.clone())}
                    </p>
                    <div id=ids.description.clone()>
                        {move || request().and_then(|r| r.update_from.map(|from| view! {
                            <p class="annex-prompt-update" data-update-from=from.to_string()>
                                {format!(
                                    "An update from version {from} to {}: version {from}, running now, does not have this permission.",
                                    r.version
                                )}
                            </p>
                        }))}
                        <p class="annex-prompt-ask">
                            "asks for permission to "
                            {field(|r| describe_permission(&r.permission).to_owned())}
                            " ("
                            <code class="annex-prompt-permission">
                                {field(|r| r.permission.to_string())}
                            </code>
                            ")"
                        </p>
                        <p class="annex-prompt-reason">{field(|r| r.reason.clone())}</p>
                    </div>
                    <label class="annex-prompt-remember">
                        <input
                            type="checkbox"
                            node_ref=first
                            prop:checked=remember
                            on:change=move |e| remember.set(event_target_checked(&e))
                        />
                        " Remember my choice"
                    </label>
                    <div class="annex-prompt-actions">
                        <button
                            type="button"
                            class="annex-prompt-deny"
                            node_ref=deny
                            on:click=move |_| answer(false)
                        >
                            "Deny"
                        </button>
                        <button
                            type="button"
                            class="annex-prompt-allow"
                            node_ref=last
                            on:click=move |_| answer(true)
                        >
                            "Allow"
                        </button>
                    </div>
                    <Show when=move || front.with(|(_, n)| *n > 1)>
                        <p class="annex-prompt-count">
                            {move || format!("1 of {} requests", front.with(|(_, n)| *n))}
                        </p>
                    </Show>
                </div>
            </div>
        </Show>
    }
    .into_any()
}

/// Element ids unique to one dialog, for the aria references.
#[derive(Clone)]
struct DialogIds {
    title: String,
    description: String,
}

impl DialogIds {
    fn next() -> Self {
        thread_local!(static NEXT: Cell<u32> = const { Cell::new(0) });
        let n = NEXT.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        Self {
            title: format!("annex-prompt-{n}-title"),
            description: format!("annex-prompt-{n}-description"),
        }
    }
}

/// Moves focus to Deny whenever a new request shows, remembering where it
/// was; gives it back when the queue empties.
fn manage_focus(front: Memo<(Option<(u64, ApprovalRequest)>, usize)>, deny: NodeRef<html::Button>) {
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let ticket = front.with(|(f, _)| f.as_ref().map(|(t, _)| *t));
        let button = deny.get();
        match (ticket, button) {
            (Some(_), Some(button)) => {
                if before.with_value(Option::is_none) {
                    before.set_value(active_element());
                }
                let _ = button.focus();
            }
            (None, _) => {
                if let Some(element) = before.try_update_value(Option::take).flatten() {
                    let _ = element.focus();
                }
            }
            (Some(_), None) => {}
        }
    });
}

/// Tab from the last control goes to the first, Shift+Tab from the first to
/// the last: focus stays in the modal dialog.
fn keep_tab_inside(
    event: &web_sys::KeyboardEvent,
    first: NodeRef<html::Input>,
    last: NodeRef<html::Button>,
) {
    let (Some(first), Some(last)) = (first.get_untracked(), last.get_untracked()) else { return };
    let active = active_element();
    let (from, to): (web_sys::HtmlElement, web_sys::HtmlElement) = if event.shift_key() {
        (first.unchecked_into(), last.unchecked_into())
    } else {
        (last.unchecked_into(), first.unchecked_into())
    };
    if active.as_ref() == Some(&from) {
        event.prevent_default();
        let _ = to.focus();
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// What a permission lets a plugin do, in words for a site visitor.
pub fn describe_permission(permission: &Permission) -> &str {
    match permission {
        Permission::CanvasRead => "read the pixels this page hands it",
        Permission::CanvasWrite => "produce pixels this page draws",
        Permission::MetadataRead => "read this page's metadata",
        Permission::MetadataWrite => "change this page's metadata",
        Permission::StorageRead => "read what it saved in this browser",
        Permission::StorageWrite => "save data in this browser",
        Permission::NetworkRequest => "send requests to the sites this page allows",
        Permission::SystemInfo => "read facts about your browser (cores, language, user agent)",
        Permission::UserData => "receive data about you",
        other => other.as_str(),
    }
}
