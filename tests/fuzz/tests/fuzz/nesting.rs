//! Deep nesting: a plugin can write `[[[[...` a million levels deep where a
//! manifest or a message expects JSON. A recursive decoder would overflow
//! the stack, which no `catch_unwind` can stop (natively the process
//! aborts; in the browser the wasm instance traps). serde_json refuses
//! nesting past 128 levels with an error; these tests hold every entry
//! point that reads plugin text to that.

use annex_protocol::api::hooks::HookOutcome;
use annex_protocol::manifest::{Manifest, ManifestError};
use annex_protocol::message::{InitRequest, PluginRequest, PluginResponse, WorkerMessage};
use annex_protocol::PluginError;
use proptest::prelude::*;
use serde_json::Value;

use crate::strategies::manifests::SMALL;

/// The most arrays and objects serde_json lets be open at once (its
/// recursion limit is 128: opening the 128th fails).
pub const DEEPEST: usize = 127;

/// Depths past the limit, up to far more than any stack could recurse through.
const TOO_DEEP: [usize; 3] = [DEEPEST + 1, 1_000, 200_000];

/// `depth` arrays (`[[[1]]]`) or single-field objects (`{"a":{"a":1}}`).
fn nested(depth: usize, arrays: bool) -> String {
    let (open, close) = if arrays { ("[", "]") } else { ("{\"a\":", "}") };
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

/// `template` with `@` replaced by `inner`.
fn inside(template: &str, inner: &str) -> Vec<u8> {
    template.replacen('@', inner, 1).into_bytes()
}

fn is_recursion_limit(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("recursion limit exceeded")
}

#[test]
fn serde_json_stops_at_its_recursion_limit_with_an_error() {
    for arrays in [true, false] {
        let deepest = serde_json::from_str::<Value>(&nested(DEEPEST, arrays));
        assert!(deepest.is_ok(), "{DEEPEST} levels parse");
        for depth in TOO_DEEP {
            let error = serde_json::from_str::<Value>(&nested(depth, arrays)).unwrap_err();
            assert!(is_recursion_limit(&error), "{depth}: {error}");
        }
    }
}

/// Deep values where the manifest has a field are refused naming the
/// field (or what it lacks). Where it has none, they are skipped (serde_json
/// skips a value without recursing, at any depth) and reported as unknown.
#[test]
fn deeply_nested_manifests_are_refused_or_skipped() {
    let small = SMALL.trim_end().trim_end_matches('}');
    for depth in TOO_DEEP {
        for arrays in [true, false] {
            let deep = nested(depth, arrays);
            let documents = [
                deep.clone().into_bytes(),
                inside(&format!("{small}, \"extra\": @}}"), &deep),
                inside(&format!("{small}, \"config\": {{\"x\": @}}}}"), &deep),
                inside(&format!("{small}, \"loading\": @}}"), &deep),
                inside(&format!("{small}, \"hooks\": [{{\"hook\": @}}]}}"), &deep),
            ];
            for document in documents {
                match Manifest::from_json(&document) {
                    Ok(parsed) => assert!(!parsed.warnings.is_empty(), "{depth} levels read"),
                    Err(ManifestError::Field(field)) => assert!(
                        ["nested too deeply", "invalid type", "wrong type", "missing field"]
                            .iter()
                            .any(|problem| field.problem.contains(problem)),
                        "{depth} levels: {field}"
                    ),
                    Err(ManifestError::TooLarge { bytes, .. }) => {
                        assert_eq!(bytes, document.len());
                        assert!(bytes > annex_protocol::manifest::MAX_MANIFEST_BYTES);
                    }
                    Err(other) => panic!("{depth} levels: {other}"),
                }
            }
        }
    }
}

#[test]
fn deeply_nested_messages_are_refused() {
    let templates = [
        r#"{"type":"emitted","event_type":"e","data":@}"#,
        r#"{"data":@,"type":"emitted","event_type":"e"}"#,
        r#"{"type":"reply","call":1,"memory_bytes":0,"result":{"Ok":{"type":"hook","outcome":"modify","data":@}}}"#,
        r#"{"method":"hook","hook":"filter.pre_apply","data":@}"#,
        r#"{"method":"filter_apply","width":1,"height":1,"filter":{"type":"custom","name":"x","params":@}}"#,
        r#"{"plugin":"a.b","grants":[],"config":{"x":@}}"#,
        "@",
    ];
    for depth in TOO_DEEP {
        for arrays in [true, false] {
            let deep = nested(depth, arrays);
            for template in templates {
                let text = inside(template, &deep);
                let errors = [
                    serde_json::from_slice::<WorkerMessage>(&text).err(),
                    serde_json::from_slice::<PluginRequest>(&text).err(),
                    serde_json::from_slice::<PluginResponse>(&text).err(),
                    serde_json::from_slice::<HookOutcome>(&text).err(),
                    serde_json::from_slice::<PluginError>(&text).err(),
                    serde_json::from_slice::<InitRequest>(&text).err(),
                ];
                for error in errors {
                    let error = error.unwrap_or_else(|| panic!("{depth} levels were accepted"));
                    assert!(!error.to_string().is_empty());
                }
            }
        }
    }
}

/// The host decodes worker messages from JS objects with
/// serde_wasm_bindgen, which has no depth limit of its own; the depth it
/// sees is bounded by the worker, which parsed the plugin's JSON with
/// serde_json. The deepest value the worker can accept goes through the
/// value path (the native twin of the JS-object path) unchanged.
#[test]
fn the_deepest_accepted_message_survives_the_value_path() {
    // The object around `data` is one level.
    let deepest = nested(DEEPEST - 1, true);
    let text = inside(r#"{"type":"emitted","event_type":"e","data":@}"#, &deepest);
    let message: WorkerMessage = serde_json::from_slice(&text).unwrap();
    let value = serde_json::to_value(&message).unwrap();
    assert_eq!(serde_json::from_value::<WorkerMessage>(value).unwrap(), message);
}

proptest! {
    #![proptest_config(crate::config(64))]

    /// Any mix of arrays and objects, up to 4000 levels: parsed when at
    /// most 128 deep, otherwise refused for its depth; never a stack overflow.
    #[test]
    fn mixed_nesting_is_parsed_or_refused_for_its_depth(
        layers in prop::collection::vec(any::<bool>(), 1..4000),
    ) {
        let mut text = String::new();
        for &array in &layers {
            text.push_str(if array { "[" } else { "{\"k\":" });
        }
        text.push_str("null");
        for &array in layers.iter().rev() {
            text.push(if array { ']' } else { '}' });
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(_) => prop_assert!(layers.len() <= DEEPEST),
            Err(error) => {
                prop_assert!(layers.len() > DEEPEST && is_recursion_limit(&error), "{error}")
            }
        }
        let _ = serde_json::from_str::<WorkerMessage>(&text);
        if let Err(error) = Manifest::from_json(text.as_bytes()) {
            crate::manifest::assert_explains(&error)?;
        }
    }
}
