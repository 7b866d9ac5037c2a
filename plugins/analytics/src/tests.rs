use annex_sdk::api::analytics::{
    Aggregation, AnalyticsEvent, CompareOp, EventFilter, ExportFormat, ExportRequest, FieldPath,
    MetricsQuery, TimeRange,
};
use annex_sdk::testing::{Harness, HostCall};
use annex_sdk::ErrorCode;
use serde_json::{json, Value};

use super::*;

/// `a` and `b` equal to 1e-9 (interpolated percentiles are not exact in binary).
fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn request(t: u64, ms: Value) -> AnalyticsEvent {
    AnalyticsEvent::new("request", t).with("ms", ms)
}

// ---- percentiles ----

#[test]
fn percentiles_match_hand_computed_linear_interpolation() {
    // h = (n - 1) · p / 100; value = x[⌊h⌋] + (h - ⌊h⌋) · (x[⌊h⌋ + 1] - x[⌊h⌋]).
    let four = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(percentile(&four, 0.0), Some(1.0));
    assert!(close(percentile(&four, 25.0), 1.75)); // h = 0.75
    assert_eq!(percentile(&four, 50.0), Some(2.5)); // h = 1.5
    assert!(close(percentile(&four, 90.0), 3.7)); // h = 2.7
    assert_eq!(percentile(&four, 100.0), Some(4.0)); // h = 3

    let ten = [12.0, 15.0, 20.0, 22.0, 30.0, 35.0, 41.0, 50.0, 75.0, 100.0];
    assert!(close(percentile(&ten, 50.0), 32.5)); // h = 4.5: 30 + 0.5 · 5
    assert!(close(percentile(&ten, 90.0), 77.5)); // h = 8.1: 75 + 0.1 · 25
    assert!(close(percentile(&ten, 99.0), 97.75)); // h = 8.91: 75 + 0.91 · 25
    assert_eq!(percentile(&ten, 0.0), Some(12.0));
    assert_eq!(percentile(&ten, 100.0), Some(100.0));

    assert_eq!(percentile(&[7.0], 37.0), Some(7.0));
    assert_eq!(percentile(&[], 50.0), None);
    // Repeated values and negatives.
    assert_eq!(percentile(&[-5.0, -5.0, 5.0], 50.0), Some(-5.0)); // h = 1
    assert!(close(percentile(&[-5.0, -5.0, 5.0], 75.0), 0.0)); // h = 1.5
}

// ---- filters ----

fn data_event(data: Value) -> AnalyticsEvent {
    let mut event = AnalyticsEvent::new("e", 1);
    event.data = data.as_object().unwrap().clone();
    event
}

#[test]
fn filters_compare_numbers_by_value_and_never_match_missing_or_non_numeric_values() {
    let n = |v: Value| Some(v);
    assert!(holds(n(json!(1)).as_ref(), CompareOp::Eq, &json!(1.0)));
    assert!(holds(n(json!("a")).as_ref(), CompareOp::Eq, &json!("a")));
    assert!(!holds(n(json!("1")).as_ref(), CompareOp::Eq, &json!(1)), "a string is not a number");
    assert!(!holds(None, CompareOp::Eq, &json!(null)), "missing equals nothing, not even null");
    assert!(holds(n(json!(null)).as_ref(), CompareOp::Eq, &json!(null)));
    assert!(holds(None, CompareOp::Ne, &json!(3)), "missing is not equal");
    assert!(holds(n(json!(2)).as_ref(), CompareOp::Ne, &json!(3)));
    assert!(!holds(n(json!(3.0)).as_ref(), CompareOp::Ne, &json!(3)));
    assert!(holds(n(json!([1, 2])).as_ref(), CompareOp::Eq, &json!([1, 2])));

    for (op, expect) in [
        (CompareOp::Lt, [true, false, false]),
        (CompareOp::Lte, [true, true, false]),
        (CompareOp::Gt, [false, false, true]),
        (CompareOp::Gte, [false, true, true]),
    ] {
        let got = [9, 10, 11].map(|x| holds(n(json!(x)).as_ref(), op, &json!(10)));
        assert_eq!(got, expect, "{op:?}");
        assert!(!holds(None, op, &json!(10)), "{op:?} on a missing field");
        assert!(!holds(n(json!("9")).as_ref(), op, &json!(10)), "{op:?} on a numeric string");
        assert!(!holds(n(json!(true)).as_ref(), op, &json!(10)), "{op:?} on a boolean");
    }
}

#[test]
fn fields_reach_into_nested_data_and_arrays() {
    let event =
        data_event(json!({"cart": {"items": [{"price": 4}, {"price": 6}]}, "flat": 1})).user("u1");
    let get = |path: &str| {
        let path = annex_sdk::api::analytics::Field::new(path).parse().unwrap();
        lookup(&path, &event).map(|v| v.into_owned())
    };
    assert_eq!(get("data.cart.items.1.price"), Some(json!(6)));
    assert_eq!(get("data.cart.items.2.price"), None);
    assert_eq!(get("data.cart.items.x"), None);
    assert_eq!(get("data.flat.deeper"), None);
    assert_eq!(get("type"), Some(json!("e")));
    assert_eq!(get("user_id"), Some(json!("u1")));
    assert_eq!(get("session_id"), None);
    assert_eq!(get("timestamp"), Some(json!(1)));
    assert_eq!(lookup(&FieldPath::Data(vec!["nope".into()]), &event), None);

    let matcher = Matcher::new(&[
        EventFilter::event_type("e"),
        EventFilter::gt("data.cart.items.0.price", 3.0),
    ])
    .unwrap();
    assert!(matcher.matches(&event));
    assert!(!Matcher::new(&[EventFilter::event_type("f")]).unwrap().matches(&event));
}

// ---- aggregation ----

#[test]
fn aggregations_skip_missing_and_non_numeric_values() {
    let events = [
        data_event(json!({"x": 2})),
        data_event(json!({"x": 4.5})),
        data_event(json!({"x": "7"})),
        data_event(json!({"x": null})),
        data_event(json!({"x": true})),
        data_event(json!({"y": 100})),
        data_event(json!({"x": -1})),
    ];
    let refs: Vec<_> = events.iter().collect();
    let query = MetricsQuery::new()
        .aggregate(Aggregation::count())
        .aggregate(Aggregation::sum("data.x"))
        .aggregate(Aggregation::avg("data.x"))
        .aggregate(Aggregation::min("data.x"))
        .aggregate(Aggregation::max("data.x"))
        .aggregate(Aggregation::percentile("data.x", 50.0))
        .aggregate(Aggregation::sum("data.missing"))
        .aggregate(Aggregation::avg("data.missing"))
        .aggregate(Aggregation::percentile("data.missing", 50.0));
    let result = compute(&query, &refs).unwrap();
    assert_eq!(result.events, 7);
    let got: Vec<(String, Option<f64>, u64)> =
        result.values.iter().map(|v| (v.name.clone(), v.value, v.samples)).collect();
    assert_eq!(
        got,
        [
            ("count".into(), Some(7.0), 7),
            ("sum(data.x)".into(), Some(5.5), 3),
            ("avg(data.x)".into(), Some(5.5 / 3.0), 3),
            ("min(data.x)".into(), Some(-1.0), 3),
            ("max(data.x)".into(), Some(4.5), 3),
            ("p50(data.x)".into(), Some(2.0), 3),
            ("sum(data.missing)".into(), Some(0.0), 0),
            ("avg(data.missing)".into(), None, 0),
            ("p50(data.missing)".into(), None, 0),
        ]
    );
}

#[test]
fn sums_of_decimals_are_compensated() {
    let events: Vec<_> = (0..10).map(|_| data_event(json!({"x": 0.1}))).collect();
    let refs: Vec<_> = events.iter().collect();
    let result =
        compute(&MetricsQuery::new().aggregate(Aggregation::sum("data.x")), &refs).unwrap();
    assert_eq!(result.value("sum(data.x)"), Some(1.0), "a naive sum gives 0.9999999999999999");
}

#[test]
fn groups_are_keyed_by_value_and_sorted_by_kind_then_value() {
    let events = [
        data_event(json!({"k": "b", "v": 1})),
        data_event(json!({"k": 2, "v": 2})),
        data_event(json!({"k": 2.0, "v": 3})),
        data_event(json!({"v": 4})),
        data_event(json!({"k": "a", "v": 5})),
        data_event(json!({"k": true, "v": 6})),
        data_event(json!({"k": -0.5, "v": 7})),
        data_event(json!({"k": null, "v": 8})),
        data_event(json!({"k": [1], "v": 9})),
    ];
    let refs: Vec<_> = events.iter().collect();
    let query = MetricsQuery::new().aggregate(Aggregation::sum("data.v")).group_by("data.k");
    let result = compute(&query, &refs).unwrap();
    let groups: Vec<(Value, u64, Option<f64>)> =
        result.groups.iter().map(|g| (g.key.clone(), g.events, g.value("sum(data.v)"))).collect();
    assert_eq!(
        groups,
        [
            (json!(null), 2, Some(12.0)), // missing and null together
            (json!(true), 1, Some(6.0)),
            (json!(-0.5), 1, Some(7.0)),
            (json!(2), 2, Some(5.0)), // 2 and 2.0 together, keyed as an integer
            (json!("a"), 1, Some(5.0)),
            (json!("b"), 1, Some(1.0)),
            (json!([1]), 1, Some(9.0)),
        ]
    );
    assert_eq!(result.value("sum(data.v)"), Some(45.0), "totals over every event");
    assert!(compute(&MetricsQuery::new(), &refs).unwrap().groups.is_empty());
}

// ---- CSV and JSON ----

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

// ---- key layout ----

#[test]
fn chunk_keys_are_zero_padded_and_round_trip() {
    let key = ChunkKey {
        first: 1_700_000_000_000,
        last: 1_700_000_004_999,
        seq: 42,
        tag: "9f86d081".into(),
    };
    assert_eq!(key.to_string(), "ev:1700000000000:1700000004999:0000000042:9f86d081");
    assert_eq!(ChunkKey::parse(&key.to_string()), Some(key));
    let early = ChunkKey { first: 5, last: 9, seq: 0, tag: "00000000".into() };
    assert_eq!(early.to_string(), "ev:0000000000005:0000000000009:0000000000:00000000");
    assert!(
        early.to_string() < ChunkKey { first: 10, ..early }.to_string(),
        "text order is time order"
    );
    for bad in [
        "ev:5:9:0:00000000",
        "ev:0000000000009:0000000000005:0000000000:00000000",
        "ev:0000000000005:0000000000009:0000000000:xyz",
        "ev:0000000000005:0000000000009:0000000000:00000000:extra",
        "notes:1",
    ] {
        assert_eq!(ChunkKey::parse(bad), None, "{bad}");
    }
}

fn chunk_keys(h: &Harness<Analytics>) -> Vec<String> {
    h.host().stored().keys().filter(|k| k.starts_with(PREFIX)).cloned().collect()
}

#[test]
fn a_batch_is_one_chunk_with_its_time_bounds_in_the_key() {
    let mut h = Harness::<Analytics>::new().unwrap();
    let batch = vec![request(1_000, json!(1)), request(3_000, json!(2)), request(2_000, json!(3))];
    assert_eq!(h.track(batch).unwrap(), 3);
    h.track(vec![request(500, json!(4))]).unwrap();
    let keys = chunk_keys(&h);
    assert_eq!(keys.len(), 2, "{keys:?}");
    let parsed: Vec<ChunkKey> = keys.iter().map(|k| ChunkKey::parse(k).unwrap()).collect();
    assert_eq!((parsed[0].first, parsed[0].last, parsed[0].seq), (500, 500, 1));
    assert_eq!((parsed[1].first, parsed[1].last, parsed[1].seq), (1_000, 3_000, 0));
    let sets: Vec<_> = h
        .host()
        .calls()
        .into_iter()
        .filter(|c| matches!(c, HostCall::Storage { op: "set", .. }))
        .collect();
    assert_eq!(sets.len(), 2, "one write per track call");
    // What is stored decodes back to the events, in the order given.
    let stored = h.host().stored();
    let events = decode(&keys[1], &stored[&keys[1]]).unwrap();
    assert_eq!(events.iter().map(|e| e.timestamp).collect::<Vec<_>>(), [1_000, 3_000, 2_000]);
}

#[test]
fn a_query_reads_only_the_chunks_its_range_overlaps() {
    let mut h = Harness::<Analytics>::new().unwrap();
    for hour in 0..5u64 {
        let t = hour * 3_600_000;
        h.track(vec![request(t, json!(hour)), request(t + 60_000, json!(hour))]).unwrap();
    }
    let before = h.host().calls().len();
    let query = MetricsQuery::new()
        .range(TimeRange::between(3_600_000, 2 * 3_600_000))
        .aggregate(Aggregation::sum("data.ms"));
    let result = h.query(&query).unwrap();
    assert_eq!((result.events, result.value("sum(data.ms)")), (2, Some(2.0)));
    let reads: Vec<String> = h.host().calls()[before..]
        .iter()
        .filter_map(|c| match c {
            HostCall::Storage { op: "get", key } => Some(key.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert!(reads[0].starts_with("ev:0000003600000:0000003660000:"), "{reads:?}");
}

#[test]
fn similar_events_are_stored_compressed() {
    let mut h = Harness::<Analytics>::new().unwrap();
    let events: Vec<_> = (0..500)
        .map(|i| {
            AnalyticsEvent::new("page_view", 1_700_000_000_000 + i * 1000)
                .with("path", format!("/products/{}", i % 20))
                .with("ms", i % 97)
                .user(format!("user-{}", i % 7))
                .session("session-1")
        })
        .collect();
    let json_len = serde_json::to_vec(&events).unwrap().len();
    h.track(events).unwrap();
    let stored: usize = h.host().stored().values().map(Vec::len).sum();
    assert!(stored * 4 < json_len, "stored {stored} bytes for {json_len} bytes of JSON");
}

// ---- the plugin through the harness ----

/// Ten requests in range (ms 12…100), plus ones the range or filter leaves out.
fn dataset() -> Vec<AnalyticsEvent> {
    let ms = [41, 12, 100, 22, 35, 15, 75, 20, 50, 30];
    let mut events: Vec<_> = ms
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            request(10_000 + i as u64 * 100, json!(ms))
                .with("route", if i % 2 == 0 { "/a" } else { "/b" })
        })
        .collect();
    events.push(request(9_999, json!(1_000))); // before the range
    events.push(request(20_000, json!(1_000))); // at `to`: outside
    events.push(AnalyticsEvent::new("click", 10_500).with("ms", 1_000)); // other type
    events.push(request(10_600, json!("slow")).with("route", "/a")); // not a number
    events
}

#[test]
fn metrics_over_a_range_with_a_filter_and_groups() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(dataset()).unwrap();
    let query = MetricsQuery::new()
        .range(TimeRange::between(10_000, 20_000))
        .filter(EventFilter::event_type("request"))
        .aggregate(Aggregation::count())
        .aggregate(Aggregation::sum("data.ms"))
        .aggregate(Aggregation::avg("data.ms"))
        .aggregate(Aggregation::min("data.ms"))
        .aggregate(Aggregation::max("data.ms"))
        .aggregate(Aggregation::percentile("data.ms", 50.0))
        .aggregate(Aggregation::percentile("data.ms", 90.0))
        .aggregate(Aggregation::percentile("data.ms", 99.0))
        .group_by("data.route");
    let result = h.query(&query).unwrap();
    assert_eq!(result.events, 11, "ten requests and the non-numeric one");
    assert_eq!(result.value("count"), Some(11.0));
    assert_eq!(result.value("sum(data.ms)"), Some(400.0));
    assert_eq!(result.value("avg(data.ms)"), Some(40.0));
    assert_eq!(result.value("min(data.ms)"), Some(12.0));
    assert_eq!(result.value("max(data.ms)"), Some(100.0));
    assert!(close(result.value("p50(data.ms)"), 32.5));
    assert!(close(result.value("p90(data.ms)"), 77.5));
    assert!(close(result.value("p99(data.ms)"), 97.75));
    assert_eq!(result.values[1].samples, 10, "the string was skipped");

    // /a: 41, 100, 35, 75, 50 (and "slow"); /b: 12, 22, 15, 20, 30.
    let a = result.group("/a").unwrap();
    assert_eq!(
        (a.events, a.value("sum(data.ms)"), a.value("p50(data.ms)")),
        (6, Some(301.0), Some(50.0))
    );
    let b = result.group("/b").unwrap();
    assert_eq!(
        (b.events, b.value("avg(data.ms)"), b.value("max(data.ms)")),
        (5, Some(19.8), Some(30.0))
    );
    assert_eq!(result.groups.len(), 2);
}

#[test]
fn exports_are_ordered_by_time_then_as_tracked() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![AnalyticsEvent::new("b", 20), AnalyticsEvent::new("a", 10)]).unwrap();
    h.track(vec![AnalyticsEvent::new("c", 20).user("u"), AnalyticsEvent::new("z", 99)]).unwrap();
    let request = ExportRequest::new(ExportFormat::Csv, TimeRange::until(99));
    let (count, text) = h.export(&request).unwrap();
    assert_eq!(count, 3);
    assert_eq!(
        text,
        "timestamp,type,user_id,session_id,data\r\n10,a,,,{}\r\n20,b,,,{}\r\n20,c,u,,{}\r\n"
    );
    let json_request = ExportRequest::new(ExportFormat::Json, TimeRange::all())
        .filter(EventFilter::new("user_id", CompareOp::Ne, "u"));
    let (count, text) = h.export(&json_request).unwrap();
    let types: Vec<String> = serde_json::from_str::<Vec<AnalyticsEvent>>(&text)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert_eq!((count, types), (3, vec!["a".to_owned(), "b".into(), "z".into()]));
}

#[test]
fn tracked_events_survive_a_restart_and_new_chunks_continue_the_sequence() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![request(1, json!(5)), request(2, json!(6))]).unwrap();
    h.track(vec![request(3, json!(7))]).unwrap();
    let mut h = h.restart().unwrap();
    let result = h.query(&MetricsQuery::new().aggregate(Aggregation::sum("data.ms"))).unwrap();
    assert_eq!((result.events, result.value("sum(data.ms)")), (3, Some(18.0)));
    h.track(vec![request(4, json!(8))]).unwrap();
    let seqs: Vec<u64> = chunk_keys(&h).iter().map(|k| ChunkKey::parse(k).unwrap().seq).collect();
    assert_eq!(seqs, [0, 1, 2], "after a restart the next write takes the next number");
}

#[test]
fn clearing_a_range_deletes_whole_chunks_and_rewrites_partial_ones_in_place() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![request(10, json!(1)), request(20, json!(2)), request(30, json!(3))]).unwrap();
    h.track(vec![request(21, json!(4)), request(22, json!(5))]).unwrap();
    let before = chunk_keys(&h);
    assert_eq!(h.clear_events(TimeRange::between(15, 25)).unwrap(), 3);
    let after = chunk_keys(&h);
    assert_eq!(after, [before[0].clone()], "the partial chunk kept its key; the covered one went");
    let result = h.query(&MetricsQuery::new().aggregate(Aggregation::sum("data.ms"))).unwrap();
    assert_eq!((result.events, result.value("sum(data.ms)")), (2, Some(4.0)));
    assert_eq!(h.clear_events(TimeRange::between(15, 25)).unwrap(), 0, "nothing left there");
    assert_eq!(h.clear_events(TimeRange::all()).unwrap(), 2);
    assert!(chunk_keys(&h).is_empty());
}

#[test]
fn bad_requests_name_the_problem_and_touch_nothing() {
    let mut h = Harness::<Analytics>::new().unwrap();
    let bad = MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", 101.0));
    let err = h.query(&bad).unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::BadRequest, "aggregations[0].p: percentile 101 is outside 0..=100")
    );
    let err = h.query(&MetricsQuery::new().aggregate(Aggregation::max("ms"))).unwrap_err();
    assert!(
        err.message.starts_with("aggregations[0].field: unknown field `ms`"),
        "{}",
        err.message
    );
    let err = h.query(&MetricsQuery::new().range(TimeRange::between(5, 4))).unwrap_err();
    assert!(err.message.starts_with("range: `from` (5) is after `to` (4)"), "{}", err.message);
    let err = h.track(vec![request(1, json!(1)), AnalyticsEvent::new("Bad Type", 1)]).unwrap_err();
    assert!(err.message.starts_with("events[1].type:"), "{}", err.message);
    assert!(h.host().stored().is_empty());
    assert!(h.host().calls().is_empty(), "refused before any storage call");
}

#[test]
fn a_batch_past_the_quota_stores_nothing() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.host().set_storage_quota(200);
    let big: Vec<_> = (0..200)
        .map(|i| AnalyticsEvent::new("e", i).with("id", format!("{:x}", i * 7919)))
        .collect();
    let err = h.track(big).unwrap_err();
    assert_eq!(err.code, ErrorCode::QuotaExceeded);
    assert!(h.host().stored().is_empty());
    assert_eq!(h.track(vec![AnalyticsEvent::new("e", 1)]).unwrap(), 1, "a small one still fits");
}

#[test]
fn an_empty_batch_is_a_no_op() {
    let mut h = Harness::<Analytics>::new().unwrap();
    assert_eq!(h.track(Vec::new()).unwrap(), 0);
    assert!(h.host().calls().is_empty());
}
