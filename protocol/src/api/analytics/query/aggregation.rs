//! The numbers a query computes over the matching events.

use super::*;

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

    pub(super) fn validate(&self, path: &str) -> Result<(), PluginError> {
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
