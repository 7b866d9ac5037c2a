//! Metrics queries and exports: time ranges, fields, filters, aggregations.
//! One file per part of a query; the query itself is here.

mod aggregation;
mod export;
mod field;
mod filter;
mod result;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::MAX_QUERY_TERMS;
use crate::error::PluginError;

pub use aggregation::*;
pub use export::*;
pub use field::*;
pub use filter::*;
pub use result::*;

/// Which metrics to compute over which events.
///
/// ```
/// use annex_protocol::api::analytics::{Aggregation, EventFilter, MetricsQuery, TimeRange};
/// let query = MetricsQuery::new()
///     .range(TimeRange::between(1_700_000_000_000, 1_700_086_400_000))
///     .filter(EventFilter::event_type("request"))
///     .filter(EventFilter::gte("data.status", 500.0))
///     .aggregate(Aggregation::count())
///     .aggregate(Aggregation::percentile("data.ms", 90.0))
///     .group_by("data.route");
/// assert!(query.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricsQuery {
    /// Which events, by time. Default: all.
    #[serde(default, skip_serializing_if = "TimeRange::is_all")]
    pub range: TimeRange,
    /// Conditions every event must meet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<EventFilter>,
    /// What to compute, in this order in the results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregations: Vec<Aggregation>,
    /// Compute per distinct value of this field, too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Field>,
}

impl MetricsQuery {
    /// All events, nothing computed but their number.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the time range.
    pub fn range(mut self, range: TimeRange) -> Self {
        self.range = range;
        self
    }

    /// Adds a filter.
    pub fn filter(mut self, filter: EventFilter) -> Self {
        self.filters.push(filter);
        self
    }

    /// Adds an aggregation.
    pub fn aggregate(mut self, aggregation: Aggregation) -> Self {
        self.aggregations.push(aggregation);
        self
    }

    /// Groups by a field.
    pub fn group_by(mut self, field: impl Into<Field>) -> Self {
        self.group_by = Some(field.into());
        self
    }

    /// Checks the range, the field names, the filter values and the
    /// percentiles; the error names where the problem is, e.g.
    /// `aggregations[1].p: percentile 150 is outside 0..=100`.
    pub fn validate(&self) -> Result<(), PluginError> {
        self.range.validate("range")?;
        validate_filters(&self.filters)?;
        if self.aggregations.len() > MAX_QUERY_TERMS {
            return Err(PluginError::bad_request(format!(
                "aggregations: {} given, at most {MAX_QUERY_TERMS} are allowed",
                self.aggregations.len()
            )));
        }
        for (i, aggregation) in self.aggregations.iter().enumerate() {
            aggregation.validate(&format!("aggregations[{i}]"))?;
        }
        if let Some(field) = &self.group_by {
            field.parse().map_err(|e| PluginError::bad_request(format!("group_by: {e}")))?;
        }
        Ok(())
    }
}

fn validate_filters(filters: &[EventFilter]) -> Result<(), PluginError> {
    if filters.len() > MAX_QUERY_TERMS {
        return Err(PluginError::bad_request(format!(
            "filters: {} given, at most {MAX_QUERY_TERMS} are allowed",
            filters.len()
        )));
    }
    filters.iter().enumerate().try_for_each(|(i, f)| f.validate(&format!("filters[{i}]")))
}
