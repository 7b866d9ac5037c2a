//! Exports: the matching events written out as JSON or CSV.

use super::*;

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
