//! Filters, aggregations and grouping, as `annex_protocol::api::analytics` defines them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use annex_sdk::api::analytics::{
    AggregateValue, Aggregation, AnalyticsEvent, CompareOp, EventFilter, Field, FieldPath,
    GroupMetrics, MetricsQuery, MetricsResult,
};
use annex_sdk::PluginError;
use serde_json::Value;

/// What `field` names (the SDK has checked the query, so this only fails on
/// a query that bypassed it).
pub fn path(field: &Field) -> Result<FieldPath, PluginError> {
    field.parse().map_err(PluginError::bad_request)
}

/// The value `path` names in `event`, if it has one.
pub fn lookup<'a>(path: &FieldPath, event: &'a AnalyticsEvent) -> Option<Cow<'a, Value>> {
    let text = |s: &str| Some(Cow::Owned(Value::String(s.to_owned())));
    match path {
        FieldPath::Type => text(&event.event_type),
        FieldPath::UserId => event.user_id.as_deref().and_then(text),
        FieldPath::SessionId => event.session_id.as_deref().and_then(text),
        FieldPath::Timestamp => Some(Cow::Owned(event.timestamp.into())),
        FieldPath::Data(keys) => {
            let (head, rest) = keys.split_first()?;
            let mut value = event.data.get(head)?;
            for key in rest {
                value = match value {
                    Value::Object(map) => map.get(key)?,
                    Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
            Some(Cow::Borrowed(value))
        }
    }
}

/// A JSON number as `f64`; `None` for anything else (numeric strings included).
fn number(value: &Value) -> Option<f64> {
    value.as_f64().filter(|_| value.is_number())
}

/// Equality as filters and groups use it: numbers by value, the rest as JSON.
fn same(a: &Value, b: &Value) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// A query's filters, with their fields resolved once.
#[derive(Debug)]
pub struct Matcher {
    filters: Vec<(FieldPath, CompareOp, Value)>,
}

impl Matcher {
    /// Resolves the fields of `filters`.
    pub fn new(filters: &[EventFilter]) -> Result<Self, PluginError> {
        let filters = filters
            .iter()
            .map(|f| Ok((path(&f.field)?, f.op, f.value.clone())))
            .collect::<Result<_, PluginError>>()?;
        Ok(Self { filters })
    }

    /// Whether `event` meets every filter.
    pub fn matches(&self, event: &AnalyticsEvent) -> bool {
        self.filters
            .iter()
            .all(|(path, op, value)| holds(lookup(path, event).as_deref(), *op, value))
    }
}

/// Whether `found op value` holds; `found` is `None` when the field is missing.
pub fn holds(found: Option<&Value>, op: CompareOp, value: &Value) -> bool {
    let equal = || found.is_some_and(|f| same(f, value));
    let order = || number(found?)?.partial_cmp(&number(value)?);
    match op {
        CompareOp::Eq => equal(),
        CompareOp::Ne => !equal(),
        CompareOp::Lt => order() == Some(Ordering::Less),
        CompareOp::Lte => matches!(order(), Some(Ordering::Less | Ordering::Equal)),
        CompareOp::Gt => order() == Some(Ordering::Greater),
        CompareOp::Gte => matches!(order(), Some(Ordering::Greater | Ordering::Equal)),
    }
}

/// The `p`-th percentile (`0..=100`) of `sorted` (ascending), by linear
/// interpolation between closest ranks, computed the way NumPy's default
/// `method="linear"` does (so results match it to the last bit): `h = (n - 1)
/// · (p / 100)`, `γ = h - ⌊h⌋`, `a = x[⌊h⌋]`, `b = x[⌊h⌋ + 1]` (or `a` at the
/// end), then `a + (b - a)·γ` when `γ < 0.5` and `b - (b - a)·(1 - γ)`
/// otherwise. `None` for no values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * (p / 100.0);
    let below = h.floor();
    let gamma = h - below;
    let i = (below.max(0.0) as usize).min(n - 1);
    let (a, b) = (sorted[i], sorted[(i + 1).min(n - 1)]);
    let diff = b - a;
    Some(if gamma >= 0.5 { b - diff * (1.0 - gamma) } else { a + diff * gamma })
}

/// Compensated (Neumaier) sum, so long columns of decimals add up well.
fn sum(values: &[f64]) -> f64 {
    let (mut total, mut compensation) = (0.0_f64, 0.0_f64);
    for &x in values {
        let t = total + x;
        compensation += if total.abs() >= x.abs() { (total - t) + x } else { (x - t) + total };
        total = t;
    }
    total + compensation
}

/// One aggregation over `events`.
fn aggregate(
    aggregation: &Aggregation,
    path: Option<&FieldPath>,
    events: &[&AnalyticsEvent],
) -> AggregateValue {
    let name = aggregation.name();
    let Some(path) = path else {
        let n = events.len() as u64;
        return AggregateValue { name, value: Some(n as f64), samples: n };
    };
    let mut values: Vec<f64> =
        events.iter().filter_map(|e| lookup(path, e).as_deref().and_then(number)).collect();
    let empty = values.is_empty();
    let value = match aggregation {
        Aggregation::Sum { .. } => Some(sum(&values)),
        Aggregation::Avg { .. } => (!empty).then(|| sum(&values) / values.len() as f64),
        Aggregation::Min { .. } => values.iter().copied().reduce(f64::min),
        Aggregation::Max { .. } => values.iter().copied().reduce(f64::max),
        Aggregation::Percentile { p, .. } => {
            values.sort_by(f64::total_cmp);
            percentile(&values, *p)
        }
        _ => None,
    };
    AggregateValue { name, value, samples: values.len() as u64 }
}

fn aggregate_all(
    aggregations: &[(Aggregation, Option<FieldPath>)],
    events: &[&AnalyticsEvent],
) -> Vec<AggregateValue> {
    aggregations.iter().map(|(a, path)| aggregate(a, path.as_ref(), events)).collect()
}

/// A group's key, ordered: `null`, booleans, numbers, strings, arrays, objects.
#[derive(Debug, Clone)]
enum GroupKey {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// JSON text (for ordering and equality), and the value.
    Array(String, Value),
    Object(String, Value),
}

impl GroupKey {
    fn of(value: Option<&Value>) -> Self {
        match value {
            None | Some(Value::Null) => Self::Null,
            Some(Value::Bool(b)) => Self::Bool(*b),
            // `+ 0.0` turns -0 into 0, so they group together.
            Some(Value::Number(n)) => Self::Number(n.as_f64().unwrap_or(0.0) + 0.0),
            Some(Value::String(s)) => Self::Text(s.clone()),
            Some(v @ Value::Array(_)) => Self::Array(v.to_string(), v.clone()),
            Some(v @ Value::Object(_)) => Self::Object(v.to_string(), v.clone()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Self::Null => 0,
            Self::Bool(_) => 1,
            Self::Number(_) => 2,
            Self::Text(_) => 3,
            Self::Array(..) => 4,
            Self::Object(..) => 5,
        }
    }

    /// The key as JSON; whole numbers as integers.
    fn into_value(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => b.into(),
            Self::Number(x) if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 => {
                if x >= 0.0 {
                    (x as u64).into()
                } else {
                    (x as i64).into()
                }
            }
            Self::Number(x) => x.into(),
            Self::Text(s) => s.into(),
            Self::Array(_, v) | Self::Object(_, v) => v,
        }
    }
}

impl Ord for GroupKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Bool(a), Self::Bool(b)) => a.cmp(b),
            (Self::Number(a), Self::Number(b)) => a.total_cmp(b),
            (Self::Text(a), Self::Text(b))
            | (Self::Array(a, _), Self::Array(b, _))
            | (Self::Object(a, _), Self::Object(b, _)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for GroupKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GroupKey {}

/// The answer to `query` over `events` (already in its range and through its filters).
pub fn compute(
    query: &MetricsQuery,
    events: &[&AnalyticsEvent],
) -> Result<MetricsResult, PluginError> {
    let aggregations = query
        .aggregations
        .iter()
        .map(|a| Ok((a.clone(), a.field().map(path).transpose()?)))
        .collect::<Result<Vec<_>, PluginError>>()?;
    let mut groups = Vec::new();
    if let Some(field) = &query.group_by {
        let by = path(field)?;
        let mut members: BTreeMap<GroupKey, Vec<&AnalyticsEvent>> = BTreeMap::new();
        for event in events {
            members.entry(GroupKey::of(lookup(&by, event).as_deref())).or_default().push(event);
        }
        groups = members
            .into_iter()
            .map(|(key, members)| GroupMetrics {
                key: key.into_value(),
                events: members.len() as u64,
                values: aggregate_all(&aggregations, &members),
            })
            .collect();
    }
    Ok(MetricsResult {
        events: events.len() as u64,
        values: aggregate_all(&aggregations, events),
        groups,
    })
}
