//! Preload rules: routes, roles, devices, network, and which rule gives the reason.

use super::*;

#[test]
fn routes_match_exactly_by_prefix_and_with_params() {
    for (pattern, route, matches) in [
        ("/analytics", "/analytics", true),
        ("/analytics", "/analytics/today", false),
        ("/analytics/*", "/analytics", true),
        ("/analytics/*", "/analytics/today/hourly", true),
        ("/analytics/*", "/reports", false),
        ("/users/:id", "/users/42", true),
        ("/users/:id", "/users/42/edit", false),
        ("/users/:id", "/users", false),
    ] {
        let plan = plan_one(lazy("p", json!([{"routes": [pattern]}])), &visit(route, &[]));
        let expected = format!("preload dev.t.p: route {route} matches {pattern}");
        assert_eq!(plan.item("dev.t.p").map(|i| i.reason.as_str()), matches.then_some(&*expected));
    }
}

#[test]
fn the_reason_names_the_pattern_that_matched() {
    let manifest = lazy("p", json!([{"routes": ["/docs", "/users/:id", "/users/*"]}]));
    let plan = plan_one(manifest, &visit("/users/7", &[]));
    assert_eq!(
        plan.item("dev.t.p").unwrap().reason,
        "preload dev.t.p: route /users/7 matches /users/:id"
    );
}

#[test]
fn roles_need_one_in_common() {
    let rule = || lazy("p", json!([{"roles": ["analyst", "admin"]}]));
    let plan = plan_one(rule(), &visit("/", &["viewer", "admin"]));
    assert_eq!(plan.item("dev.t.p").unwrap().reason, "preload dev.t.p: role admin");
    let plan = plan_one(rule(), &visit("/", &["viewer"]));
    assert_eq!(
        plan.skip_reason("dev.t.p"),
        Some("lazy: no preload rule matches (route /, roles viewer)")
    );
    let plan = plan_one(rule(), &visit("/", &[]));
    assert_eq!(
        plan.skip_reason("dev.t.p"),
        Some("lazy: no preload rule matches (route /, roles none)")
    );
}

#[test]
fn an_unmatched_lazy_plugin_lists_the_route_and_every_role() {
    let plan = plan_one(lazy("p", json!([{"routes": ["/admin"]}])), &visit("/home", &["a", "b"]));
    assert_eq!(outcome(&plan), Err("lazy: no preload rule matches (route /home, roles a, b)"));
}

#[test]
fn device_rules_need_a_known_listed_kind() {
    let rule = json!([{"devices": ["desktop", "tablet"]}]);
    for (kind, reason) in [
        (Some(DeviceType::Desktop), Some("preload dev.t.p: device desktop")),
        (Some(DeviceType::Tablet), Some("preload dev.t.p: device tablet")),
        (Some(DeviceType::Mobile), None),
        // Unknown must not match a device-specific rule.
        (None, None),
    ] {
        let manifest = lazy("p", rule.clone());
        let plan = plan(&catalog([manifest]), &visit("/", &[]), &device(kind, None), Phase::Idle);
        assert_eq!(plan.item("dev.t.p").map(|i| i.reason.as_str()), reason, "{kind:?}");
    }
}

#[test]
fn min_network_holds_back_only_known_slower_connections() {
    use NetworkSpeed::*;
    let rule = json!([{"min_network": "3g"}]);
    for (network, reason) in [
        (Some(Speed4g), Some("preload dev.t.p: network 4g >= 3g")),
        (Some(Speed3g), Some("preload dev.t.p: network 3g >= 3g")),
        (Some(Speed2g), None),
        (Some(Slow2g), None),
        (None, Some("preload dev.t.p: network unknown (not held back)")),
    ] {
        let manifest = lazy("p", rule.clone());
        let plan =
            plan(&catalog([manifest]), &visit("/", &[]), &device(None, network), Phase::Idle);
        assert_eq!(plan.item("dev.t.p").map(|i| i.reason.as_str()), reason, "{network:?}");
    }
}

#[test]
fn every_condition_of_a_rule_must_hold_and_is_named_in_order() {
    let rule = json!([{
        "min_network": "3g", "devices": ["desktop"], "roles": ["analyst"], "routes": ["/analytics/*"]
    }]);
    let context = visit("/analytics/today", &["analyst"]);
    let full = device(Some(DeviceType::Desktop), Some(NetworkSpeed::Speed4g));
    let plan_with = |context: &VisitContext, device: &Device| {
        plan(&catalog([lazy("p", rule.clone())]), context, device, Phase::Bootstrap)
    };
    assert_eq!(
        plan_with(&context, &full).item("dev.t.p").unwrap().reason,
        "preload dev.t.p: route /analytics/today matches /analytics/*, role analyst, \
         device desktop, network 4g >= 3g"
    );
    // Drop one condition at a time.
    assert!(plan_with(&visit("/home", &["analyst"]), &full).items.is_empty());
    assert!(plan_with(&visit("/analytics/today", &["viewer"]), &full).items.is_empty());
    let mobile = device(Some(DeviceType::Mobile), Some(NetworkSpeed::Speed4g));
    assert!(plan_with(&context, &mobile).items.is_empty());
    let slow = device(Some(DeviceType::Desktop), Some(NetworkSpeed::Speed2g));
    assert!(plan_with(&context, &slow).items.is_empty());
}

#[test]
fn rules_are_alternatives_and_the_first_match_gives_the_reason() {
    let rules = json!([
        {"routes": ["/admin/*"], "roles": ["admin"]},
        {"routes": ["/analytics/*"]},
        {"roles": ["analyst"]},
    ]);
    let reason_for = |context: &VisitContext| {
        let plan = plan_one(lazy("p", rules.clone()), context);
        plan.item("dev.t.p").map(|i| i.reason.clone())
    };
    let analytics = "preload dev.t.p: route /analytics/x matches /analytics/*";
    assert_eq!(reason_for(&visit("/analytics/x", &["analyst"])).as_deref(), Some(analytics));
    assert_eq!(
        reason_for(&visit("/home", &["analyst"])).as_deref(),
        Some("preload dev.t.p: role analyst")
    );
    assert_eq!(
        reason_for(&visit("/admin/users", &["admin", "analyst"])).as_deref(),
        Some("preload dev.t.p: route /admin/users matches /admin/*, role admin")
    );
    // The first rule's route alone is not enough.
    assert_eq!(reason_for(&visit("/admin/users", &[])), None);
}

#[test]
fn a_hand_built_rule_without_conditions_matches_nothing() {
    let mut manifest = lazy("p", json!([{"routes": ["/elsewhere"]}]));
    manifest.loading.preload[0] = Default::default();
    let plan = plan_one(manifest, &visit("/", &[]));
    assert_eq!(outcome(&plan), Err("lazy: no preload rule matches (route /, roles none)"));
}
