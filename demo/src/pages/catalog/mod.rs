//! The catalog page: a marketplace of every plugin the site's catalog lists,
//! with a search box, a category filter, and activation.

mod entry;
mod listing;

use annex_leptos::{use_plugin_host, HostContext};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::use_tracker;
use entry::Entry;
use listing::Listing;

/// The catalog page.
#[component]
pub fn CatalogPage() -> impl IntoView {
    use_tracker().track("page_view", json!({ "page": "catalog" }));
    let context = use_plugin_host();
    let status = RwSignal::new(Status::Working("Reading the plugin catalog…".into()));
    let listings = RwSignal::new(Vec::<Listing>::new());
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());

    spawn_local(async move {
        match read_catalog(context).await {
            Ok(list) => {
                let text = format!(
                    "The catalog lists {} plugin(s). Activating one downloads its module \
                     (checked against the catalog's SHA-256) and starts it in its own worker.",
                    list.len()
                );
                listings.try_set(list);
                status.try_set(Status::Done(text));
            }
            Err(error) => {
                status.try_set(Status::Failed(error));
            }
        }
    });

    let categories = Memo::new(move |_| {
        let mut all: Vec<String> =
            listings.with(|l| l.iter().filter_map(|l| l.category.clone()).collect());
        all.sort();
        all.dedup();
        all
    });
    let shown = Memo::new(move |_| {
        let (query, category) = (query.get(), category.get());
        listings.with(|l| {
            l.iter().filter(|l| l.matches(&query, &category)).cloned().collect::<Vec<_>>()
        })
    });

    view! {
        <section class="panel">
            <h1>"Plugin catalog"</h1>
            <p class="lead">
                "Everything the site's catalog.json offers, read by the plugin host: each entry "
                "carries the plugin's manifest, the size and SHA-256 of its module. Activate one "
                "to start it (with its dependencies) in its own Web Worker."
            </p>
            <div class="catalog-filters">
                <label class="field">
                    "Search "
                    <input
                        id="catalog-search"
                        type="search"
                        placeholder="name, id, tag…"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    "Category "
                    <select
                        id="catalog-category"
                        on:change=move |ev| category.set(event_target_value(&ev))
                    >
                        <option value="">"All"</option>
                        {move || {
                            categories
                                .get()
                                .into_iter()
                                .map(|c| {
                                    let label = c.clone();
                                    view! { <option value=c>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <span id="catalog-count" class="muted" data-shown=move || shown.with(Vec::len)>
                    {move || {
                        format!("{} of {} plugins", shown.with(Vec::len), listings.with(Vec::len))
                    }}
                </span>
            </div>
            <StatusLine status />
            <ul class="catalog" id="catalog">
                <For each=move || shown.get() key=|l| format!("{}@{}", l.id, l.version) let:listing>
                    <Entry listing status />
                </For>
            </ul>
        </section>
    }
}

/// Every entry of the host's catalog, in catalog order.
async fn read_catalog(context: HostContext) -> Result<Vec<Listing>, String> {
    let host = context.await.map_err(|e| e.to_string())?;
    let catalog = host.catalog().ok_or("the site has no plugin catalog")?;
    Ok(catalog.plugins.iter().map(Listing::new).collect())
}
