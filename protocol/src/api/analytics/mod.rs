//! Analytics: the host records events through a plugin and asks it for
//! metrics and exports.
//!
//! # Events
//!
//! An [`AnalyticsEvent`] has a type (1 to 64 of `a-z 0-9 . - _ :`, as for
//! plugin events), a JSON object of data, a timestamp in milliseconds since
//! the Unix epoch (`Date.now()`; at most [`MAX_TIMESTAMP`]), and optional
//! user and session ids (at most [`MAX_ID_LEN`] bytes each). The data of one
//! event serializes to at most [`MAX_DATA_BYTES`]. A [`AnalyticsRequest::Track`]
//! carries up to [`MAX_BATCH`] events (none is a no-op); a plugin answers it
//! only once every event is durable.
//!
//! # Fields
//!
//! Queries name values with a [`Field`]: `type`, `user_id`, `session_id`,
//! `timestamp`, or `data.<key>` with further `.<key>` steps into nested
//! objects (a step that is a non-negative integer indexes an array:
//! `data.items.0.price`). Keys containing `.` cannot be named.
//!
//! # Time ranges
//!
//! A [`TimeRange`] is half-open: `from <= timestamp < to`; either end may be
//! left open. `from > to` is an error; `from == to` is valid and empty.
//!
//! # Filters
//!
//! Every [`EventFilter`] of a query must hold (they are joined with AND):
//!
//! * `eq`: the field is present and equal to the value. Numbers compare by
//!   value (`1` equals `1.0`); strings, booleans, `null`, arrays and objects
//!   compare as JSON. A missing field equals nothing, not even `null`.
//! * `ne`: the exact negation of `eq`, so a missing field is "not equal".
//! * `lt`, `lte`, `gt`, `gte`: the field is present and a JSON number, and it
//!   compares so with the value, which must be a number. Missing and
//!   non-numeric fields (strings like `"12"` included) never match.
//!
//! # Aggregations
//!
//! [`Aggregation::Count`] counts matching events. The others read a numeric
//! field: `sum`, `avg` (arithmetic mean), `min`, `max` and `percentile`.
//! **Missing and non-numeric values are skipped**, not read as zero: an event
//! whose field is absent, `null`, a string, a boolean, an array or an object
//! does not contribute, and [`AggregateValue::samples`] says how many values
//! did. Over no values, `sum` is `0` and the others are `null`.
//!
//! `percentile` with `p` in `0..=100` is the linear interpolation between
//! closest ranks, NumPy's default (`method="linear"`): with the `n` values
//! sorted ascending as `x[0] ..= x[n-1]`, let `h = (n - 1) · p / 100`; the
//! result is `x[⌊h⌋] + (h - ⌊h⌋) · (x[⌊h⌋ + 1] - x[⌊h⌋])` (just `x[⌊h⌋]` when
//! `h` is whole). So `p0` is the minimum, `p100` the maximum and `p50` the
//! median; for `[1, 2, 3, 4]`, `p50 = 2.5` and `p90 = 3.7`.
//!
//! # Grouping
//!
//! With `group_by`, each distinct value of the field gets its own
//! [`GroupMetrics`]; events without the field form the group whose key is
//! `null`. Numbers that are equal group together (`1` and `1.0`), keyed as an
//! integer when whole (`2`, not `2.0`). Groups come sorted by key: `null`,
//! then booleans, numbers, strings, arrays and objects (arrays and objects by
//! their JSON text). The totals over every matching event are always given
//! too.
//!
//! # Export
//!
//! Matching events, ordered by timestamp and then by the order they were
//! tracked in. [`ExportFormat::Json`]: a JSON array of events, each as
//! [`AnalyticsEvent`] serializes (`type`, `data`, `timestamp`, `user_id`,
//! `session_id`; absent ids omitted). [`ExportFormat::Csv`]: RFC 4180, UTF-8,
//! lines ending in CRLF, a header row with the columns [`CSV_COLUMNS`]; the
//! data object is one column holding its compact JSON text (events have
//! different data keys, so flattening would give a different set of columns
//! per export); absent ids are empty fields. A field is quoted when it holds
//! a comma, a double quote, CR or LF, and quotes inside are doubled. Values
//! are written as they are, so a spreadsheet may read a field starting with
//! `=` as a formula.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::events::valid_event_type;
use crate::error::PluginError;

mod query;
#[cfg(test)]
mod tests;

pub use query::{
    AggregateValue, Aggregation, CompareOp, EventFilter, ExportFormat, ExportRequest, Field,
    FieldPath, GroupMetrics, MetricsQuery, MetricsResult, TimeRange,
};

/// Most events in one [`AnalyticsRequest::Track`].
pub const MAX_BATCH: usize = 10_000;
/// The largest timestamp: 13 decimal digits of milliseconds (the year 2286).
pub const MAX_TIMESTAMP: u64 = 9_999_999_999_999;
/// Longest user or session id, in bytes.
pub const MAX_ID_LEN: usize = 256;
/// Largest `data` object of one event, as compact JSON, in bytes.
pub const MAX_DATA_BYTES: usize = 16 * 1024;
/// Most filters, and most aggregations, in one query.
pub const MAX_QUERY_TERMS: usize = 32;
/// The columns of a CSV export, in order.
pub const CSV_COLUMNS: [&str; 5] = ["timestamp", "type", "user_id", "session_id", "data"];

/// One thing that happened, as the host tracks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsEvent {
    /// What happened, e.g. `page_view` or `checkout.completed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Details: a JSON object.
    #[serde(default)]
    pub data: Map<String, Value>,
    /// When, in milliseconds since the Unix epoch.
    pub timestamp: u64,
    /// Who, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// In which visit, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl AnalyticsEvent {
    /// An event of `event_type` at `timestamp` (ms since the Unix epoch), without data.
    pub fn new(event_type: impl Into<String>, timestamp: u64) -> Self {
        Self {
            event_type: event_type.into(),
            data: Map::new(),
            timestamp,
            user_id: None,
            session_id: None,
        }
    }

    /// Sets one data field.
    ///
    /// ```
    /// use annex_protocol::api::analytics::AnalyticsEvent;
    /// let event = AnalyticsEvent::new("purchase", 1_700_000_000_000)
    ///     .with("price", 9.5)
    ///     .with("currency", "EUR")
    ///     .user("u-17")
    ///     .session("s-3");
    /// assert_eq!(event.data["price"], 9.5);
    /// ```
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Sets the user id.
    pub fn user(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Sets the session id.
    pub fn session(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }

    /// Checks the limits in the [module documentation](self); errors start with `path`.
    pub fn validate(&self, path: &str) -> Result<(), PluginError> {
        let bad = |what: String| Err(PluginError::bad_request(format!("{path}.{what}")));
        if !valid_event_type(&self.event_type) {
            return bad(format!(
                "type: `{}` is not a valid event type (1 to 64 of a-z, 0-9, `.`, `-`, `_`, `:`)",
                self.event_type
            ));
        }
        if self.timestamp > MAX_TIMESTAMP {
            return bad(format!(
                "timestamp: {} is past {MAX_TIMESTAMP} (timestamps are milliseconds since the Unix epoch)",
                self.timestamp
            ));
        }
        for (name, id) in [("user_id", &self.user_id), ("session_id", &self.session_id)] {
            if let Some(id) = id {
                if id.is_empty() || id.len() > MAX_ID_LEN {
                    return bad(format!(
                        "{name}: must be 1 to {MAX_ID_LEN} bytes (it is {}); leave it out when unknown",
                        id.len()
                    ));
                }
            }
        }
        let size = serde_json::to_vec(&self.data).map_or(usize::MAX, |json| json.len());
        if size > MAX_DATA_BYTES {
            return bad(format!(
                "data: {size} bytes of JSON, more than the {MAX_DATA_BYTES} allowed"
            ));
        }
        Ok(())
    }
}

/// Checks a batch: its size, then each event (errors name `events[i]`).
pub fn validate_events(events: &[AnalyticsEvent]) -> Result<(), PluginError> {
    if events.len() > MAX_BATCH {
        return Err(PluginError::bad_request(format!(
            "events: {} in one batch, more than the {MAX_BATCH} allowed; split it",
            events.len()
        )));
    }
    events.iter().enumerate().try_for_each(|(i, e)| e.validate(&format!("events[{i}]")))
}

/// The host asks an analytics plugin to do something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnalyticsRequest {
    /// Record events; answered once they are durable.
    Track {
        /// The events, 0 to [`MAX_BATCH`] (none is a no-op).
        events: Vec<AnalyticsEvent>,
    },
    /// Compute metrics.
    Query(MetricsQuery),
    /// Write matching events as JSON or CSV (the answer's payload).
    Export(ExportRequest),
    /// Delete the events in a time range (every event with [`TimeRange::all`]).
    Clear {
        /// Which events.
        #[serde(default, skip_serializing_if = "TimeRange::is_all")]
        range: TimeRange,
    },
}

impl AnalyticsRequest {
    /// Checks the request against the rules of the [module documentation](self).
    pub fn validate(&self) -> Result<(), PluginError> {
        match self {
            Self::Track { events } => validate_events(events),
            Self::Query(query) => query.validate(),
            Self::Export(export) => export.validate(),
            Self::Clear { range } => range.validate("range"),
        }
    }
}

/// An analytics plugin's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnalyticsResponse {
    /// The events are stored, durably.
    Tracked {
        /// How many.
        count: u64,
    },
    /// The metrics asked for.
    Metrics(MetricsResult),
    /// The export is the payload (UTF-8 text).
    Exported {
        /// Its format.
        format: ExportFormat,
        /// How many events it holds.
        events: u64,
    },
    /// The events in the range are deleted.
    Cleared {
        /// How many were deleted.
        events: u64,
    },
}
