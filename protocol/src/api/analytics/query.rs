//! Metrics queries and exports: time ranges, fields, filters, aggregations.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::MAX_QUERY_TERMS;
use crate::error::PluginError;

/// Events with `from <= timestamp < to`; a missing end is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeRange {
    /// First millisecond included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<u64>,
    /// First millisecond no longer included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u64>,
}

impl TimeRange {
    /// Every event.
    pub fn all() -> Self {
        Self::default()
    }

    /// `from <= timestamp < to`.
    pub fn between(from: u64, to: u64) -> Self {
        Self { from: Some(from), to: Some(to) }
    }

    /// `from <= timestamp`.
    pub fn since(from: u64) -> Self {
        Self { from: Some(from), to: None }
    }

    /// `timestamp < to`.
    pub fn until(to: u64) -> Self {
        Self { from: None, to: Some(to) }
    }

    /// Whether both ends are open.
    pub fn is_all(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether `timestamp` is in the range.
    pub fn contains(&self, timestamp: u64) -> bool {
        self.from.is_none_or(|from| timestamp >= from) && self.to.is_none_or(|to| timestamp < to)
    }

    /// Whether some millisecond of `first..=last` is in the range.
    pub fn overlaps(&self, first: u64, last: u64) -> bool {
        first <= last
            && self.from.is_none_or(|from| last >= from)
            && self.to.is_none_or(|to| first < to)
    }

    /// Whether every millisecond of `first..=last` is in the range.
    pub fn covers(&self, first: u64, last: u64) -> bool {
        self.contains(first) && self.contains(last)
    }

    /// `from` must not be after `to`; errors start with `path`.
    pub fn validate(&self, path: &str) -> Result<(), PluginError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(PluginError::bad_request(format!(
                "{path}: `from` ({from}) is after `to` ({to}); a range is from <= timestamp < to"
            ))),
            _ => Ok(()),
        }
    }
}

/// A value of an event, named as text: `type`, `user_id`, `session_id`,
/// `timestamp` or `data.<key>[.<key>…]`. Kept as written, so a mistake is
/// reported by [`MetricsQuery::validate`] with where it is; see [`Field::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Field(String);

impl Field {
    /// A field from its text (checked later, by [`Field::parse`]).
    pub fn new(path: impl Into<String>) -> Self {
        Self(path.into())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the field names, or why it names nothing.
    ///
    /// ```
    /// use annex_protocol::api::analytics::{Field, FieldPath};
    /// assert_eq!(Field::new("type").parse(), Ok(FieldPath::Type));
    /// assert_eq!(
    ///     Field::new("data.cart.total").parse(),
    ///     Ok(FieldPath::Data(vec!["cart".into(), "total".into()]))
    /// );
    /// assert!(Field::new("price").parse().unwrap_err().contains("unknown field `price`"));
    /// ```
    pub fn parse(&self) -> Result<FieldPath, String> {
        match self.0.as_str() {
            "type" => return Ok(FieldPath::Type),
            "user_id" => return Ok(FieldPath::UserId),
            "session_id" => return Ok(FieldPath::SessionId),
            "timestamp" => return Ok(FieldPath::Timestamp),
            "data" => {
                return Err(
                    "`data` needs a key: `data.<key>` (the data object itself cannot be used)"
                        .into(),
                )
            }
            _ => {}
        }
        let Some(rest) = self.0.strip_prefix("data.") else {
            return Err(format!(
                "unknown field `{}`; expected `type`, `user_id`, `session_id`, `timestamp` or `data.<key>`",
                self.0
            ));
        };
        let keys: Vec<String> = rest.split('.').map(str::to_owned).collect();
        if keys.iter().any(String::is_empty) {
            return Err(format!(
                "field `{}` has an empty key; write `data.<key>` with `.` only between keys",
                self.0
            ));
        }
        Ok(FieldPath::Data(keys))
    }
}

impl From<&str> for Field {
    fn from(path: &str) -> Self {
        Self::new(path)
    }
}

impl From<String> for Field {
    fn from(path: String) -> Self {
        Self(path)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a valid [`Field`] names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// The event type (a string).
    Type,
    /// The user id (a string; missing when the event has none).
    UserId,
    /// The session id (a string; missing when the event has none).
    SessionId,
    /// The timestamp (a number).
    Timestamp,
    /// A value inside `data`: the keys from the top (array indices as text).
    Data(Vec<String>),
}

/// How an [`EventFilter`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// Equal (numbers by value, anything else as JSON).
    Eq,
    /// Not equal, or missing.
    Ne,
    /// A number below the value.
    Lt,
    /// A number at most the value.
    Lte,
    /// A number above the value.
    Gt,
    /// A number at least the value.
    Gte,
}

impl CompareOp {
    /// The name as written in queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "eq",
            Self::Ne => "ne",
            Self::Lt => "lt",
            Self::Lte => "lte",
            Self::Gt => "gt",
            Self::Gte => "gte",
        }
    }

    /// Whether it compares numbers (`lt`, `lte`, `gt`, `gte`).
    pub fn is_numeric(self) -> bool {
        !matches!(self, Self::Eq | Self::Ne)
    }
}

/// One condition on the events a query or export looks at, e.g.
/// `{"field": "data.price", "op": "gt", "value": 10}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventFilter {
    /// The value compared.
    pub field: Field,
    /// How.
    pub op: CompareOp,
    /// With what.
    pub value: Value,
}

impl EventFilter {
    /// `field op value`.
    pub fn new(field: impl Into<Field>, op: CompareOp, value: impl Into<Value>) -> Self {
        Self { field: field.into(), op, value: value.into() }
    }

    /// Events whose type is `event_type`.
    pub fn event_type(event_type: &str) -> Self {
        Self::eq("type", event_type)
    }

    /// `field == value`.
    pub fn eq(field: impl Into<Field>, value: impl Into<Value>) -> Self {
        Self::new(field, CompareOp::Eq, value)
    }

    /// `field != value` (or missing).
    pub fn ne(field: impl Into<Field>, value: impl Into<Value>) -> Self {
        Self::new(field, CompareOp::Ne, value)
    }

    /// `field < value`.
    pub fn lt(field: impl Into<Field>, value: f64) -> Self {
        Self::new(field, CompareOp::Lt, value)
    }

    /// `field <= value`.
    pub fn lte(field: impl Into<Field>, value: f64) -> Self {
        Self::new(field, CompareOp::Lte, value)
    }

    /// `field > value`.
    pub fn gt(field: impl Into<Field>, value: f64) -> Self {
        Self::new(field, CompareOp::Gt, value)
    }

    /// `field >= value`.
    pub fn gte(field: impl Into<Field>, value: f64) -> Self {
        Self::new(field, CompareOp::Gte, value)
    }

    fn validate(&self, path: &str) -> Result<(), PluginError> {
        self.field.parse().map_err(|e| PluginError::bad_request(format!("{path}.field: {e}")))?;
        if self.op.is_numeric() && !self.value.is_number() {
            return Err(PluginError::bad_request(format!(
                "{path}.value: `{}` compares numbers, but the value is {}",
                self.op.as_str(),
                self.value
            )));
        }
        Ok(())
    }
}

/// A number computed over the matching events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregation {
    /// How many events match.
    Count,
    /// The sum of the field's numbers (0 when there are none).
    Sum {
        /// The field.
        field: Field,
    },
    /// The arithmetic mean of the field's numbers.
    #[serde(alias = "average")]
    Avg {
        /// The field.
        field: Field,
    },
    /// The smallest of the field's numbers.
    Min {
        /// The field.
        field: Field,
    },
    /// The largest of the field's numbers.
    Max {
        /// The field.
        field: Field,
    },
    /// The `p`-th percentile of the field's numbers, linear interpolation
    /// between closest ranks (see the [module documentation](super)).
    Percentile {
        /// The field.
        field: Field,
        /// Which percentile, `0..=100`.
        p: f64,
    },
}

impl Aggregation {
    /// [`Aggregation::Count`].
    pub fn count() -> Self {
        Self::Count
    }

    /// [`Aggregation::Sum`] of `field`.
    pub fn sum(field: impl Into<Field>) -> Self {
        Self::Sum { field: field.into() }
    }

    /// [`Aggregation::Avg`] of `field`.
    pub fn avg(field: impl Into<Field>) -> Self {
        Self::Avg { field: field.into() }
    }

    /// [`Aggregation::Min`] of `field`.
    pub fn min(field: impl Into<Field>) -> Self {
        Self::Min { field: field.into() }
    }

    /// [`Aggregation::Max`] of `field`.
    pub fn max(field: impl Into<Field>) -> Self {
        Self::Max { field: field.into() }
    }

    /// [`Aggregation::Percentile`] `p` of `field`.
    pub fn percentile(field: impl Into<Field>, p: f64) -> Self {
        Self::Percentile { field: field.into(), p }
    }

    /// The field it reads; `None` for `count`.
    pub fn field(&self) -> Option<&Field> {
        match self {
            Self::Count => None,
            Self::Sum { field }
            | Self::Avg { field }
            | Self::Min { field }
            | Self::Max { field }
            | Self::Percentile { field, .. } => Some(field),
        }
    }

    /// Its name in results: `count`, `sum(data.price)`, `p90(data.ms)`...
    ///
    /// ```
    /// use annex_protocol::api::analytics::Aggregation;
    /// assert_eq!(Aggregation::avg("data.ms").name(), "avg(data.ms)");
    /// assert_eq!(Aggregation::percentile("data.ms", 99.9).name(), "p99.9(data.ms)");
    /// ```
    pub fn name(&self) -> String {
        match self {
            Self::Count => "count".into(),
            Self::Sum { field } => format!("sum({field})"),
            Self::Avg { field } => format!("avg({field})"),
            Self::Min { field } => format!("min({field})"),
            Self::Max { field } => format!("max({field})"),
            Self::Percentile { field, p } => format!("p{p}({field})"),
        }
    }

    fn validate(&self, path: &str) -> Result<(), PluginError> {
        if let Some(field) = self.field() {
            field.parse().map_err(|e| PluginError::bad_request(format!("{path}.field: {e}")))?;
        }
        if let Self::Percentile { p, .. } = self {
            if !(0.0..=100.0).contains(p) {
                return Err(PluginError::bad_request(format!(
                    "{path}.p: percentile {p} is outside 0..=100"
                )));
            }
        }
        Ok(())
    }
}

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

/// One computed number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateValue {
    /// [`Aggregation::name`], e.g. `p90(data.ms)`.
    pub name: String,
    /// The number; `None` (JSON `null`) when no event had a numeric value.
    pub value: Option<f64>,
    /// How many values it was computed from (for `count`: the events).
    pub samples: u64,
}

/// The metrics of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMetrics {
    /// The group's value of the `group_by` field; `null` for events without it.
    pub key: Value,
    /// How many matching events are in the group.
    pub events: u64,
    /// One per aggregation, in the query's order.
    pub values: Vec<AggregateValue>,
}

impl GroupMetrics {
    /// The value of the aggregation named `name` (see [`Aggregation::name`]).
    pub fn value(&self, name: &str) -> Option<f64> {
        find(&self.values, name)
    }
}

/// A query's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricsResult {
    /// How many events matched the range and filters.
    pub events: u64,
    /// One per aggregation, in the query's order, over every matching event.
    pub values: Vec<AggregateValue>,
    /// With `group_by`: one entry per distinct value, sorted by key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupMetrics>,
}

impl MetricsResult {
    /// The value of the aggregation named `name` over every matching event.
    ///
    /// ```
    /// # use annex_protocol::api::analytics::{AggregateValue, MetricsResult};
    /// let result = MetricsResult {
    ///     events: 2,
    ///     values: vec![AggregateValue { name: "sum(data.n)".into(), value: Some(3.0), samples: 2 }],
    ///     groups: vec![],
    /// };
    /// assert_eq!(result.value("sum(data.n)"), Some(3.0));
    /// ```
    pub fn value(&self, name: &str) -> Option<f64> {
        find(&self.values, name)
    }

    /// The group whose key is `key`.
    pub fn group(&self, key: impl Into<Value>) -> Option<&GroupMetrics> {
        let key = key.into();
        self.groups.iter().find(|g| same_key(&g.key, &key))
    }
}

fn find(values: &[AggregateValue], name: &str) -> Option<f64> {
    values.iter().find(|v| v.name == name).and_then(|v| v.value)
}

/// Group keys are equal: numbers by value, the rest as JSON.
fn same_key(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// What an export writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A JSON array of events.
    #[default]
    Json,
    /// RFC 4180 CSV with a header row; `data` as a JSON column.
    Csv,
}

impl ExportFormat {
    /// The media type, e.g. for a download.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// Which events to export, and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// Which events, by time. Default: all.
    #[serde(default, skip_serializing_if = "TimeRange::is_all")]
    pub range: TimeRange,
    /// Conditions every exported event meets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<EventFilter>,
}

impl ExportRequest {
    /// Every event in `range`, as `format`.
    pub fn new(format: ExportFormat, range: TimeRange) -> Self {
        Self { format, range, filters: Vec::new() }
    }

    /// Adds a filter.
    pub fn filter(mut self, filter: EventFilter) -> Self {
        self.filters.push(filter);
        self
    }

    /// Checks the range and the filters.
    pub fn validate(&self) -> Result<(), PluginError> {
        self.range.validate("range")?;
        validate_filters(&self.filters)
    }
}
