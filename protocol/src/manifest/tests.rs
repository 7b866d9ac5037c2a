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
    assert_eq!(m.capabilities.canvas_filter.as_ref().unwrap().filters, ["grayscale"]);
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
    let json = with_field("capabilities", Some(serde_json::json!({"canvas_filter": {}})));
    let err = parse(&json).unwrap_err();
    assert_eq!(err.field_errors()[0].path, "capabilities.canvas_filter");
    assert!(err.to_string().contains("missing field `filters`"), "{err}");
}

#[test]
fn wrong_type_names_the_field_and_the_types() {
    let err = parse(&with_field("name", Some(serde_json::json!(42)))).unwrap_err();
    let field = &err.field_errors()[0];
    assert_eq!(field.path, "name");
    assert!(field.problem.contains("invalid type: integer `42`, expected a string"), "{err}");
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
    assert!(matches!(parse("").unwrap_err(), ManifestError::NotJson { .. }));
    assert!(matches!(parse("[1, 2]").unwrap_err(), ManifestError::Field(_)));
    assert!(matches!(
        parse(&format!("{VALID} trailing")).unwrap_err(),
        ManifestError::NotJson { .. }
    ));
    assert!(matches!(Manifest::from_json(b"\xff\xfe").unwrap_err(), ManifestError::NotJson { .. }));
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
    assert!(err.to_string().contains("unknown permission `camera`"), "{err}");
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

const FULL: &str = r#"{
    "id": "dev.annex.dashboard",
    "version": "2.0.0",
    "name": "Dashboard",
    "description": "Charts of your analytics.",
    "authors": ["Ada <ada@example.com>"],
    "license": "MIT",
    "homepage": "https://example.com/dashboard",
    "repository": "https://example.com/dashboard.git",
    "tags": ["charts", "analytics"],
    "category": "data",
    "capabilities": {
        "canvas_filter": { "filters": ["heatmap"] },
        "typography": { "effects": ["shadow"], "fonts": ["Inter"] },
        "animation": { "animations": ["fade"], "easings": ["bounce"] },
        "analytics": {}, "storage": {}, "network": {},
        "custom": ["dashboard.widgets"]
    },
    "features": ["export"],
    "hooks": [
        { "hook": "analytics.pre_process", "priority": "high" },
        { "hook": "custom:shop.checkout", "condition": { "routes": ["/shop/*"], "roles": ["admin"] } }
    ],
    "dependencies": [
        { "id": "dev.annex.analytics", "version": "^1.2", "features": ["percentiles"] },
        { "id": "dev.annex.fonts", "version": "~0.3", "optional": true },
        { "id": "dev.annex.theme", "version": ">=1, <3", "peer": true }
    ],
    "requires": { "host_api": "^0.1", "features": ["jspi"] },
    "permissions": [{ "permission": "storage.read", "reason": "Reads saved layouts." }],
    "config": {
        "refresh_ms": { "type": "integer", "min": 100, "default": 1000 },
        "theme": { "type": "string", "options": ["light", "dark"], "default": "light" }
    },
    "loading": {
        "strategy": "deferred",
        "priority": "low",
        "preload": [{ "routes": ["/analytics/*"], "roles": ["analyst"], "devices": ["desktop"], "min_network": "3g" }],
        "timeouts": { "init_ms": 2000 },
        "retry": { "attempts": 5 },
        "budgets": { "memory_mb": 64 }
    }
}"#;

#[test]
fn full_manifest_parses_every_section() {
    let parsed = parse(FULL).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let m = parsed.manifest;
    assert_eq!(
        m.capabilities.families(),
        [
            ApiFamily::CanvasFilter,
            ApiFamily::Typography,
            ApiFamily::Animation,
            ApiFamily::Analytics,
            ApiFamily::Storage,
            ApiFamily::Network,
            ApiFamily::Custom
        ]
    );
    assert_eq!(m.hooks[0].priority, Priority::High);
    assert_eq!(m.hooks[1].priority, Priority::Normal, "priority defaults to normal");
    assert!(m.hooks[1].condition.as_ref().unwrap().routes[0].matches("/shop/cart"));
    assert!(m.dependencies[0].version.matches(&semver::Version::new(1, 4, 0)));
    assert!(m.dependencies[1].optional && m.dependencies[2].peer);
    assert!(m.requires.host_api.matches(&semver::Version::new(0, 1, 9)));
    assert_eq!(m.loading.strategy, Strategy::Deferred);
    assert_eq!(m.loading.preload[0].min_network, Some(NetworkSpeed::Speed3g));
    assert_eq!(m.loading.timeouts.init_ms, 2000);
    assert_eq!(m.loading.timeouts.call_ms, 5000, "unset timeouts keep their defaults");
    assert_eq!(m.loading.retry.attempts, 5);
    assert_eq!(m.loading.retry.multiplier, 2.0);
    assert_eq!(m.loading.budgets.memory_mb, Some(64));
    assert_eq!(
        serde_json::Value::Object(m.default_config().unwrap()),
        serde_json::json!({"refresh_ms": 1000, "theme": "light"})
    );
    assert_eq!(parse(&m.to_json()).unwrap().manifest, m, "round trip");
}

#[test]
fn absent_sections_take_their_documented_defaults() {
    let m = parse(VALID).unwrap().manifest;
    assert_eq!(m.loading.strategy, Strategy::Lazy);
    assert_eq!(m.loading.priority, Priority::Normal);
    assert!(m.loading.preload.is_empty());
    assert_eq!(m.loading.timeouts, Timeouts::default());
    assert_eq!(m.requires.host_api, semver::VersionReq::STAR);
    assert!(m.config.is_empty() && m.dependencies.is_empty() && m.hooks.is_empty());
}

/// FULL with one JSON pointer replaced.
fn full_with(pointer: &str, value: serde_json::Value) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(FULL).unwrap();
    *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = value;
    doc.to_string()
}

fn first_error(json: &str) -> FieldError {
    parse(json).unwrap_err().field_errors()[0].clone()
}

#[test]
fn type_errors_deep_inside_name_their_path() {
    use serde_json::json;
    let cases = [
        ("/dependencies/0/version", json!("one-ish"), "dependencies[0].version"),
        ("/hooks/0/hook", json!("filter.preapply"), "hooks[0].hook"),
        ("/hooks/0/priority", json!("urgent"), "hooks[0].priority"),
        ("/loading/strategy", json!("sometimes"), "loading.strategy"),
        ("/loading/preload/0/routes/0", json!("analytics"), "loading.preload[0].routes[0]"),
        ("/loading/preload/0/devices/0", json!("watch"), "loading.preload[0].devices[0]"),
        ("/loading/preload/0/min_network", json!("5g"), "loading.preload[0].min_network"),
        ("/loading/timeouts/init_ms", json!(-1), "loading.timeouts.init_ms"),
        ("/requires/host_api", json!("latest"), "requires.host_api"),
        ("/config/refresh_ms/type", json!("float"), "config.refresh_ms.type"),
    ];
    for (pointer, value, path) in cases {
        let error = first_error(&full_with(pointer, value));
        assert_eq!(error.path, path, "{pointer}: {error}");
    }
}

#[test]
fn unknown_fields_inside_config_fields_are_errors() {
    let error = first_error(&full_with(
        "/config/theme",
        serde_json::json!({"type": "string", "choices": ["a"]}),
    ));
    assert_eq!(error.path, "config.theme");
    assert!(error.problem.contains("unknown field `choices`"), "{error}");
}

#[test]
fn semantic_rules_of_every_section_are_checked() {
    use serde_json::json;
    let cases = [
        ("/homepage", json!("example.com"), "homepage", "http:// or https://"),
        ("/tags/0", json!("Charts!"), "tags[0]", "a-z, 0-9 and -"),
        ("/category", json!("Data Tools"), "category", "a-z, 0-9 and -"),
        (
            "/dependencies/0/id",
            json!("dev.annex.dashboard"),
            "dependencies[0].id",
            "depend on itself",
        ),
        ("/dependencies/1/id", json!("dev.annex.analytics"), "dependencies[1].id", "listed twice"),
        ("/hooks/1/hook", json!("analytics.pre_process"), "hooks[1].hook", "subscribed twice"),
        ("/config/theme/default", json!("pink"), "config.theme", "default `pink` is not one of"),
        ("/config/refresh_ms/default", json!(5), "config.refresh_ms", "below the minimum"),
        ("/loading/preload/0", json!({}), "loading.preload[0]", "always match"),
        ("/loading/retry/attempts", json!(0), "loading.retry.attempts", "between 1 and 10"),
        ("/loading/timeouts/init_ms", json!(0), "loading.timeouts.init_ms", "greater than 0"),
        ("/loading/budgets/memory_mb", json!(0), "loading.budgets.memory_mb", "greater than 0"),
        (
            "/capabilities/typography",
            json!({"effects": []}),
            "capabilities.typography",
            "at least one effect or font",
        ),
    ];
    for (pointer, value, path, problem) in cases {
        let error = first_error(&full_with(pointer, value));
        assert_eq!(error.path, path, "{pointer}: {error}");
        assert!(error.problem.contains(problem), "{pointer}: {error}");
    }
}

#[test]
fn bad_config_field_names_are_refused() {
    let json = full_with("/config", serde_json::json!({"Refresh-MS": {"type": "boolean"}}));
    let error = first_error(&json);
    assert_eq!(error.path, "config.Refresh-MS");
}

#[test]
fn unknown_fields_in_nested_sections_are_warnings() {
    let mut doc: serde_json::Value = serde_json::from_str(FULL).unwrap();
    doc["loading"]["stratgy"] = "eager".into();
    doc["dependencies"][0]["optinal"] = true.into();
    let warnings: Vec<String> =
        parse(&doc.to_string()).unwrap().warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "unknown field `dependencies[0].optinal` was ignored",
            "unknown field `loading.stratgy` was ignored"
        ]
    );
}
