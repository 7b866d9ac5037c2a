use super::*;

const VALID: &str = r#"{
    "id": "dev.annex.grayscale",
    "version": "1.2.3-beta.1",
    "name": "Grayscale",
    "description": "Turns images gray.",
    "capabilities": { "canvas_filter": { "filters": ["grayscale"] } },
    "permissions": [
        { "permission": "canvas.read", "reason": "reads the pixels it filters" },
        { "permission": "canvas.write", "reason": "returns the filtered pixels" }
    ]
}"#;

fn parse(json: &str) -> Result<ParsedManifest, ManifestError> {
    Manifest::from_json(json.as_bytes())
}

/// VALID with one top-level field replaced (or removed when `value` is None).
fn with_field(field: &str, value: Option<serde_json::Value>) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(VALID).unwrap();
    let map = doc.as_object_mut().unwrap();
    match value {
        Some(v) => map.insert(field.to_owned(), v),
        None => map.remove(field),
    };
    doc.to_string()
}

#[test]
fn valid_manifest_parses_with_every_field() {
    let parsed = parse(VALID).unwrap();
    let m = &parsed.manifest;
    assert_eq!(m.id.as_str(), "dev.annex.grayscale");
    assert_eq!(m.version, semver::Version::parse("1.2.3-beta.1").unwrap());
    assert_eq!(m.name, "Grayscale");
    assert_eq!(m.description.as_deref(), Some("Turns images gray."));
    assert_eq!(
        m.capabilities.canvas_filter.as_ref().unwrap().filters,
        ["grayscale"]
    );
    assert_eq!(
        m.requested_permissions().into_iter().collect::<Vec<_>>(),
        [Permission::CanvasRead, Permission::CanvasWrite]
    );
    assert!(parsed.warnings.is_empty());
}

#[test]
fn serialized_manifest_parses_back_to_itself() {
    let m = parse(VALID).unwrap().manifest;
    assert_eq!(parse(&m.to_json()).unwrap().manifest, m);
}

#[test]
fn missing_field_is_named() {
    let err = parse(&with_field("name", None)).unwrap_err();
    assert!(matches!(err, ManifestError::Field(_)), "{err:?}");
    assert!(err.to_string().contains("missing field `name`"), "{err}");
}

#[test]
fn missing_nested_field_names_its_parent() {
    let json = with_field(
        "capabilities",
        Some(serde_json::json!({"canvas_filter": {}})),
    );
    let err = parse(&json).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "capabilities.canvas_filter");
    assert!(err.to_string().contains("missing field `filters`"), "{err}");
}

#[test]
fn wrong_type_names_the_field_and_the_types() {
    let err = parse(&with_field("name", Some(serde_json::json!(42)))).unwrap_err();
    let field = &err.field_errors()[0];
    assert_eq!(field.path, "name");
    assert!(
        field
            .problem
            .contains("invalid type: integer `42`, expected a string"),
        "{err}"
    );
}

#[test]
fn wrong_type_inside_a_list_names_the_index() {
    let json = with_field(
        "permissions",
        Some(serde_json::json!([{"permission": "canvas.read", "reason": 7}])),
    );
    let err = parse(&json).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "permissions[0].reason");
}

#[test]
fn not_json_reports_the_position() {
    let err = parse("{\"id\": \"dev.annex.x\",\n  oops}").unwrap_err();
    match err {
        ManifestError::NotJson { line, column, .. } => assert_eq!((line, column), (2, 3)),
        other => panic!("expected NotJson, got {other:?}"),
    }
    assert!(matches!(
        parse("").unwrap_err(),
        ManifestError::NotJson { .. }
    ));
    assert!(matches!(
        parse("[1, 2]").unwrap_err(),
        ManifestError::Field(_)
    ));
    assert!(matches!(
        parse(&format!("{VALID} trailing")).unwrap_err(),
        ManifestError::NotJson { .. }
    ));
    assert!(matches!(
        Manifest::from_json(b"\xff\xfe").unwrap_err(),
        ManifestError::NotJson { .. }
    ));
}

#[test]
fn bad_semver_is_a_field_error() {
    let err = parse(&with_field("version", Some("1.2".into()))).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "version");
}

#[test]
fn bad_id_explains_the_rule() {
    let err = parse(&with_field("id", Some("Grayscale".into()))).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "id");
    assert!(err.to_string().contains("reverse-DNS"), "{err}");
}

#[test]
fn unknown_permission_is_a_field_error_listing_valid_ones() {
    let json = with_field(
        "permissions",
        Some(serde_json::json!([{"permission": "camera", "reason": "selfies"}])),
    );
    let err = parse(&json).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "permissions[0].permission");
    assert!(
        err.to_string().contains("unknown permission `camera`"),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_warnings_with_their_path() {
    let mut doc: serde_json::Value = serde_json::from_str(VALID).unwrap();
    doc["colour"] = "blue".into();
    doc["capabilities"]["canvas_filter"]["speed"] = 3.into();
    let parsed = parse(&doc.to_string()).unwrap();
    let paths: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        paths,
        [
            "unknown field `capabilities.canvas_filter.speed` was ignored",
            "unknown field `colour` was ignored"
        ]
    );
}

#[test]
fn semantic_rules_report_every_problem_at_once() {
    let json = r#"{
        "id": "dev.annex.x", "version": "1.0.0", "name": "  ",
        "capabilities": { "canvas_filter": { "filters": ["a", "a", ""] } },
        "permissions": [
            { "permission": "storage.read", "reason": "" },
            { "permission": "storage.read", "reason": "again" }
        ]
    }"#;
    let err = parse(json).unwrap_err();
    let paths: Vec<&str> = err.field_errors().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "name",
            "capabilities.canvas_filter.filters[1]",
            "capabilities.canvas_filter.filters[2]",
            "permissions[0].reason",
            "permissions[1].permission",
        ]
    );
}

#[test]
fn a_plugin_must_declare_an_api_family() {
    let err = parse(&with_field("capabilities", Some(serde_json::json!({})))).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "capabilities");
    assert!(err.to_string().contains("at least one"), "{err}");
}
