//! One plugin in the manager: status, metrics, permissions, actions.

use annex_runtime::permissions::{PermissionState, PermissionStatus};
use annex_runtime::protocol::{Permission, PluginId};
use annex_runtime::{Plugin, PluginStatus, Result, StatusKind};
use leptos::prelude::*;

use super::format;
use crate::context::use_plugin_host;

/// What a button asks of the runtime.
#[derive(Debug, Clone)]
enum Action {
    Enable,
    Disable,
    Unload,
    Revoke(Permission),
    Grant(Permission),
    Rollback,
}

impl Action {
    async fn run(self, plugin: Plugin) -> Result<()> {
        match self {
            Self::Enable => plugin.enable().await,
            Self::Disable => plugin.disable().await,
            Self::Unload => plugin.unload().await,
            Self::Revoke(permission) => plugin.revoke(&permission).await,
            Self::Grant(permission) => plugin.grant(&permission).await,
            Self::Rollback => plugin.rollback().await.map(drop),
        }
    }
}

/// One row of the manager.
#[component]
pub(super) fn PluginRow(id: PluginId, tick: RwSignal<u64>) -> AnyView {
    let context = use_plugin_host();
    let id = StoredValue::new(id);
    let info = Memo::new(move |_| {
        let plugin = id.with_value(|id| context.plugin(id));
        plugin.map(|p| {
            let manifest = p.manifest();
            RowInfo {
                name: manifest.name.clone(),
                version: manifest.version.to_string(),
                previous: p.previous_version().map(|v| v.to_string()),
                status: p.status(),
                permissions: p.permissions(),
            }
        })
    });
    let busy = RwSignal::new(false);
    let action_error = RwSignal::new(None::<String>);
    let act = move |action: Action| {
        let Some(plugin) = id.with_value(|id| context.host_untracked().and_then(|h| h.plugin(id)))
        else {
            return;
        };
        busy.set(true);
        action_error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = action.run(plugin).await;
            busy.try_set(false);
            action_error.try_set(outcome.err().map(|e| e.to_string()));
        });
    };
    let status =
        move || info.with(|i| i.as_ref().map_or(StatusKind::Unloaded, |i| i.status.kind()));
    let name = move || info.with(|i| i.as_ref().map(|i| i.name.clone()).unwrap_or_default());
    let error =
        move || info.with(|i| i.as_ref().and_then(|i| i.status.error().map(ToString::to_string)));
    let metrics = move || {
        tick.track();
        id.with_value(|id| context.metrics(id)).unwrap_or_default()
    };
    let counts = move || id.with_value(|id| context.event_counts(id));
    let button = move |action: Action, label: &'static str, allowed: fn(StatusKind) -> bool| {
        let key = label.to_lowercase();
        let aria = move || format!("{label} {}", name());
        view! {
            <button
                type="button"
                data-action=key
                aria-label=aria
                disabled=move || busy.get() || !allowed(status())
                on:click=move |_| act(action.clone())
            >
                {label}
            </button>
        }
    };
    let permission_rows = move || {
        let list = info.with(|i| i.as_ref().map(|i| i.permissions.clone()).unwrap_or_default());
        list.into_iter().map(|p| permission_row(p, busy, act)).collect_view()
    };

    view! {
        <li
            class="annex-manager-plugin"
            data-plugin=id.get_value().to_string()
            data-status=move || status().as_str()
        >
            <div class="annex-manager-head">
                <strong class="annex-manager-name">{name}</strong>
                " "
                <span class="annex-manager-version">
                    {move || info.with(|i| i.as_ref().map(|i| i.version.clone()))}
                </span>
                " "
                <span class="annex-manager-status">{move || status().as_str()}</span>
            </div>
            {move || info.with(|i| i.as_ref().and_then(|i| i.previous.clone())).map(|previous| {
                let label = format!("Roll back to {previous}");
                let (attribute, aria) = (previous.clone(), label.clone());
                view! {
                    <p class="annex-manager-updated" data-previous=attribute>
                        "Updated from " {previous} " "
                        <button
                            type="button"
                            data-action="rollback"
                            aria-label=aria
                            disabled=move || busy.get()
                            on:click=move |_| act(Action::Rollback)
                        >
                            {label}
                        </button>
                    </p>
                }
            })}
            <p class="annex-manager-id">{id.get_value().to_string()}</p>
            {move || error().map(|e| view! { <p class="annex-manager-error">{e}</p> })}
            <dl class="annex-manager-metrics">
                <dt>"Load"</dt>
                <dd data-metric="load">{move || format::millis(metrics().load_ms)}</dd>
                <dt>"Calls"</dt>
                <dd data-metric="calls">{move || format::calls(&metrics())}</dd>
                <dt>"Memory"</dt>
                <dd data-metric="memory">{move || format::memory(&metrics())}</dd>
                <dt>"Storage"</dt>
                <dd data-metric="storage">{move || format::storage(&metrics())}</dd>
                <dt>"Network requests"</dt>
                <dd data-metric="network">{move || metrics().network_requests}</dd>
                <dt>"Restarts"</dt>
                <dd data-metric="restarts">{move || metrics().restarts}</dd>
                <dt>"Crashes"</dt>
                <dd data-metric="crashes">{move || counts().crashes}</dd>
                <dt>"Module cache"</dt>
                <dd data-metric="cache">{move || format::cache(&counts())}</dd>
            </dl>
            <ul class="annex-manager-permissions">{permission_rows}</ul>
            <div class="annex-manager-actions">
                {button(Action::Enable, "Enable", |s| s == StatusKind::Disabled)}
                {button(Action::Disable, "Disable", |s| matches!(s, StatusKind::Active | StatusKind::Error))}
                {button(Action::Unload, "Unload", |s| !matches!(s, StatusKind::Unloading | StatusKind::Unloaded))}
            </div>
            <p class="annex-manager-action-error" role="alert">{move || action_error.get()}</p>
        </li>
    }
    .into_any()
}

/// What a row shows that changes with the plugin.
#[derive(Debug, Clone, PartialEq)]
struct RowInfo {
    name: String,
    version: String,
    /// The version its last update replaced (it can roll back to it).
    previous: Option<String>,
    status: PluginStatus,
    permissions: Vec<PermissionStatus>,
}

fn permission_row(
    status: PermissionStatus,
    busy: RwSignal<bool>,
    act: impl Fn(Action) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (permission, reason, state) = (status.permission, status.reason, status.state);
    let (label, action) = match state {
        PermissionState::Granted => ("Revoke", Action::Revoke(permission.clone())),
        _ => ("Grant", Action::Grant(permission.clone())),
    };
    let state = crate::events::permission_state(state);
    let aria = format!("{label} {permission}");
    view! {
        <li data-permission=permission.to_string() data-state=state>
            <code>{permission.to_string()}</code>
            " "
            <span class="annex-manager-permission-state">{state}</span>
            " "
            <span class="annex-manager-permission-reason">{reason}</span>
            " "
            <button
                type="button"
                aria-label=aria
                disabled=move || busy.get()
                on:click=move |_| act(action.clone())
            >
                {label}
            </button>
        </li>
    }
}
