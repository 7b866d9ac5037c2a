//! The debug panel: what the host plans to load for this route and role,
//! with each reason, and what it leaves out and why.

use annex_leptos::use_plugin_host;
use annex_runtime::planner::{Action, Phase, Plan};
use leptos::prelude::*;

/// A collapsible panel at the bottom of every page.
#[component]
pub fn DebugPanel() -> impl IntoView {
    let host = use_plugin_host();
    // Re-plans whenever the visit (route, roles) or any plugin changes.
    let plan = move || {
        let visit = host.visit();
        host.track_changes();
        let host = host.host()?;
        Some((visit, host.plan(Phase::Idle).map_err(|e| e.to_string()), host.preloads().len()))
    };
    view! {
        <details class="debug" id="debug-panel">
            <summary>"Debug: load plan"</summary>
            {move || match plan() {
                None => view! { <p class="muted">"The plugin host is starting…"</p> }.into_any(),
                Some((_, Err(error), _)) => view! { <p class="error">{error}</p> }.into_any(),
                Some((visit, Ok(plan), running)) => {
                    let roles = visit.roles.join(", ");
                    view! {
                        <p class="muted">
                            "Route " <code>{visit.route}</code> ", roles " <code>{roles}</code>
                            ", " {running} " preload(s) under way."
                        </p>
                        <PlanTable plan />
                    }
                        .into_any()
                }
            }}
        </details>
    }
}

#[component]
fn PlanTable(plan: Plan) -> impl IntoView {
    let loads = plan
        .items
        .into_iter()
        .map(|item| {
            view! {
                <tr data-plugin=item.plugin.to_string() data-plan="load">
                    <td><code>{item.plugin.to_string()}</code></td>
                    <td>{action_name(item.action)}</td>
                    <td>{item.reason}</td>
                </tr>
            }
        })
        .collect_view();
    let skipped = plan
        .skipped
        .into_iter()
        .map(|(plugin, reason)| {
            view! {
                <tr data-plugin=plugin.to_string() data-plan="skip">
                    <td><code>{plugin.to_string()}</code></td>
                    <td>"not now"</td>
                    <td>{reason}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="plan">
                <thead>
                    <tr><th>"Plugin"</th><th>"Plan"</th><th>"Why"</th></tr>
                </thead>
                <tbody>{loads}{skipped}</tbody>
            </table>
        </div>
    }
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::Fetch => "fetch",
        Action::Compile => "compile",
        Action::Activate => "activate",
    }
}
