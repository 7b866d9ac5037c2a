//! The decoders of what crosses the worker boundary and the plugin ABI.
//!
//! The host decodes [`WorkerMessage`] with `serde_wasm_bindgen` from a JS
//! object, the worker decodes [`HostMessage`] the same way, the worker reads
//! a plugin's [`PluginResponse`] or [`PluginError`] with `serde_json` from the
//! plugin's memory, and plugins read [`PluginRequest`] likewise. The
//! `Deserialize` impls are the same on every path; here they run on JSON
//! values (`serde_json::from_value`, the object path) and on text
//! (`serde_json::from_slice`, the ABI path).

use std::fmt::Debug;

use annex_protocol::api::events::Event;
use annex_protocol::api::filter::FilterRequest;
use annex_protocol::api::hooks::HookOutcome;
use annex_protocol::api::network::{NetworkRequest, NetworkResponse};
use annex_protocol::api::storage::{StorageRequest, StorageResponse};
use annex_protocol::message::{
    HostMessage, InitRequest, PluginRequest, PluginResponse, WorkerLimits, WorkerMessage,
};
use annex_protocol::PluginError;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::nesting::DEEPEST;
use crate::strategies::messages::{
    hook_outcome, host_message, plugin_error, plugin_request, plugin_response, worker_message,
};
use crate::strategies::{bytes, json, json_object, json_value};

/// `message` survives encoding and decoding unchanged, as a JSON value and
/// as JSON text.
fn assert_round_trips<T>(message: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let value = serde_json::to_value(message).expect("messages always serialize");
    let decoded: T = serde_json::from_value(value.clone())
        .map_err(|e| TestCaseError::fail(format!("{e}: {value}")))?;
    prop_assert_eq!(&decoded, message);
    let text = serde_json::to_vec(message).expect("messages always serialize");
    match serde_json::from_slice::<T>(&text) {
        Ok(decoded) => prop_assert_eq!(&decoded, message),
        // Decoded from a value (which has no depth limit), a message can be
        // deeper than text may be: that is the one way the text path refuses it.
        Err(error) if depth(&value) > DEEPEST => {
            prop_assert!(error.to_string().starts_with("recursion limit exceeded"), "{error}")
        }
        Err(error) => {
            prop_assert!(false, "{error}: {}", String::from_utf8_lossy(&text))
        }
    }
    Ok(())
}

/// How many arrays and objects are open at the deepest point of `value`.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Decoding `value` as a `T` gives a message that round-trips, or an error
/// with a message; the same from its text.
fn assert_decodes_or_refuses<T>(value: &Value) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    match serde_json::from_value::<T>(value.clone()) {
        Ok(decoded) => assert_round_trips(&decoded)?,
        Err(error) => prop_assert!(!error.to_string().is_empty()),
    }
    let text = serde_json::to_vec(value).expect("JSON values serialize");
    assert_text_decodes_or_refuses::<T>(&text)
}

/// Decoding bytes as a `T` gives a message that round-trips, or an error with a message.
fn assert_text_decodes_or_refuses<T>(text: &[u8]) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    match serde_json::from_slice::<T>(text) {
        Ok(decoded) => assert_round_trips(&decoded),
        Err(error) => {
            prop_assert!(!error.to_string().is_empty());
            Ok(())
        }
    }
}

/// Every decoder that reads untrusted data, on one JSON value.
fn assert_every_decoder_copes(value: &Value) -> Result<(), TestCaseError> {
    assert_decodes_or_refuses::<WorkerMessage>(value)?;
    assert_decodes_or_refuses::<HostMessage>(value)?;
    assert_decodes_or_refuses::<PluginRequest>(value)?;
    assert_decodes_or_refuses::<PluginResponse>(value)?;
    assert_decodes_or_refuses::<PluginError>(value)?;
    assert_decodes_or_refuses::<HookOutcome>(value)?;
    assert_decodes_or_refuses::<Event>(value)?;
    assert_decodes_or_refuses::<StorageRequest>(value)?;
    assert_decodes_or_refuses::<StorageResponse>(value)?;
    assert_decodes_or_refuses::<NetworkRequest>(value)?;
    assert_decodes_or_refuses::<NetworkResponse>(value)?;
    assert_decodes_or_refuses::<FilterRequest>(value)?;
    assert_decodes_or_refuses::<InitRequest>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::typography::TypographyRequest>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::typography::TypographyResponse>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::analytics::AnalyticsRequest>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::analytics::AnalyticsResponse>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::animation::AnimationRequest>(value)?;
    assert_decodes_or_refuses::<annex_protocol::api::animation::AnimationResponse>(value)?;
    assert_decodes_or_refuses::<WorkerLimits>(value)
}

/// A valid message of any kind, as a JSON value.
fn any_message() -> impl Strategy<Value = Value> {
    prop_oneof![
        worker_message().prop_map(|m| to_value(&m)),
        host_message().prop_map(|m| to_value(&m)),
        plugin_request().prop_map(|m| to_value(&m)),
        plugin_response().prop_map(|m| to_value(&m)),
        plugin_error().prop_map(|m| to_value(&m)),
        hook_outcome().prop_map(|m| to_value(&m)),
    ]
}

fn to_value(message: &impl Serialize) -> Value {
    serde_json::to_value(message).expect("messages always serialize")
}

proptest! {
    #![proptest_config(crate::config(256))]

    /// Every valid worker message (what the host decodes) round-trips.
    #[test]
    fn worker_messages_round_trip(message in worker_message()) {
        assert_round_trips(&message)?;
    }

    /// Every valid host message (what the worker decodes) round-trips.
    #[test]
    fn host_messages_round_trip(message in host_message()) {
        assert_round_trips(&message)?;
    }

    /// Every valid request (what a plugin decodes) round-trips.
    #[test]
    fn plugin_requests_round_trip(request in plugin_request()) {
        assert_round_trips(&request)?;
    }

    /// Every valid answer and error of a plugin (what the worker decodes) round-trips.
    #[test]
    fn plugin_responses_and_errors_round_trip(
        response in plugin_response(),
        error in plugin_error(),
    ) {
        assert_round_trips(&response)?;
        assert_round_trips(&error)?;
    }

    /// Any JSON document, mostly objects with the messages' field names and
    /// tags, is decoded by every decoder or refused with a reason; whatever
    /// decodes round-trips.
    #[test]
    fn any_json_is_decoded_or_refused(doc in prop_oneof![json_value(), json_object()]) {
        assert_every_decoder_copes(&doc)?;
    }

    /// Valid messages with fields removed, replaced, retyped, added, nested
    /// or copied elsewhere: every decoder decodes them (and the result
    /// round-trips) or refuses them with a reason.
    #[test]
    fn mutated_messages_are_decoded_or_refused(
        mut doc in any_message(),
        mutations in json::mutations(3),
    ) {
        json::apply(&mut doc, &mutations);
        assert_every_decoder_copes(&doc)?;
    }

    /// Byte edits of valid message text, and random bytes, through the
    /// decoders of the plugin ABI: decoded and round-tripping, or refused.
    #[test]
    fn edited_message_text_is_decoded_or_refused(
        doc in any_message(),
        edits in bytes::edits(6),
        random in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut text = serde_json::to_vec(&doc).expect("JSON values serialize");
        bytes::apply(&mut text, &edits);
        for text in [&text, &random] {
            assert_text_decodes_or_refuses::<PluginResponse>(text)?;
            assert_text_decodes_or_refuses::<PluginError>(text)?;
            assert_text_decodes_or_refuses::<PluginRequest>(text)?;
            assert_text_decodes_or_refuses::<WorkerMessage>(text)?;
            assert_text_decodes_or_refuses::<InitRequest>(text)?;
        }
    }
}
