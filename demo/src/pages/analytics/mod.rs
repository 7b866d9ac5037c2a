//! The analytics dashboard: what the other pages reported (the shell's
//! tracker sends their events to the analytics plugin), counted by type and
//! charted, a numeric summary of samples the visitor records here, and
//! exports as JSON or CSV.

mod chart;
mod export;
mod metrics;
mod record;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::protocol::api::analytics::ExportFormat;
use annex_runtime::AnalyticsApi;
use futures::future::join_all;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;

use self::chart::TypeChart;
use self::metrics::{show, Dashboard, Period, SAMPLE_EVENT};
use self::record::RecordForm;
use crate::shell::status_line::{Status, StatusLine};
use crate::shell::track::{analytics_id, use_tracker, Tracker, ANALYTICS_PLUGIN};

/// What the page's actions share.
#[derive(Clone, Copy)]
struct Page {
    context: HostContext,
    tracker: Tracker,
    status: RwSignal<Status>,
    dashboard: RwSignal<Option<Dashboard>>,
    period: RwSignal<Period>,
    busy: RwSignal<bool>,
    /// Bumped by each refresh; only the latest one's answer is shown.
    generation: StoredValue<u64>,
}

/// The dashboard page.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let page = Page {
        context: use_plugin_host(),
        tracker: use_tracker(),
        status: RwSignal::new(Status::Working("Starting the analytics plugin…".into())),
        dashboard: RwSignal::new(None),
        period: RwSignal::new(Period::All),
        busy: RwSignal::new(false),
        generation: StoredValue::new(0),
    };
    // The view is recorded first, so the dashboard's first numbers include it.
    spawn_local(async move {
        let recorded = page.tracker.record("page_view", json!({ "page": "analytics" })).await;
        match recorded {
            Ok(()) => page.refresh("Dashboard loaded from the analytics plugin.".into()),
            Err(error) => page.status.set(Status::Failed(failure(&error))),
        }
    });
    let on_record = Callback::new(move |values: Result<Vec<f64>, String>| match values {
        Ok(values) => page.record(values),
        Err(reason) => page.status.set(Status::Failed(format!("Nothing recorded: {reason}."))),
    });
    let stats = move || page.dashboard.get().map(|d| d.samples).unwrap_or_default();
    let groups =
        Signal::derive(move || page.dashboard.get().map(|d| d.by_type).unwrap_or_default());
    let total = move || page.dashboard.get().map_or(0, |d| d.total);

    view! {
        <section class="panel">
            <h1>"Analytics"</h1>
            <p class="lead">
                "Every page of this demo reports what you do to the analytics plugin, which stores "
                "the events in its own IndexedDB space from its Web Worker. The numbers, the chart "
                "and the exports below are computed by that plugin on request."
            </p>
            <div class="analytics-controls">
                <RecordForm on_record busy=page.busy />
                <div class="analytics-actions">
                    <label for="period">"Period"</label>
                    <select
                        id="period"
                        on:change=move |e| {
                            page.period.set(Period::parse(&event_target_value(&e)));
                            page.refresh("Dashboard updated for the new period.".into());
                        }
                    >
                        {Period::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                            .collect_view()}
                    </select>
                    <button
                        id="refresh"
                        class="choice"
                        on:click=move |_| page.refresh("Dashboard refreshed.".into())
                    >
                        "Refresh"
                    </button>
                    <button id="export-json" class="choice" on:click=move |_| page.export(ExportFormat::Json)>
                        "Export JSON"
                    </button>
                    <button id="export-csv" class="choice" on:click=move |_| page.export(ExportFormat::Csv)>
                        "Export CSV"
                    </button>
                </div>
            </div>
            <h2 class="analytics-heading">"Samples"</h2>
            <dl class="stats" id="sample-stats">
                {move || {
                    stats()
                        .into_iter()
                        .map(|stat| {
                            let raw = stat.value.map(|v| v.to_string()).unwrap_or_default();
                            let shown = stat.value.map_or_else(|| "–".to_owned(), show);
                            view! {
                                <div class="stat" id=format!("stat-{}", stat.key) data-value=raw>
                                    <dt>{stat.label}</dt>
                                    <dd>{shown}</dd>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </dl>
            <h2 class="analytics-heading">
                "Events by type " <span class="muted" id="event-total">{move || format!("({} in all)", total())}</span>
            </h2>
            <TypeChart groups />
            <StatusLine status=page.status />
        </section>
    }
}

impl Page {
    /// The analytics API, the plugin started if needed.
    async fn api(self) -> Result<AnalyticsApi, String> {
        let host = self.context.await.map_err(|e| failure(&e))?;
        let plugin = host.running(&analytics_id()).await.map_err(|e| failure(&e))?;
        plugin.analytics().map_err(|e| failure(&e))
    }

    /// Asks the plugin for the dashboard again; says `done` when it arrives.
    fn refresh(self, done: String) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        spawn_local(async move {
            let loaded = match self.api().await {
                Ok(api) => metrics::load(&api, self.period.get_untracked().range())
                    .await
                    .map_err(|e| failure(&e)),
                Err(error) => Err(error),
            };
            if self.generation.get_value() != generation {
                return;
            }
            match loaded {
                Ok(dashboard) => {
                    self.dashboard.set(Some(dashboard));
                    self.status.set(Status::Done(done));
                }
                Err(error) => self.status.set(Status::Failed(error)),
            }
        });
    }

    /// Sends one `sample` event per value, all at once, then refreshes.
    fn record(self, values: Vec<f64>) {
        self.busy.set(true);
        let n = values.len();
        self.status.set(Status::Working(format!("Recording {n} samples…")));
        spawn_local(async move {
            let sends = values
                .iter()
                .map(|value| self.tracker.record(SAMPLE_EVENT, json!({ "value": value })));
            let failed: Vec<String> = join_all(sends)
                .await
                .into_iter()
                .filter_map(Result::err)
                .map(|e| failure(&e))
                .collect();
            self.busy.set(false);
            match failed.first() {
                None => {
                    self.refresh(format!("Recorded {n} samples; the numbers are the plugin's."))
                }
                Some(first) => self.status.set(Status::Failed(format!(
                    "{} of {n} samples were not recorded: {first}",
                    failed.len()
                ))),
            }
        });
    }

    /// Exports the period's events as `format` and downloads them.
    fn export(self, format: ExportFormat) {
        let name = format.extension().to_uppercase();
        self.status.set(Status::Working(format!("Exporting the events as {name}…")));
        spawn_local(async move {
            let exported = match self.api().await {
                Ok(api) => export::export(&api, format, self.period.get_untracked().range()).await,
                Err(error) => Err(error),
            };
            match exported {
                Ok(done) => {
                    self.status.set(Status::Done(format!(
                        "Exported {} events as {} ({} bytes), written by the analytics plugin.",
                        done.events, done.file, done.bytes
                    )));
                    self.tracker.track("export", json!({ "format": format.extension() }));
                }
                Err(error) => self.status.set(Status::Failed(format!("Export failed: {error}"))),
            }
        });
    }
}

/// An error as the page shows it, naming the plugin.
fn failure(error: &annex_runtime::Error) -> String {
    let text = error.to_string();
    if text.contains(ANALYTICS_PLUGIN) {
        text
    } else {
        format!("Analytics plugin ({ANALYTICS_PLUGIN}): {text}")
    }
}
