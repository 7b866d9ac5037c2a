//! JSON and CSV exports, as `annex_protocol::api::analytics` defines them.

use std::borrow::Cow;

use annex_sdk::api::analytics::{AnalyticsEvent, ExportFormat, CSV_COLUMNS};

/// `events` written as `format`.
pub fn write(format: ExportFormat, events: &[&AnalyticsEvent]) -> Vec<u8> {
    match format {
        ExportFormat::Json => json(events),
        ExportFormat::Csv => csv(events).into_bytes(),
    }
}

/// A JSON array of the events.
pub fn json(events: &[&AnalyticsEvent]) -> Vec<u8> {
    serde_json::to_vec(events).expect("events serialize")
}

/// RFC 4180 CSV: a header row, one row per event, every line ending in CRLF;
/// `data` as its compact JSON text.
pub fn csv(events: &[&AnalyticsEvent]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for event in events {
        let data = serde_json::to_string(&event.data).expect("data serializes");
        let fields = [
            event.timestamp.to_string(),
            csv_field(&event.event_type).into_owned(),
            csv_field(event.user_id.as_deref().unwrap_or("")).into_owned(),
            csv_field(event.session_id.as_deref().unwrap_or("")).into_owned(),
            csv_field(&data).into_owned(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field: quoted when it holds a comma, a double quote, CR or LF,
/// with each double quote inside doubled; as it is otherwise.
pub fn csv_field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}
