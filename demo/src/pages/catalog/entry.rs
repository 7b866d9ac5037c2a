//! One plugin of the catalog: what it is, what it asks for, and a button to
//! activate it with the status that came of it.

use annex_leptos::use_plugin_host;
use annex_runtime::StatusKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use super::listing::Listing;
use crate::shell::status_line::Status;
use crate::shell::track::use_tracker;

/// A card for one catalog entry. `status` is the page's status line.
#[component]
pub fn Entry(listing: Listing, status: RwSignal<Status>) -> impl IntoView {
    let context = use_plugin_host();
    let tracker = use_tracker();
    let id = StoredValue::new(listing.id.clone());
    let plugin_status =
        Memo::new(move |_| id.with_value(|id| context.plugin(id)).map(|p| p.status()));
    let kind = move || plugin_status.get().map_or(StatusKind::Unloaded, |s| s.kind());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let name = listing.name.clone();
    let activate = move |_| {
        let (id, name) = (id.get_value(), name.clone());
        busy.set(true);
        error.set(None);
        status.set(Status::Working(format!("Activating {name} ({id}) from the catalog…")));
        tracker.track("catalog_activate", json!({ "plugin": id.to_string() }));
        spawn_local(async move {
            let outcome = async {
                let host = context.await.map_err(|e| e.to_string())?;
                let plugin = host.activate(&id).await.map_err(|e| e.to_string())?;
                Ok(format!(
                    "{name} {} ({id}) is {} in its own worker.",
                    plugin.manifest().version,
                    plugin.status().kind().as_str()
                ))
            };
            let outcome = outcome.await;
            error.try_set(outcome.as_ref().err().cloned());
            status.try_set(Status::from_result(outcome));
            busy.try_set(false);
        });
    };
    let status_text = move || match plugin_status.get() {
        None => "not loaded".to_owned(),
        Some(s) => match s.error() {
            Some(e) => format!("{}: {e}", s.kind().as_str()),
            None => s.kind().as_str().to_owned(),
        },
    };
    let tags =
        listing.tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view();
    let permissions = if listing.permissions.is_empty() {
        view! { <li class="muted">"No permissions"</li> }.into_any()
    } else {
        listing
            .permissions
            .iter()
            .map(|(p, reason)| {
                view! {
                    <li data-permission=p.clone()><code>{p.clone()}</code>" "{reason.clone()}</li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <li class="catalog-entry" data-plugin=listing.id.to_string() data-status=move || kind().as_str()>
            <div class="entry-head">
                <strong class="entry-name">{listing.name.clone()}</strong>
                <span class="entry-version">{listing.version.clone()}</span>
                <span class="entry-category">{listing.category.clone().unwrap_or_default()}</span>
            </div>
            <p class="entry-id"><code>{listing.id.to_string()}</code></p>
            <p class="entry-description">{listing.description.clone().unwrap_or_default()}</p>
            <ul class="entry-tags">{tags}</ul>
            <ul class="entry-permissions">{permissions}</ul>
            <p class="entry-size" data-bytes=listing.size>{listing.size_text()}</p>
            <div class="entry-actions">
                <button
                    class="choice activate"
                    disabled=move || busy.get() || kind() == StatusKind::Active
                    on:click=activate
                >
                    "Activate"
                </button>
                <span class="entry-status" data-status=move || kind().as_str()>{status_text}</span>
            </div>
            {move || error.get().map(|e| view! { <p class="entry-error error">{e}</p> })}
        </li>
    }
}
