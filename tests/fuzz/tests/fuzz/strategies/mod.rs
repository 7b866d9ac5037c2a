//! Generators shared by the properties: strings and JSON with the shapes
//! that break parsers, mutations of valid inputs, and valid inputs themselves.

pub mod bytes;
pub mod json;
pub mod manifests;
pub mod messages;
pub mod wasm;

use proptest::prelude::*;
use serde_json::Value;

/// Words the parsers give meaning to: field names, tags, enum values,
/// permission and hook names, ids, versions, URLs. Mutations that use them
/// reach past "unknown field" into the code that reads each field.
#[rustfmt::skip]
pub const WORDS: &[&str] = &[
    // Manifest fields and values.
    "id", "version", "name", "description", "authors", "license", "homepage", "repository",
    "tags", "category", "capabilities", "features", "hooks", "dependencies", "requires",
    "permissions", "config", "loading", "canvas_filter", "filters", "typography", "effects",
    "fonts", "animation", "animations", "easings", "analytics", "storage", "network", "custom",
    "hook", "priority", "condition", "routes", "roles", "optional", "peer", "host_api",
    "permission", "reason", "type", "default", "min", "max", "options", "max_length",
    "boolean", "integer", "number", "string", "strategy", "preload", "devices", "min_network",
    "timeouts", "fetch_ms", "init_ms", "retry", "attempts", "multiplier", "jitter", "budgets",
    "memory_mb", "eager", "lazy", "on_demand", "critical", "high", "normal", "low", "desktop",
    "3g", "slow-2g", "canvas.read", "canvas.write", "storage.read", "network.request",
    "custom:shop.checkout", "custom:", "filter.pre_apply", "analytics.pre_process",
    "custom:x", "dev.annex.grayscale", "dev.annex.x", "a.b", "Grayscale", "1.0.0",
    "1.2.3-beta.1", "^1.2", "~0.3", ">=1, <3", "*", "/shop/*", "/users/:id", "/",
    "https://example.com", "http://", "example.com",
    // Message fields and tags.
    "msg", "payload", "module", "listening", "ready", "boot_failed", "message", "instantiated",
    "memory_bytes", "load_failed", "error", "initialized", "init_failed", "reply", "call",
    "result", "usage", "storage_bytes", "network_requests", "throttled", "what", "refused",
    "emitted", "event_type", "data", "subscription", "subscribe", "once", "log", "level",
    "info", "debug", "warn", "Ok", "Err", "code", "bad_request", "panic", "trap", "unknown",
    "instantiate", "plugin", "grants", "limits", "storage_quota_bytes", "allow", "block",
    "requests_per_minute", "max_response_bytes", "timeout_ms", "memory_max_bytes",
    "max_result_bytes", "max_answer_bytes", "events_per_second", "logs_per_second", "init", "set_grant",
    "granted", "request", "method", "ping", "filter_apply", "event", "cleanup", "reload",
    "save_state", "restore_state", "update_config", "pong", "filter_applied", "done", "state",
    "saved", "outcome", "continue", "modify", "stop", "op", "get", "set", "delete", "list",
    "clear", "pattern", "value", "not_found", "keys", "key", "url", "headers", "GET",
    "response", "status", "body_len", "source", "width", "height", "hints", "quality",
    "prefer_speed", "draft", "best", "grayscale", "brightness", "amount", "box_blur",
    "radius", "swirl", "angle", "params", "*.example.com",
];

/// Strings of the kinds that break parsers and validators: printable
/// unicode, meaningful words, empty, whitespace and control characters,
/// astral and combining characters, and long repetitions.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,16}",
        3 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => "[ \\t\\n\\r\\x00-\\x1f\\x7f\\u{85}\\u{a0}\\u{2028}\\u{200b}\\u{feff}\\u{3000}]{1,8}",
        1 => "[\\u{300}-\\u{36f}\\u{202e}\\u{fffd}\\u{10000}-\\u{10ffff}]{1,8}",
        1 => (prop::sample::select(WORDS), 1usize..2_000).prop_map(|(word, n)| word.repeat(n)),
    ]
}

/// Numbers at the edges: of the integer types the messages use, of f64, and
/// of the limits the manifest checks.
pub fn edge_number() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        Value::from(0),
        Value::from(-1),
        Value::from(1),
        Value::from(255),
        Value::from(256),
        Value::from(4096),
        Value::from(4097),
        Value::from(65_536),
        Value::from(u64::from(u16::MAX) + 1),
        Value::from(u64::from(u32::MAX)),
        Value::from(u64::from(u32::MAX) + 1),
        Value::from(i64::MIN),
        Value::from(i64::MAX),
        Value::from(u64::MAX),
        Value::from((1u64 << 53) + 1),
        Value::from(0.5),
        Value::from(-0.0),
        Value::from(1e-320),
        Value::from(f64::MAX),
        Value::from(f64::MIN),
        Value::from(1e21),
    ])
}

/// Finite f64s of every class (what JSON can carry).
pub fn finite_f64() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![(POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO), -1e6f64..1e6,]
}

/// Any JSON value, at most a few levels deep (deep nesting has its own
/// strategy, see [`json::Edit::Nest`]), with object keys that are often
/// field names.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        edge_number(),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// An object key: mostly a field name, sometimes anything.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => prop::sample::select(WORDS).prop_map(str::to_owned), 1 => text()]
}

/// JSON objects whose fields are mostly the ones the decoders look for.
pub fn json_object() -> impl Strategy<Value = Value> {
    prop::collection::vec((key(), json_value()), 0..10)
        .prop_map(|fields| Value::Object(fields.into_iter().collect()))
}
