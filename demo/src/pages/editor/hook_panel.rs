//! The hook-chain panel: who is subscribed to the filter hooks, and what
//! each of them did during the last apply (continue, modify, stop, error or
//! skipped), in the order the host ran them, with timings.

use annex_runtime::hooks::{HookStep, StepOutcome};
use annex_runtime::PluginHost;
use leptos::prelude::*;

use super::choice::Subscriber;

/// One hook point's run during an apply, from the host's `HookRan` event.
#[derive(Clone, Debug, PartialEq)]
pub struct HookRunView {
    /// The hook point.
    pub hook: String,
    /// One step per subscribed plugin, in the order the host considered them.
    pub steps: Vec<StepView>,
}

/// What one plugin did in a hook run.
#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    /// The plugin's id.
    pub plugin: String,
    /// Its name (the id when the host no longer knows it).
    pub name: String,
    /// Its priority for the hook.
    pub priority: &'static str,
    /// `continued`, `modified`, `stopped`, `failed` or `skipped`.
    pub outcome: &'static str,
    /// The reason or error, when there is one.
    pub detail: String,
    /// How long its call took.
    pub ms: f64,
}

impl StepView {
    /// Reads a host trace step; `host` gives the plugin's name.
    pub fn new(host: &PluginHost, step: &HookStep) -> Self {
        let (outcome, detail) = match &step.outcome {
            StepOutcome::Continued => ("continued", String::new()),
            StepOutcome::Modified => ("modified", String::new()),
            StepOutcome::Stopped { reason } => ("stopped", reason.clone().unwrap_or_default()),
            StepOutcome::Failed(error) => ("failed", error.to_string()),
            StepOutcome::Skipped { reason } => ("skipped", reason.clone()),
            other => ("other", format!("{other:?}")),
        };
        Self {
            plugin: step.plugin.to_string(),
            name: host
                .plugin(&step.plugin)
                .map_or_else(|| step.plugin.to_string(), |p| p.manifest().name.clone()),
            priority: step.priority.as_str(),
            outcome,
            detail,
            ms: step.duration_ms,
        }
    }
}

/// What one apply went through, for the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The apply's number on this page (1 for the first).
    pub seq: u64,
    /// The request as asked: plugin, filter and parameters.
    pub request: String,
    /// The hook runs, in the order they happened.
    pub runs: Vec<HookRunView>,
    /// What the chain wrote into the request's `notes` (why it changed it).
    pub notes: Vec<String>,
    /// One line on the result.
    pub verdict: String,
}

/// The panel.
#[component]
pub fn HookPanel(
    /// The catalog's subscriptions to filter hooks.
    #[prop(into)]
    subscribers: Signal<Vec<Subscriber>>,
    /// The last finished apply.
    #[prop(into)]
    report: Signal<Option<Report>>,
) -> impl IntoView {
    let subscribed = move || {
        subscribers
            .get()
            .into_iter()
            .map(|s| {
                let when = if s.condition.is_empty() { "always".to_owned() } else { s.condition };
                let plugin = s.plugin.clone();
                view! {
                    <li data-plugin=plugin>
                        <strong>{s.name}</strong> " on " <code>{s.hook}</code> ", priority "
                        {s.priority.as_str()} ", runs " {when} ". "
                        <span class="muted">{s.description}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="hook-panel" id="hook-panel" aria-labelledby="hook-panel-title">
            <h2 id="hook-panel-title">"Hook chain"</h2>
            <p class="muted">
                "Before a filter plugin sees a request, the host runs the "
                <code>"filter.pre_apply"</code>
                " chain: each subscribed plugin, by priority, may pass it on, change it or stop it. "
                "The role switcher at the top feeds the hooks' conditions."
            </p>
            <ul class="subscribers">{subscribed}</ul>
            {move || match report.get() {
                None => view! { <p class="muted">"No filter applied yet."</p> }.into_any(),
                Some(report) => view! { <ReportView report /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let quiet = report.runs.is_empty().then(|| {
        view! { <p class="muted">"No hook plugin is running, so nothing vetted this request."</p> }
    });
    let runs = report
        .runs
        .into_iter()
        .map(|run| {
            let rows = run
                .steps
                .into_iter()
                .map(|step| {
                    let plugin = step.plugin.clone();
                    view! {
                        <tr data-plugin=plugin data-outcome=step.outcome>
                            <td>{step.priority}</td>
                            <td>{step.name}<br /><code>{step.plugin}</code></td>
                            <td><span class="outcome" data-outcome=step.outcome>{step.outcome}</span></td>
                            <td>{step.detail}</td>
                            <td class="num">{format!("{:.1} ms", step.ms)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3><code>{run.hook.clone()}</code></h3>
                <div class="table-scroll">
                    <table class="trace" data-hook=run.hook>
                        <thead>
                            <tr>
                                <th>"Priority"</th><th>"Plugin"</th><th>"Did"</th><th>"Why"</th>
                                <th>"Time"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
        .collect_view();
    let notes = report.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view();
    view! {
        <div class="hook-report" id="hook-report" data-seq=report.seq.to_string()>
            <p>"Apply #" {report.seq} ": " <strong>{report.request}</strong></p>
            {quiet}
            {runs}
            <ul class="notes" id="hook-notes">{notes}</ul>
            <p class="verdict" id="hook-verdict">{report.verdict}</p>
        </div>
    }
}
