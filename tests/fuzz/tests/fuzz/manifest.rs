//! The manifest parser, `Manifest::from_json`, on untrusted bytes.
//!
//! It reads the custom section of a module nobody has checked, so it must
//! never panic, and every refusal must say what is wrong: the JSON problem
//! with its position, or the path of the field.

use annex_protocol::manifest::{resolve_config, Manifest, ManifestError};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

use crate::strategies::json::{self, dotted};
use crate::strategies::manifests::{manifest, FULL, SMALL};
use crate::strategies::{bytes, json_object, json_value};

/// The manifest's top-level fields: every path `validate` reports starts with one.
const FIELDS: [&str; 19] = [
    "id",
    "version",
    "name",
    "description",
    "authors",
    "license",
    "homepage",
    "repository",
    "tags",
    "category",
    "capabilities",
    "features",
    "hooks",
    "dependencies",
    "requires",
    "permissions",
    "config",
    "loading",
    ".",
];

/// A refusal explains itself: a non-empty message; JSON problems with a
/// 1-based line; field problems with a path and a problem; rule violations
/// listed, each under one of the manifest's fields.
pub fn assert_explains(error: &ManifestError) -> Result<(), TestCaseError> {
    prop_assert!(!error.to_string().is_empty());
    match error {
        ManifestError::NotJson { message, line, .. } => {
            prop_assert!(!message.is_empty(), "{error:?}");
            prop_assert!(*line >= 1, "{error:?}");
        }
        ManifestError::Field(field) => {
            prop_assert!(!field.path.is_empty() && !field.problem.is_empty(), "{error:?}");
        }
        ManifestError::Invalid(fields) => {
            prop_assert!(!fields.is_empty(), "{error:?}");
            for field in fields {
                let top = field.path.split(['.', '[']).next().unwrap_or_default();
                prop_assert!(FIELDS.contains(&top), "path outside the manifest: {field}");
                prop_assert!(!field.problem.is_empty(), "{field:?}");
            }
        }
        other => prop_assert!(false, "a new kind of manifest error: {other:?}"),
    }
    Ok(())
}

/// A manifest that parsed serializes and parses back to itself, without warnings.
fn assert_round_trips(manifest: &Manifest) -> Result<(), TestCaseError> {
    let json = manifest.to_json();
    let again = Manifest::from_json(json.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{e} in its own JSON: {json}")))?;
    prop_assert_eq!(&again.manifest, manifest);
    prop_assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    Ok(())
}

/// `a` and `b` lie on one root-to-leaf line: one is the other or an
/// ancestor of it. Array indices are ignored, since an earlier mutation
/// may have removed an element and shifted the later ones.
fn on_one_line(a: &str, b: &str) -> bool {
    fn without_indices(path: &str) -> String {
        let mut out = String::new();
        let mut in_index = false;
        for c in path.chars() {
            match c {
                '[' => in_index = true,
                ']' if in_index => {
                    in_index = false;
                    out.push_str("[]");
                }
                _ if in_index => {}
                c => out.push(c),
            }
        }
        out
    }
    fn is_ancestor(ancestor: &str, path: &str) -> bool {
        path.strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
    }
    let (a, b) = (without_indices(a), without_indices(b));
    a == "." || b == "." || is_ancestor(&a, &b) || is_ancestor(&b, &a)
}

/// The hand-written manifests, and generated ones, as JSON documents.
fn seed() -> impl Strategy<Value = Value> {
    let parse = |text: &str| serde_json::from_str::<Value>(text).expect("seed manifests are JSON");
    prop_oneof![
        1 => Just(parse(SMALL)),
        1 => Just(parse(FULL)),
        2 => manifest().prop_map(|m| serde_json::to_value(m).expect("manifests serialize")),
    ]
}

proptest! {
    #![proptest_config(crate::config(256))]

    /// Random bytes never panic the parser, and their refusal explains itself.
    #[test]
    fn random_bytes_are_refused_with_a_reason(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Err(error) = Manifest::from_json(&bytes) {
            assert_explains(&error)?;
        }
    }

    /// Any JSON document, most of them objects with the manifest's field
    /// names, parses or is refused with a reason; whatever parses round-trips.
    #[test]
    fn any_json_parses_or_is_refused_with_a_reason(doc in prop_oneof![json_value(), json_object()]) {
        match Manifest::from_json(doc.to_string().as_bytes()) {
            Ok(parsed) => assert_round_trips(&parsed.manifest)?,
            Err(error) => assert_explains(&error)?,
        }
    }

    /// Valid manifests of every shape parse, without warnings, back to themselves.
    #[test]
    fn valid_manifests_parse_and_round_trip(manifest in manifest()) {
        prop_assert_eq!(manifest.validate(), Ok(()));
        assert_round_trips(&manifest)?;
    }

    /// Valid manifests with fields removed, replaced, retyped, added, nested
    /// or copied elsewhere: the result still validates (and round-trips), or
    /// is refused with a reason; a field error names the changed field or
    /// one of its ancestors or descendants (never an unrelated field), and
    /// the document, which serde_json wrote, is never called "not JSON".
    #[test]
    fn mutated_manifests_validate_or_name_the_field(
        mut doc in seed(),
        mutations in json::mutations(4),
    ) {
        let changed = json::apply(&mut doc, &mutations);
        match Manifest::from_json(doc.to_string().as_bytes()) {
            Ok(parsed) => assert_round_trips(&parsed.manifest)?,
            Err(error) => {
                assert_explains(&error)?;
                match &error {
                    ManifestError::Field(field) => prop_assert!(
                        changed.iter().any(|path| on_one_line(&field.path, &dotted(path))),
                        "{field} is not on the path to any change: {changed:?}"
                    ),
                    ManifestError::NotJson { .. } => {
                        prop_assert!(false, "serde_json's own output called not JSON: {error}")
                    }
                    _ => {}
                }
            }
        }
    }

    /// A configuration checked against a plugin's schema (which comes from
    /// its manifest): resolved with a checked value for every field, or
    /// refused with one error per problem, each under `config`.
    #[test]
    fn configurations_are_resolved_or_refused_field_by_field(
        manifest in manifest(),
        values in prop::collection::vec(json_value(), 1..6),
        extra in prop::option::of(json_object()),
    ) {
        let schema = &manifest.config;
        let mut given: serde_json::Map<String, Value> =
            schema.keys().cloned().zip(values.iter().cycle().cloned()).collect();
        if let Some(Value::Object(extra)) = extra {
            given.extend(extra);
        }
        match resolve_config(schema, &Value::Object(given)) {
            Ok(resolved) => {
                prop_assert!(resolved.keys().eq(schema.keys()));
                for (key, value) in &resolved {
                    prop_assert_eq!(schema[key].check(value), Ok(()));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(error.path.starts_with("config"), "{error}");
                    prop_assert!(!error.problem.is_empty(), "{error}");
                }
            }
        }
    }

    /// Byte edits of valid manifest text (truncation, flipped bits,
    /// inserted and duplicated runs) never panic the parser.
    #[test]
    fn edited_manifest_text_is_refused_with_a_reason(
        doc in seed(),
        edits in bytes::edits(6),
    ) {
        let mut text = serde_json::to_vec_pretty(&doc).expect("JSON values serialize");
        bytes::apply(&mut text, &edits);
        match Manifest::from_json(&text) {
            Ok(parsed) => assert_round_trips(&parsed.manifest)?,
            Err(error) => assert_explains(&error)?,
        }
    }
}

/// Huge fields are refused by the rules, with the field named, not by
/// running out of anything; past the manifest's byte limit, unread.
#[test]
fn huge_fields_are_refused_naming_the_field() {
    let mut doc: Value = serde_json::from_str(SMALL).unwrap();
    doc["name"] = "é".repeat(20_000).into();
    doc["tags"] = vec!["t"; 5_000].into();
    let error = Manifest::from_json(doc.to_string().as_bytes()).unwrap_err();
    let paths: Vec<&str> = error.field_errors().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(&paths[..3], ["name", "tags", "tags"], "{paths:?}");
    assert!(error.to_string().contains("at most 100 characters"));
    assert!(error.to_string().contains("at most 64 are allowed"));
    assert_eq!(paths.len(), annex_protocol::manifest::MAX_FIELD_ERRORS + 1, "the rest counted");
    doc["name"] = "é".repeat(1 << 20).into();
    let error = Manifest::from_json(doc.to_string().as_bytes()).unwrap_err();
    assert!(matches!(error, annex_protocol::manifest::ManifestError::TooLarge { .. }), "{error}");
}
