use crate::encoded::Encoded;
use serde_json::json;

use super::*;
use crate::message::{PluginRequest, PluginResponse};
use crate::ErrorCode;

fn message(result: Result<(), PluginError>) -> String {
    let error = result.unwrap_err();
    assert_eq!(error.code, ErrorCode::BadRequest);
    error.message
}

#[test]
fn ranges_are_half_open() {
    let range = TimeRange::between(10, 20);
    assert!(!range.contains(9));
    assert!(range.contains(10));
    assert!(range.contains(19));
    assert!(!range.contains(20));
    assert!(TimeRange::all().contains(0) && TimeRange::all().contains(MAX_TIMESTAMP));
    assert!(TimeRange::since(5).contains(5) && !TimeRange::since(5).contains(4));
    assert!(TimeRange::until(5).contains(4) && !TimeRange::until(5).contains(5));
    assert!(TimeRange::between(7, 7).validate("range").is_ok(), "empty but valid");
    assert!(!TimeRange::between(7, 7).contains(7));
}

#[test]
fn ranges_overlap_and_cover_chunks() {
    let range = TimeRange::between(10, 20);
    assert!(range.overlaps(0, 10));
    assert!(range.overlaps(19, 30));
    assert!(!range.overlaps(0, 9));
    assert!(!range.overlaps(20, 30));
    assert!(range.covers(10, 19));
    assert!(!range.covers(10, 20));
    assert!(!range.covers(9, 15));
    assert!(TimeRange::all().covers(0, MAX_TIMESTAMP));
}

#[test]
fn a_range_from_after_to_is_named() {
    let query = MetricsQuery::new().range(TimeRange::between(2000, 1000));
    assert_eq!(
        message(query.validate()),
        "range: `from` (2000) is after `to` (1000); a range is from <= timestamp < to"
    );
}

#[test]
fn fields_parse_or_say_what_is_expected() {
    assert_eq!(Field::new("user_id").parse(), Ok(FieldPath::UserId));
    assert_eq!(Field::new("session_id").parse(), Ok(FieldPath::SessionId));
    assert_eq!(Field::new("timestamp").parse(), Ok(FieldPath::Timestamp));
    assert_eq!(
        Field::new("data.items.0.price").parse(),
        Ok(FieldPath::Data(vec!["items".into(), "0".into(), "price".into()]))
    );
    assert!(Field::new("data").parse().unwrap_err().contains("`data` needs a key"));
    assert!(Field::new("data.").parse().unwrap_err().contains("empty key"));
    assert!(Field::new("data.a..b").parse().unwrap_err().contains("empty key"));
    assert!(Field::new("Type").parse().unwrap_err().contains("unknown field `Type`"));
}

#[test]
fn malformed_queries_name_the_problem() {
    let bad_field =
        MetricsQuery::new().aggregate(Aggregation::count()).aggregate(Aggregation::sum("price"));
    assert_eq!(
        message(bad_field.validate()),
        "aggregations[1].field: unknown field `price`; expected `type`, `user_id`, `session_id`, `timestamp` or `data.<key>`"
    );
    let bad_p = MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", 150.0));
    assert_eq!(message(bad_p.validate()), "aggregations[0].p: percentile 150 is outside 0..=100");
    let negative = MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", -0.5));
    assert!(message(negative.validate()).contains("percentile -0.5 is outside 0..=100"));
    for p in [0.0, 50.0, 100.0] {
        assert!(MetricsQuery::new()
            .aggregate(Aggregation::percentile("data.ms", p))
            .validate()
            .is_ok());
    }
    let bad_filter = MetricsQuery::new().filter(EventFilter::new("data.n", CompareOp::Gt, "ten"));
    assert_eq!(
        message(bad_filter.validate()),
        r#"filters[0].value: `gt` compares numbers, but the value is "ten""#
    );
    let bad_group = MetricsQuery::new().group_by("data..x");
    assert!(message(bad_group.validate()).starts_with("group_by: field `data..x` has an empty key"));
    let too_many =
        MetricsQuery { aggregations: vec![Aggregation::count(); 33], ..Default::default() };
    assert!(message(too_many.validate()).contains("at most 32"));
}

#[test]
fn events_are_checked_with_their_index() {
    let ok = AnalyticsEvent::new("page_view", 1).with("path", "/").user("u").session("s");
    assert!(validate_events(std::slice::from_ref(&ok)).is_ok());
    let bad_type = AnalyticsEvent::new("Page View", 1);
    assert!(message(validate_events(&[ok.clone(), bad_type]))
        .starts_with("events[1].type: `Page View` is not a valid event type"));
    let late = AnalyticsEvent::new("x", MAX_TIMESTAMP + 1);
    assert!(message(late.validate("events[0]")).starts_with("events[0].timestamp: 10000000000000"));
    let empty_user = AnalyticsEvent::new("x", 1).user("");
    assert!(message(empty_user.validate("e")).starts_with("e.user_id: must be 1 to 256 bytes"));
    let big = AnalyticsEvent::new("x", 1).with("blob", "x".repeat(MAX_DATA_BYTES));
    assert!(message(big.validate("e")).contains("more than the 16384 allowed"));
    let many = vec![ok; MAX_BATCH + 1];
    assert!(message(validate_events(&many)).contains("split it"));
}

#[test]
fn requests_nest_under_the_method_tag() {
    let track = PluginRequest::Analytics(Encoded::new(&AnalyticsRequest::Track {
        events: vec![AnalyticsEvent::new("click", 5).with("x", 1)],
    }));
    let json = serde_json::to_value(&track).unwrap();
    assert_eq!(
        json,
        json!({"method": "analytics", "op": "track",
               "events": [{"type": "click", "data": {"x": 1}, "timestamp": 5}]})
    );
    assert_eq!(serde_json::from_value::<PluginRequest>(json).unwrap(), track);

    let query = PluginRequest::Analytics(Encoded::new(&AnalyticsRequest::Query(
        MetricsQuery::new()
            .range(TimeRange::since(3))
            .filter(EventFilter::gte("data.ms", 10.0))
            .aggregate(Aggregation::percentile("data.ms", 90.0))
            .group_by("type"),
    )));
    let json = serde_json::to_value(&query).unwrap();
    assert_eq!(
        json,
        json!({"method": "analytics", "op": "query", "range": {"from": 3},
               "filters": [{"field": "data.ms", "op": "gte", "value": 10.0}],
               "aggregations": [{"op": "percentile", "field": "data.ms", "p": 90.0}],
               "group_by": "type"})
    );
    assert_eq!(serde_json::from_value::<PluginRequest>(json).unwrap(), query);

    let export = AnalyticsRequest::Export(ExportRequest::new(ExportFormat::Csv, TimeRange::all()));
    assert_eq!(serde_json::to_value(&export).unwrap(), json!({"op": "export", "format": "csv"}));
    let clear: AnalyticsRequest = serde_json::from_value(json!({"op": "clear"})).unwrap();
    assert_eq!(clear, AnalyticsRequest::Clear { range: TimeRange::all() });
    let average: Aggregation =
        serde_json::from_value(json!({"op": "average", "field": "data.x"})).unwrap();
    assert_eq!(average, Aggregation::avg("data.x"));
}

#[test]
fn responses_round_trip() {
    let metrics =
        PluginResponse::Analytics(Encoded::new(&AnalyticsResponse::Metrics(MetricsResult {
            events: 2,
            values: vec![AggregateValue { name: "min(data.x)".into(), value: None, samples: 0 }],
            groups: vec![GroupMetrics { key: json!("a"), events: 2, values: vec![] }],
        })));
    let json = serde_json::to_value(&metrics).unwrap();
    assert_eq!(json["type"], "analytics");
    assert_eq!(json["result"], "metrics");
    assert_eq!(json["values"][0]["value"], serde_json::Value::Null);
    assert_eq!(serde_json::from_value::<PluginResponse>(json).unwrap(), metrics);
}

#[test]
fn results_find_values_and_groups() {
    let value =
        |name: &str, v: f64| AggregateValue { name: name.into(), value: Some(v), samples: 1 };
    let result = MetricsResult {
        events: 3,
        values: vec![value("count", 3.0)],
        groups: vec![
            GroupMetrics { key: json!(null), events: 1, values: vec![value("count", 1.0)] },
            GroupMetrics { key: json!(200), events: 2, values: vec![value("count", 2.0)] },
        ],
    };
    assert_eq!(result.value("count"), Some(3.0));
    assert_eq!(result.value("sum(data.x)"), None);
    assert_eq!(result.group(200.0).unwrap().value("count"), Some(2.0), "numbers by value");
    assert_eq!(result.group(serde_json::Value::Null).unwrap().events, 1);
    assert!(result.group("200").is_none(), "a string is not a number");
}
