//! What the dashboard asks the analytics plugin: events per type, and the
//! numeric summary of the recorded samples.

use annex_runtime::protocol::api::analytics::{
    Aggregation, EventFilter, MetricsQuery, MetricsResult, TimeRange,
};
use annex_runtime::AnalyticsApi;

/// The event type of a recorded sample; its number is `data.value`.
pub const SAMPLE_EVENT: &str = "sample";

/// The field the sample statistics read.
const SAMPLE_FIELD: &str = "data.value";

/// Which events the dashboard covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Everything recorded.
    All,
    /// The last 24 hours.
    Day,
    /// The last hour.
    Hour,
}

impl Period {
    /// Every period, in the selector's order.
    pub const ALL: [Period; 3] = [Period::All, Period::Day, Period::Hour];

    /// Its value in the selector.
    pub fn key(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Day => "day",
            Self::Hour => "hour",
        }
    }

    /// Its label in the selector.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All time",
            Self::Day => "Last 24 hours",
            Self::Hour => "Last hour",
        }
    }

    /// The period a selector value names (all time for anything else).
    pub fn parse(key: &str) -> Self {
        Self::ALL.into_iter().find(|p| p.key() == key).unwrap_or(Self::All)
    }

    /// The time range, ending now (`from <= timestamp`).
    pub fn range(self) -> TimeRange {
        let now = js_sys::Date::now() as u64;
        match self {
            Self::All => TimeRange::all(),
            Self::Day => TimeRange::since(now.saturating_sub(86_400_000)),
            Self::Hour => TimeRange::since(now.saturating_sub(3_600_000)),
        }
    }
}

/// One statistic of the samples, as the plugin computed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    /// Short name shown on the page and used in its element id (`stat-p95`).
    pub key: &'static str,
    /// What it is.
    pub label: &'static str,
    /// The value; `None` when there are no samples.
    pub value: Option<f64>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dashboard {
    /// Events per type (the type, how many), sorted by type.
    pub by_type: Vec<(String, u64)>,
    /// How many events in the period.
    pub total: u64,
    /// count, sum, avg, min, max, p50 and p95 of the samples' values.
    pub samples: Vec<Stat>,
}

/// The statistics shown, with the aggregation computing each.
fn sample_aggregations() -> [(&'static str, &'static str, Aggregation); 7] {
    [
        ("count", "Samples", Aggregation::count()),
        ("sum", "Sum", Aggregation::sum(SAMPLE_FIELD)),
        ("avg", "Average", Aggregation::avg(SAMPLE_FIELD)),
        ("min", "Minimum", Aggregation::min(SAMPLE_FIELD)),
        ("max", "Maximum", Aggregation::max(SAMPLE_FIELD)),
        ("p50", "Median (p50)", Aggregation::percentile(SAMPLE_FIELD, 50.0)),
        ("p95", "p95", Aggregation::percentile(SAMPLE_FIELD, 95.0)),
    ]
}

/// Asks the plugin for the dashboard's numbers over `range` (two queries).
pub async fn load(api: &AnalyticsApi, range: TimeRange) -> annex_runtime::Result<Dashboard> {
    let by_type = MetricsQuery::new().range(range).aggregate(Aggregation::count()).group_by("type");
    let by_type = api.query(&by_type).await?;
    let mut samples =
        MetricsQuery::new().range(range).filter(EventFilter::event_type(SAMPLE_EVENT));
    let wanted = sample_aggregations();
    for (_, _, aggregation) in &wanted {
        samples = samples.aggregate(aggregation.clone());
    }
    let stats = api.query(&samples).await?;
    Ok(Dashboard {
        by_type: groups(&by_type),
        total: by_type.events,
        samples: wanted
            .into_iter()
            .map(|(key, label, aggregation)| Stat {
                key,
                label,
                value: stats.value(&aggregation.name()),
            })
            .collect(),
    })
}

/// The groups of a `group_by("type")` answer as (type, events).
fn groups(result: &MetricsResult) -> Vec<(String, u64)> {
    result
        .groups
        .iter()
        .map(|group| {
            let key = match &group.key {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (key, group.events)
        })
        .collect()
}

/// A number as the page shows it: whole numbers plainly, others with two
/// decimals.
pub fn show(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}
