//! `<PluginSlot>`: what plugins contribute to a named place on the page.

mod collect;

pub use collect::{SlotItems, MAX_REFUSALS_LISTED};

use annex_runtime::protocol::api::slot::{SlotContribution, SlotData};
use annex_runtime::protocol::manifest::HookName;
use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, PluginHost, Result, StatusKind};
use leptos::prelude::*;

use crate::context::{use_plugin_host, HostContext};

/// Shows what plugins contribute to the hook point `hook` (`custom:<name>`;
/// a bare `<name>` gets the prefix), in the order of their hook priority.
///
/// The slot declares the hook point if the host does not have it, then runs
/// it with [`SlotData`]: the slot name, `context` (whatever the page wants
/// plugins to know about the place) and an empty `contributions` list. Each
/// active plugin subscribed to the hook, whose hook condition matches the
/// current route and roles, appends [`SlotContribution`]s: a title, text, a
/// link, a badge. They are shown as text, never as HTML; links must be
/// `http(s)` URLs or site paths. Items that are malformed, break the limits
/// or claim a plugin that did not contribute are left out and logged with
/// the plugin and the cause (see [`SlotItems`]).
///
/// The slot runs again when the context changes, when the route or roles
/// change, and when a subscribed plugin starts or stops. While a run is under
/// way the previous items stay (a `<Transition>`); before the first,
/// `fallback` shows.
///
/// Markup, for styling:
/// `<div class="annex-slot" data-slot="custom:…">` holding a
/// `<ul class="annex-slot-items">` of `<li class="annex-slot-item" data-plugin="…">`
/// with `.annex-slot-title`, `.annex-slot-badge`, `.annex-slot-text` and
/// `a.annex-slot-link`. `data-refused` on the slot counts refused items.
#[component]
pub fn PluginSlot(
    /// The hook point: `custom:<name>`, or `<name>`.
    #[prop(into)]
    hook: String,
    /// What the page tells the plugins about this place. Default: `null`.
    #[prop(optional, into)]
    context: Option<Signal<serde_json::Value>>,
    /// Shown until the first run ends. Default: nothing.
    #[prop(optional, into)]
    fallback: ViewFnOnce,
) -> AnyView {
    let host_context = use_plugin_host();
    let context = context.unwrap_or_default();
    let name = if hook.starts_with("custom:") { hook } else { format!("custom:{hook}") };
    let hook = name.parse::<HookName>().map_err(|e| Error::InvalidInput(e.to_string()));
    let handlers = {
        let hook = hook.clone();
        Memo::new(move |_| match &hook {
            Ok(hook) => subscribers(host_context, hook),
            Err(_) => Vec::new(),
        })
    };
    let items = LocalResource::new(move || {
        let (hook, data) = (hook.clone(), context.get());
        // Read, not just tracked: a memo nobody reads stays stale.
        let _handlers = handlers.get();
        host_context.visit.track();
        async move { run_slot(host_context, hook?, data).await }
    });
    let refused = move || {
        items.get().and_then(Result::ok).map(|items| items.refused_count).unwrap_or_default()
    };
    view! {
        <div class="annex-slot" data-slot=name data-refused=refused>
            <Transition fallback=fallback>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(items) => render(items.items).into_any(),
                        Err(error) => {
                            leptos::logging::warn!("annex: {error}");
                            ().into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
    .into_any()
}

/// The active plugins subscribed to `hook` (tracked).
fn subscribers(context: HostContext, hook: &HookName) -> Vec<PluginId> {
    context.track_changes();
    let Some(host) = context.host() else { return Vec::new() };
    host.plugins()
        .into_iter()
        .filter(|p| p.status().kind() == StatusKind::Active)
        .filter(|p| p.manifest().hooks.iter().any(|s| &s.hook == hook))
        .map(|p| p.id().clone())
        .collect()
}

/// Runs the slot's hook and collects the items to show.
async fn run_slot(
    context: HostContext,
    hook: HookName,
    slot_context: serde_json::Value,
) -> Result<SlotItems> {
    let host: PluginHost = context.await?;
    if !host.hook_points().iter().any(|p| p.name == hook) {
        host.declare_hook(hook.clone(), false);
    }
    let data =
        SlotData { slot: hook.to_string(), context: slot_context, contributions: Vec::new() };
    let data = serde_json::to_value(data).map_err(|e| Error::InvalidInput(e.to_string()))?;
    let run = host.run_hook(&hook, data).await?;
    let items = collect::collect(hook.as_str(), &run);
    for reason in &items.refused {
        leptos::logging::warn!("annex: {reason}");
    }
    Ok(items)
}

fn render(items: Vec<SlotContribution>) -> impl IntoView {
    let rows = items.into_iter().map(|item| {
        let link = item.link.map(|link| {
            view! { <a class="annex-slot-link" href=link.href>{link.label}</a> }
        });
        view! {
            <li class="annex-slot-item" data-plugin=item.plugin.to_string()>
                {item.title.map(|t| view! { <strong class="annex-slot-title">{t}</strong> })}
                {item.badge.map(|b| view! { <span class="annex-slot-badge">{b}</span> })}
                {item.text.map(|t| view! { <p class="annex-slot-text">{t}</p> })}
                {link}
            </li>
        }
    });
    view! { <ul class="annex-slot-items">{rows.collect_view()}</ul> }
}
