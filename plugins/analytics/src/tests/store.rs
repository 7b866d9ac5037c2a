//! How events are stored: chunk keys, one chunk per batch, compression, and
//! which chunks a query reads.

use annex_sdk::api::analytics::{Aggregation, AnalyticsEvent, MetricsQuery, TimeRange};
use annex_sdk::testing::{Harness, HostCall};
use serde_json::json;

use super::*;

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
