use annex_protocol::catalog::{Catalog, CatalogEntry};
use annex_protocol::manifest::{DeviceType, NetworkSpeed, Priority};
use annex_protocol::Manifest;
use serde_json::{json, Value};

use super::*;
use crate::host::VisitContext;

mod preload;

/// `dev.t.{name}` at `version` with the given `loading` section.
fn versioned(name: &str, version: &str, loading: Value) -> Manifest {
    let doc = json!({
        "id": format!("dev.t.{name}"), "version": version, "name": name,
        "capabilities": {"custom": ["x"]}, "loading": loading
    });
    Manifest::from_json(doc.to_string().as_bytes()).unwrap().manifest
}

fn plugin(name: &str, loading: Value) -> Manifest {
    versioned(name, "1.0.0", loading)
}

/// A lazy plugin with these preload rules.
fn lazy(name: &str, rules: Value) -> Manifest {
    plugin(name, json!({"strategy": "lazy", "preload": rules}))
}

fn catalog(manifests: impl IntoIterator<Item = Manifest>) -> Catalog {
    let plugins = manifests
        .into_iter()
        .map(|manifest| CatalogEntry {
            url: format!("{}.wasm", manifest.id),
            sha256: "0".repeat(64),
            size: 1,
            manifest,
        })
        .collect();
    Catalog::new(plugins)
}

fn visit(route: &str, roles: &[&str]) -> VisitContext {
    VisitContext { route: route.into(), roles: roles.iter().map(|r| r.to_string()).collect() }
}

fn device(kind: Option<DeviceType>, network: Option<NetworkSpeed>) -> Device {
    Device { kind, network }
}

/// Plans a one-plugin catalog at bootstrap with an unknown device.
fn plan_one(manifest: Manifest, context: &VisitContext) -> Plan {
    plan(&catalog([manifest]), context, &Device::default(), Phase::Bootstrap)
}

/// `(action, blocking, reason)` of the only plugin `dev.t.p`, or its skip reason.
fn outcome(plan: &Plan) -> Result<(Action, bool, &str), &str> {
    match plan.item("dev.t.p") {
        Some(item) => Ok((item.action, item.blocking, item.reason.as_str())),
        None => Err(plan.skip_reason("dev.t.p").expect("every plugin is planned or skipped")),
    }
}

const PHASES: [Phase; 2] = [Phase::Bootstrap, Phase::Idle];

fn in_phase(manifest: Manifest, phase: Phase) -> Plan {
    plan(&catalog([manifest]), &visit("/", &[]), &Device::default(), phase)
}

#[test]
fn eager_activates_and_blocks_in_both_phases() {
    for phase in PHASES {
        let plan = in_phase(plugin("p", json!({"strategy": "eager"})), phase);
        assert_eq!(outcome(&plan), Ok((Action::Activate, true, "eager: loads during bootstrap")));
    }
}

#[test]
fn parallel_activates_without_blocking_in_both_phases() {
    for phase in PHASES {
        let plan = in_phase(plugin("p", json!({"strategy": "parallel"})), phase);
        let why = "parallel: loads during bootstrap without holding it up";
        assert_eq!(outcome(&plan), Ok((Action::Activate, false, why)));
    }
}

#[test]
fn deferred_waits_until_the_host_is_idle() {
    let deferred = || plugin("p", json!({"strategy": "deferred"}));
    let bootstrap = in_phase(deferred(), Phase::Bootstrap);
    assert_eq!(outcome(&bootstrap), Err("deferred: waits until the host is idle"));
    assert!(bootstrap.items.is_empty());
    let idle = in_phase(deferred(), Phase::Idle);
    assert_eq!(outcome(&idle), Ok((Action::Activate, false, "deferred: the host is idle")));
}

#[test]
fn lazy_without_rules_loads_on_first_use_in_both_phases() {
    for phase in PHASES {
        let plan = in_phase(plugin("p", json!({})), phase);
        assert_eq!(outcome(&plan), Err("lazy: loads on first use"));
    }
}

#[test]
fn on_demand_is_never_planned_even_when_a_rule_matches() {
    for phase in PHASES {
        let manifest =
            plugin("p", json!({"strategy": "on_demand", "preload": [{"routes": ["/*"]}]}));
        let plan = in_phase(manifest, phase);
        assert_eq!(outcome(&plan), Err("on_demand: loads only when asked for"));
    }
}

#[test]
fn preload_rules_do_not_change_other_strategies() {
    let never = json!([{"routes": ["/nowhere"]}]);
    for (strategy, action, blocking) in [
        ("eager", Action::Activate, true),
        ("parallel", Action::Activate, false),
        ("deferred", Action::Activate, false),
    ] {
        let manifest = plugin("p", json!({"strategy": strategy, "preload": never}));
        let plan = in_phase(manifest, Phase::Idle);
        let (got_action, got_blocking, _) = outcome(&plan).unwrap();
        assert_eq!((got_action, got_blocking), (action, blocking), "{strategy}");
    }
}

#[test]
fn lazy_with_a_matching_rule_compiles_in_both_phases() {
    for phase in PHASES {
        let manifest = lazy("p", json!([{"routes": ["/"]}]));
        let plan = plan(&catalog([manifest]), &visit("/", &[]), &Device::default(), phase);
        assert_eq!(
            outcome(&plan),
            Ok((Action::Compile, false, "preload dev.t.p: route / matches /"))
        );
        assert_eq!(plan.items[0].priority, Priority::Normal);
    }
}

#[test]
fn urgent_lazy_plugins_activate_when_preloaded() {
    for (priority, action) in [
        ("critical", Action::Activate),
        ("high", Action::Activate),
        ("normal", Action::Compile),
        ("low", Action::Compile),
        ("background", Action::Compile),
    ] {
        let manifest = plugin(
            "p",
            json!({"strategy": "lazy", "priority": priority, "preload": [{"routes": ["/a"]}]}),
        );
        let plan = plan_one(manifest, &visit("/a", &[]));
        let why = "preload dev.t.p: route /a matches /a";
        assert_eq!(outcome(&plan), Ok((action, false, why)), "{priority}");
    }
}

#[test]
fn items_come_by_priority_then_blocking_then_action_then_id() {
    let with = |name: &str, strategy: &str, priority: &str| {
        plugin(
            name,
            json!({"strategy": strategy, "priority": priority, "preload": [{"routes": ["/*"]}]}),
        )
    };
    let manifests = [
        with("zeta", "lazy", "normal"),      // compile, normal
        with("alpha", "parallel", "normal"), // activate, non-blocking, normal
        with("beta", "eager", "normal"),     // activate, blocking, normal
        with("gamma", "lazy", "high"),       // activate (urgent lazy), non-blocking, high
        with("delta", "deferred", "background"),
        with("omega", "eager", "critical"),
        with("eta", "lazy", "normal"), // compile, normal: before zeta by id
        with("kappa", "parallel", "high"),
        with("iota", "eager", "low"),
    ];
    let plan = plan(&catalog(manifests), &visit("/", &[]), &Device::default(), Phase::Idle);
    let short: Vec<&str> = plan.ids().iter().map(|id| &id[6..]).collect();
    assert_eq!(short, ["omega", "gamma", "kappa", "beta", "alpha", "eta", "zeta", "iota", "delta"]);
    assert!(plan.skipped.is_empty());
}

#[test]
fn skipped_plugins_come_by_id() {
    let manifests = [
        plugin("c", json!({"strategy": "on_demand"})),
        plugin("a", json!({"strategy": "deferred"})),
        plugin("b", json!({})),
        plugin("d", json!({"strategy": "eager"})),
    ];
    let plan = plan(&catalog(manifests), &visit("/", &[]), &Device::default(), Phase::Bootstrap);
    let skipped: Vec<&str> = plan.skipped.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(skipped, ["dev.t.a", "dev.t.b", "dev.t.c"]);
    assert_eq!(plan.ids(), ["dev.t.d"]);
}

#[test]
fn only_the_newest_version_of_a_plugin_is_planned() {
    let manifests = [
        versioned("p", "1.2.0", json!({"strategy": "eager"})),
        versioned("p", "2.0.0", json!({"strategy": "deferred"})),
        versioned("p", "1.9.9", json!({"strategy": "parallel"})),
    ];
    let plan = plan(&catalog(manifests), &visit("/", &[]), &Device::default(), Phase::Bootstrap);
    assert!(plan.items.is_empty(), "the newest (2.0.0) is deferred: {plan:?}");
    assert_eq!(plan.skipped.len(), 1);
    assert_eq!(outcome(&plan), Err("deferred: waits until the host is idle"));
}

#[test]
fn fifty_plugins_are_planned_correctly() {
    const STRATEGIES: [&str; 5] = ["eager", "parallel", "deferred", "lazy", "on_demand"];
    const PRIORITIES: [&str; 5] = ["critical", "high", "normal", "low", "background"];
    let manifests: Vec<Manifest> = (0..50)
        .map(|i| {
            let strategy = STRATEGIES[i % 5];
            let priority = PRIORITIES[(i / 5) % 5];
            // Half the lazy plugins preload on this route.
            let route = if i % 10 == 3 { "/work/*" } else { "/play/*" };
            plugin(
                &format!("p{i:02}"),
                json!({"strategy": strategy, "priority": priority, "preload": [{"routes": [route]}]}),
            )
        })
        .collect();
    let plan =
        plan(&catalog(manifests), &visit("/work/today", &[]), &Device::default(), Phase::Idle);

    // 10 each of eager, parallel, deferred; 5 matching lazy; 15 skipped.
    assert_eq!(plan.items.len(), 35);
    assert_eq!(plan.skipped.len(), 15);
    for item in &plan.items {
        let i: usize = item.plugin.as_str()[7..].parse().unwrap();
        let urgent = matches!(item.priority, Priority::Critical | Priority::High);
        let (action, blocking) = match STRATEGIES[i % 5] {
            "eager" => (Action::Activate, true),
            "lazy" if urgent => (Action::Activate, false),
            "lazy" => (Action::Compile, false),
            _ => (Action::Activate, false),
        };
        assert_eq!((item.action, item.blocking), (action, blocking), "{}", item.plugin);
        assert_eq!(item.priority.as_str(), PRIORITIES[(i / 5) % 5]);
    }
    for (id, reason) in &plan.skipped {
        let i: usize = id.as_str()[7..].parse().unwrap();
        match STRATEGIES[i % 5] {
            "on_demand" => assert_eq!(reason, "on_demand: loads only when asked for"),
            "lazy" => assert!(i % 10 == 8 && reason.starts_with("lazy: no preload rule"), "{id}"),
            other => panic!("{id} ({other}) should be planned"),
        }
    }
    let keys: Vec<_> = plan
        .items
        .iter()
        .map(|i| (i.priority, !i.blocking, i.action != Action::Activate, i.plugin.clone()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "items out of order: {:?}", plan.ids());
}
