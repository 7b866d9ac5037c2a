//! Which events a query or export looks at: a time range and filters.

use super::*;

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

    pub(super) fn validate(&self, path: &str) -> Result<(), PluginError> {
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
