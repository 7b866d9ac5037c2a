//! {{title}}: an analytics plugin. It records events in its own storage
//! (durable before `track` returns) and answers `count` and `sum(data.<key>)`
//! over a time range, and JSON exports. Filters, grouping and the other
//! aggregations are refused as unsupported: add them here (the rules every
//! analytics plugin follows are in `annex_sdk::api::analytics`).

use annex_sdk::api::analytics::{
    AggregateValue, Aggregation, AnalyticsEvent, ExportFormat, ExportRequest, MetricsQuery,
    MetricsResult, TimeRange,
};
use annex_sdk::host::storage;
use annex_sdk::{AnalyticsExport, AnalyticsPlugin, Plugin, PluginError};

/// The storage key holding every event, as a JSON array.
const EVENTS: &str = "events";

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}};

impl Plugin for {{type}} {}

fn load() -> Result<Vec<AnalyticsEvent>, PluginError> {
    match storage::get(EVENTS)? {
        Some(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| PluginError::plugin(format!("stored events are unreadable: {e}"))),
        None => Ok(Vec::new()),
    }
}

fn in_range(range: &TimeRange) -> Result<Vec<AnalyticsEvent>, PluginError> {
    Ok(load()?.into_iter().filter(|e| range.contains(e.timestamp)).collect())
}

fn aggregate(aggregation: &Aggregation, events: &[AnalyticsEvent]) -> Result<AggregateValue, PluginError> {
    let name = aggregation.name();
    match aggregation {
        Aggregation::Count => {
            Ok(AggregateValue { name, value: Some(events.len() as f64), samples: events.len() as u64 })
        }
        Aggregation::Sum { field } => {
            let key = field.as_str().strip_prefix("data.").filter(|k| !k.contains('.')).ok_or_else(|| {
                PluginError::unsupported(format!("sum over `{field}`: only data.<key> fields"))
            })?;
            let values: Vec<f64> = events.iter().filter_map(|e| e.data.get(key)?.as_f64()).collect();
            Ok(AggregateValue { name, value: Some(values.iter().sum()), samples: values.len() as u64 })
        }
        other => Err(PluginError::unsupported(format!("aggregation {} is not implemented", other.name()))),
    }
}

impl AnalyticsPlugin for {{type}} {
    fn track(&mut self, events: Vec<AnalyticsEvent>) -> Result<(), PluginError> {
        let mut all = load()?;
        all.extend(events);
        let json = serde_json::to_vec(&all).expect("events serialize");
        Ok(storage::set(EVENTS, &json)?)
    }

    fn query(&mut self, query: &MetricsQuery) -> Result<MetricsResult, PluginError> {
        if !query.filters.is_empty() || query.group_by.is_some() {
            return Err(PluginError::unsupported("filters and group_by are not implemented"));
        }
        let events = in_range(&query.range)?;
        let values =
            query.aggregations.iter().map(|a| aggregate(a, &events)).collect::<Result<_, _>>()?;
        Ok(MetricsResult { events: events.len() as u64, values, groups: Vec::new() })
    }

    fn export(&mut self, request: &ExportRequest) -> Result<AnalyticsExport, PluginError> {
        if request.format != ExportFormat::Json || !request.filters.is_empty() {
            return Err(PluginError::unsupported("only unfiltered JSON exports are implemented"));
        }
        let events = in_range(&request.range)?;
        let content = serde_json::to_vec(&events).expect("events serialize");
        Ok(AnalyticsExport { events: events.len() as u64, content })
    }
}

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;

    use super::*;

    fn events() -> Vec<AnalyticsEvent> {
        vec![
            AnalyticsEvent::new("click", 1_000).with("ms", 40),
            AnalyticsEvent::new("click", 2_000).with("ms", 2),
            AnalyticsEvent::new("view", 3_000),
        ]
    }

    #[test]
    fn counts_and_sums_over_a_range() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        assert_eq!(h.track(events()).unwrap(), 3);
        let query = MetricsQuery::new()
            .range(TimeRange::between(0, 2_500))
            .aggregate(Aggregation::count())
            .aggregate(Aggregation::sum("data.ms"));
        let metrics = h.query(&query).unwrap();
        assert_eq!(metrics.events, 2);
        assert_eq!(metrics.value("count"), Some(2.0));
        assert_eq!(metrics.value("sum(data.ms)"), Some(42.0));
    }

    #[test]
    fn events_are_kept_by_a_new_instance() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        h.track(events()).unwrap();
        let mut h = h.restart().unwrap();
        let metrics = h.query(&MetricsQuery::new().aggregate(Aggregation::count())).unwrap();
        assert_eq!(metrics.value("count"), Some(3.0));
    }

    #[test]
    fn what_it_does_not_implement_is_unsupported() {
        let mut h = Harness::<{{type}}>::new().unwrap();
        let query = MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", 90.0));
        assert_eq!(h.query(&query).unwrap_err().code, ErrorCode::Unsupported);
    }
}
