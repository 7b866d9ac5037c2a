//! CSV and JSON exports: quoting, line ends, the data column.

use annex_sdk::api::analytics::AnalyticsEvent;
use serde_json::{json, Value};

use super::*;

#[test]
fn csv_fields_are_quoted_only_when_needed_and_quotes_are_doubled() {
    assert_eq!(csv_field("plain text"), "plain text");
    assert_eq!(csv_field(""), "");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
    assert_eq!(csv_field(" spaced "), " spaced ", "spaces are part of the field");
    assert_eq!(csv_field("=1+1"), "=1+1", "written as it is");
}

#[test]
fn csv_has_a_header_crlf_lines_and_data_as_a_json_column() {
    let a = AnalyticsEvent::new("click", 5).with("label", "Buy, now").user("u,1").session("s");
    let b = AnalyticsEvent::new("view", 6).with("q", "say \"x\"\nok");
    let c = AnalyticsEvent::new("empty", 7);
    let text = csv(&[&a, &b, &c]);
    assert_eq!(
        text,
        "timestamp,type,user_id,session_id,data\r\n\
         5,click,\"u,1\",s,\"{\"\"label\"\":\"\"Buy, now\"\"}\"\r\n\
         6,view,,,\"{\"\"q\"\":\"\"say \\\"\"x\\\"\"\\nok\"\"}\"\r\n\
         7,empty,,,{}\r\n"
    );
    let array: Value = serde_json::from_slice(&json(&[&a, &c])).unwrap();
    assert_eq!(
        array,
        json!([
            {"type": "click", "data": {"label": "Buy, now"}, "timestamp": 5, "user_id": "u,1", "session_id": "s"},
            {"type": "empty", "data": {}, "timestamp": 7}
        ])
    );
}
