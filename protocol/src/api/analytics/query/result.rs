//! What a query answers: its numbers, overall and per group.

use super::*;

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
