//! Notes kept by the notes plugin: it stores them in its own namespace of
//! the runtime's IndexedDB database, so they survive a reload.

mod store;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::PluginId;
use annex_runtime::StorageApi;
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use self::store::Note;
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::{use_tracker, Tracker};

/// The plugin that keeps the notes.
const NOTES_PLUGIN: &str = "dev.annex.notes";

/// What the page's actions share.
#[derive(Clone, Copy)]
struct Page {
    context: HostContext,
    tracker: Tracker,
    notes: RwSignal<Option<Vec<Note>>>,
    status: RwSignal<Status>,
    busy: RwSignal<bool>,
}

/// The notes page.
#[component]
pub fn NotesPage() -> impl IntoView {
    let page = Page {
        context: use_plugin_host(),
        tracker: use_tracker(),
        notes: RwSignal::new(None),
        status: RwSignal::new(Status::Working("Starting the notes plugin…".into())),
        busy: RwSignal::new(false),
    };
    page.tracker.track("page_view", json!({ "page": "notes" }));
    page.run(None);
    let text = NodeRef::<Textarea>::new();
    let add = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Some(field) = text.get_untracked() else { return };
        let note = field.value().trim().to_owned();
        if note.is_empty() {
            page.status.set(Status::Failed("Write something first: the note is empty.".into()));
            return;
        }
        page.run(Some(Change::Add(note)));
        field.set_value("");
    };

    view! {
        <section class="panel">
            <h1>"Notes"</h1>
            <p class="lead">
                "The notes plugin keeps these notes in its own namespace of the runtime's "
                "IndexedDB database, from its worker: no other plugin can read them, and they are "
                "still here after a reload."
            </p>
            <form id="note-form" class="note-form" on:submit=add>
                <label for="note-text">"New note"</label>
                <textarea id="note-text" node_ref=text rows="3" maxlength="4096"></textarea>
                <button id="add-note" class="choice" type="submit" disabled=page.busy>
                    "Add note"
                </button>
            </form>
            {move || match page.notes.get() {
                None => ().into_any(),
                Some(notes) if notes.is_empty() => {
                    view! { <p id="notes-empty" class="muted">"No notes yet."</p> }.into_any()
                }
                Some(notes) => view! {
                    <ul id="notes" class="notes">
                        {notes.into_iter().map(|note| note_item(page, note)).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <StatusLine status=page.status />
        </section>
    }
}

fn note_item(page: Page, note: Note) -> impl IntoView {
    let when = note
        .created_ms()
        .map(|ms| {
            String::from(js_sys::Date::new(&ms.into()).to_locale_string("en-GB", &"{}".into()))
        })
        .unwrap_or_default();
    let key = note.key.clone();
    view! {
        <li class="note" data-key=note.key>
            <p class="note-text">{note.text}</p>
            <div class="note-meta">
                <span class="muted">{when}</span>
                <button
                    class="delete"
                    type="button"
                    disabled=page.busy
                    on:click=move |_| page.run(Some(Change::Delete(key.clone())))
                >
                    "Delete"
                </button>
            </div>
        </li>
    }
}

/// What the visitor asked for.
enum Change {
    Add(String),
    Delete(String),
}

impl Page {
    /// Applies `change` (if any) through the plugin, then lists the notes again.
    fn run(self, change: Option<Change>) {
        self.busy.set(true);
        self.status.set(Status::Working(match &change {
            None => "Reading the notes…".into(),
            Some(Change::Add(_)) => "Saving the note…".into(),
            Some(Change::Delete(_)) => "Deleting the note…".into(),
        }));
        spawn_local(async move {
            let result = self.apply(change).await;
            self.busy.set(false);
            match result {
                Ok((notes, done)) => {
                    let count = match notes.len() {
                        1 => "1 note".to_owned(),
                        n => format!("{n} notes"),
                    };
                    self.status
                        .set(Status::Done(format!("{done}{count} stored by {NOTES_PLUGIN}.")));
                    self.notes.set(Some(notes));
                }
                Err(error) => self.status.set(Status::Failed(failure(&error))),
            }
        });
    }

    async fn apply(self, change: Option<Change>) -> annex_runtime::Result<(Vec<Note>, String)> {
        let api = self.api().await?;
        let done = match change {
            None => String::new(),
            Some(Change::Add(text)) => {
                store::add(&api, &text).await?;
                self.tracker.track("note_added", json!({ "chars": text.chars().count() }));
                "Saved. ".to_owned()
            }
            Some(Change::Delete(key)) => {
                store::delete(&api, &key).await?;
                self.tracker.track("note_deleted", json!({}));
                "Deleted. ".to_owned()
            }
        };
        Ok((store::all(&api).await?, done))
    }

    async fn api(self) -> annex_runtime::Result<StorageApi> {
        let host = self.context.await?;
        let id: PluginId = NOTES_PLUGIN
            .parse()
            .map_err(|e| annex_runtime::Error::InvalidInput(format!("{NOTES_PLUGIN}: {e}")))?;
        host.running(&id).await?.storage()
    }
}

/// An error as the page shows it, naming the plugin.
fn failure(error: &annex_runtime::Error) -> String {
    let text = error.to_string();
    if text.contains(NOTES_PLUGIN) {
        text
    } else {
        format!("Notes plugin ({NOTES_PLUGIN}): {text}")
    }
}
