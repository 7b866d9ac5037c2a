//! Filters, field lookup, aggregation and percentiles, on events in memory.

use annex_sdk::api::analytics::{
    Aggregation, AnalyticsEvent, CompareOp, EventFilter, FieldPath, MetricsQuery,
};
use serde_json::{json, Value};

use super::*;

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
