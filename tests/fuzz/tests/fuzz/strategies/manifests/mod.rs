//! Valid manifests: every section, every rule of `Manifest::validate` kept
//! by construction, and two hand-written documents (those of the
//! protocol's own tests) as seeds for mutation.

use annex_protocol::manifest::{
    AnimationCapability, Budgets, CanvasFilterCapability, Capabilities, ConfigField, ConfigSchema,
    Dependency, DeviceType, EmptyCapability, HookCondition, HookSubscription, Loading, Manifest,
    NetworkSpeed, PermissionRequest, PreloadRule, Priority, Requirements, RetryPolicy,
    Strategy as LoadStrategy, Timeouts, TypographyCapability, BUILTIN_HOOKS,
};
use annex_protocol::Permission;
use proptest::prelude::*;

use super::{finite_f64, text};

mod seeds;
pub use seeds::{FULL, SMALL};

/// A valid manifest, with every optional section sometimes present.
pub fn manifest() -> impl Strategy<Value = Manifest> {
    let identity = (
        plugin_id('p'),
        version(),
        "[A-Za-z]\\PC{0,40}",
        prop::option::of("\\PC{0,200}"),
        prop::collection::btree_set("[A-Z][a-z]{0,8}( <[a-z]{1,5}@example\\.com>)?", 0..3),
        prop::option::of("[A-Z][A-Za-z0-9.-]{0,10}( OR [A-Z][A-Za-z0-9.-]{0,10})?"),
        prop::option::of(url()),
        prop::option::of(url()),
        slugs(0..5),
        prop::option::of(slug()),
    );
    let offers = (capabilities(), slugs(0..3), hooks());
    let needs = (dependencies(), requirements(), permissions(), config_schema());
    (identity, offers, needs, loading()).prop_map(
        |(
            (
                id,
                version,
                name,
                description,
                authors,
                license,
                homepage,
                repository,
                tags,
                category,
            ),
            (capabilities, features, hooks),
            (dependencies, requires, permissions, config),
            loading,
        )| Manifest {
            id,
            version,
            name,
            description,
            authors: authors.into_iter().collect(),
            license,
            homepage,
            repository,
            tags,
            category,
            capabilities,
            features,
            hooks,
            dependencies,
            requires,
            permissions,
            config,
            loading,
        },
    )
}

/// A plugin id whose first label starts with `first` (so a plugin's own id
/// and its dependencies' never collide).
fn plugin_id(first: char) -> impl Strategy<Value = annex_protocol::PluginId> {
    let pattern = format!("{first}[a-z0-9-]{{0,6}}(\\.[a-z][a-z0-9-]{{0,6}}){{1,3}}");
    proptest::string::string_regex(&pattern)
        .expect("a valid regex")
        .prop_map(|id| id.parse().expect("the pattern only makes valid ids"))
}

fn version() -> impl Strategy<Value = semver::Version> {
    let pre = prop::option::of(("[a-z]{1,5}", 0u32..999).prop_map(|(w, n)| format!("-{w}.{n}")));
    let build = prop::option::of("[a-z0-9]{1,6}".prop_map(|b| format!("+{b}")));
    (0u64..5, 0u64..20, any::<u64>(), pre, build).prop_map(|(a, b, c, pre, build)| {
        let text = format!("{a}.{b}.{c}{}{}", pre.unwrap_or_default(), build.unwrap_or_default());
        semver::Version::parse(&text).expect("the pattern only makes valid versions")
    })
}

fn url() -> impl Strategy<Value = String> {
    "https?://[a-z]{1,10}\\.example(/[a-z]{0,5})?"
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9-]{1,32}"
}

fn slugs(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(slug(), count).prop_map(|set| set.into_iter().collect())
}

/// Distinct, non-blank names.
fn names(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[a-zA-Z][a-zA-Z0-9_ .:-]{0,12}", count)
        .prop_map(|set| set.into_iter().collect())
}

fn capabilities() -> impl Strategy<Value = Capabilities> {
    let empty = || prop::option::of(Just(EmptyCapability {}));
    (
        prop::option::of(names(1..4).prop_map(|filters| CanvasFilterCapability { filters })),
        prop::option::of(
            (names(1..3), names(0..2))
                .prop_map(|(effects, fonts)| TypographyCapability { effects, fonts }),
        ),
        prop::option::of(
            (names(1..3), names(0..2))
                .prop_map(|(animations, easings)| AnimationCapability { animations, easings }),
        ),
        empty(),
        empty(),
        empty(),
        names(0..2),
    )
        .prop_map(
            |(canvas_filter, typography, animation, analytics, storage, network, custom)| {
                let mut capabilities = Capabilities {
                    canvas_filter,
                    typography,
                    animation,
                    analytics,
                    storage,
                    network,
                    custom,
                };
                if capabilities.is_empty() {
                    capabilities.storage = Some(EmptyCapability {});
                }
                capabilities
            },
        )
}

fn priority() -> impl Strategy<Value = Priority> {
    prop::sample::select(vec![
        Priority::Critical,
        Priority::High,
        Priority::Normal,
        Priority::Low,
        Priority::Background,
    ])
}

fn routes() -> impl Strategy<Value = Vec<annex_protocol::route::RoutePattern>> {
    prop::collection::vec(
        "/([a-z0-9]{1,5}/){0,2}(\\*|:[a-z_]{1,4}|[a-z]{1,5})?"
            .prop_map(|route| route.parse().expect("the pattern only makes valid routes")),
        0..3,
    )
}

fn hooks() -> impl Strategy<Value = Vec<HookSubscription>> {
    let hook_names = (
        prop::sample::subsequence(BUILTIN_HOOKS.to_vec(), 0..4),
        prop::collection::btree_set("custom:[a-z][a-z0-9._-]{0,8}", 0..2),
    )
        .prop_map(|(builtin, custom)| {
            let mut all: Vec<String> = builtin.into_iter().map(str::to_owned).collect();
            all.extend(custom);
            all
        });
    let detail = || {
        (priority(), prop::option::of((routes(), names(0..2))))
            .prop_map(|(p, c)| (p, c.map(|(routes, roles)| HookCondition { routes, roles })))
    };
    hook_names.prop_flat_map(move |hooks| {
        let n = hooks.len();
        prop::collection::vec(detail(), n).prop_map(move |details| {
            hooks
                .iter()
                .zip(details)
                .map(|(hook, (priority, condition))| HookSubscription {
                    hook: hook.parse().expect("built-in or well-formed custom hook"),
                    priority,
                    condition,
                })
                .collect()
        })
    })
}

fn version_req() -> impl Strategy<Value = semver::VersionReq> {
    prop::sample::select(vec!["^1.2", "~0.3", ">=1, <3", "*", "=1.0.0", "0.1", ">0.0.1"])
        .prop_map(|req| req.parse().expect("valid requirement"))
}

fn dependencies() -> impl Strategy<Value = Vec<Dependency>> {
    let detail = (
        version_req(),
        prop::sample::select(vec![(false, false), (true, false), (false, true)]),
        slugs(0..2),
    );
    prop::collection::btree_map(plugin_id('q'), detail, 0..3).prop_map(|deps| {
        deps.into_iter()
            .map(|(id, (version, (optional, peer), features))| Dependency {
                id,
                version,
                optional,
                peer,
                features,
            })
            .collect()
    })
}

fn requirements() -> impl Strategy<Value = Requirements> {
    (version_req(), slugs(0..2))
        .prop_map(|(host_api, features)| Requirements { host_api, features })
}

fn permissions() -> impl Strategy<Value = Vec<PermissionRequest>> {
    let builtin = prop::sample::subsequence(Permission::builtin().to_vec(), 0..4);
    let custom = prop::collection::btree_set("custom:[a-z][a-z0-9._-]{0,8}", 0..2);
    (builtin, custom).prop_flat_map(|(builtin, custom)| {
        let mut all = builtin;
        all.extend(custom.into_iter().map(|c| c.parse().expect("well-formed custom permission")));
        let n = all.len();
        prop::collection::vec("[A-Za-z]\\PC{0,30}", n).prop_map(move |reasons| {
            all.iter()
                .zip(reasons)
                .map(|(permission, reason)| PermissionRequest {
                    permission: permission.clone(),
                    reason,
                })
                .collect()
        })
    })
}

fn config_schema() -> impl Strategy<Value = ConfigSchema> {
    prop::collection::btree_map("[a-z_][a-z0-9_]{0,10}", config_field(), 0..4)
}

/// A field whose bounds are ordered and whose default is inside them.
fn config_field() -> impl Strategy<Value = ConfigField> {
    let description = || prop::option::of(text());
    prop_oneof![
        (prop::option::of(any::<bool>()), description())
            .prop_map(|(default, description)| ConfigField::Boolean { default, description }),
        (any::<[i64; 3]>(), any::<[bool; 3]>(), description()).prop_map(|(mut n, has, d)| {
            n[..2].sort();
            let default = n[2].clamp(n[0], n[1]);
            ConfigField::Integer {
                default: has[0].then_some(default),
                min: has[1].then_some(n[0]),
                max: has[2].then_some(n[1]),
                description: d,
            }
        }),
        ([finite_f64(), finite_f64(), finite_f64()], any::<[bool; 3]>(), description()).prop_map(
            |(mut n, has, d)| {
                n[..2].sort_by(f64::total_cmp);
                let default = n[2].clamp(n[0], n[1]);
                ConfigField::Number {
                    default: has[0].then_some(default),
                    min: has[1].then_some(n[0]),
                    max: has[2].then_some(n[1]),
                    description: d,
                }
            }
        ),
        (names(0..4), any::<prop::sample::Index>(), prop::option::of(text()), any::<u8>())
            .prop_map(|(options, pick, free, extra)| {
                let default = if options.is_empty() {
                    free
                } else {
                    Some(options[pick.index(options.len())].clone())
                };
                let max_length =
                    default.as_ref().map(|d| d.chars().count() as u32 + u32::from(extra));
                ConfigField::String { default, options, max_length, description: None }
            }),
    ]
}

fn loading() -> impl Strategy<Value = Loading> {
    let strategy = prop::sample::select(vec![
        LoadStrategy::Eager,
        LoadStrategy::Lazy,
        LoadStrategy::Parallel,
        LoadStrategy::Deferred,
        LoadStrategy::OnDemand,
    ]);
    let timeouts = [1u32.., 1u32.., 1u32.., 1u32..].prop_map(|t| Timeouts {
        fetch_ms: t[0],
        compile_ms: t[1],
        init_ms: t[2],
        call_ms: t[3],
    });
    let retry = (1u32..=10, any::<[u32; 2]>(), 1.0f64..=10.0, 0.0f64..=1.0).prop_map(
        |(attempts, mut backoff, multiplier, jitter)| {
            backoff.sort();
            RetryPolicy {
                attempts,
                initial_backoff_ms: backoff[0],
                max_backoff_ms: backoff[1],
                multiplier,
                jitter,
            }
        },
    );
    let budgets =
        (prop::option::of(1u32..=4096), prop::option::of(1u32..), prop::option::of(1u32..))
            .prop_map(|(memory_mb, storage_kb, requests_per_minute)| Budgets {
                memory_mb,
                storage_kb,
                requests_per_minute,
            });
    (strategy, priority(), prop::collection::vec(preload_rule(), 0..3), timeouts, retry, budgets)
        .prop_map(|(strategy, priority, preload, timeouts, retry, budgets)| Loading {
            strategy,
            priority,
            preload,
            timeouts,
            retry,
            budgets,
        })
}

/// A rule with at least one condition.
fn preload_rule() -> impl Strategy<Value = PreloadRule> {
    let devices = prop::sample::subsequence(
        vec![DeviceType::Desktop, DeviceType::Tablet, DeviceType::Mobile],
        0..3,
    );
    let network = prop::option::of(prop::sample::select(vec![
        NetworkSpeed::Slow2g,
        NetworkSpeed::Speed2g,
        NetworkSpeed::Speed3g,
        NetworkSpeed::Speed4g,
    ]));
    (routes(), names(0..2), devices, network).prop_map(|(routes, roles, devices, min_network)| {
        let mut rule = PreloadRule { routes, roles, devices, min_network };
        if rule.is_empty() {
            rule.min_network = Some(NetworkSpeed::Speed4g);
        }
        rule
    })
}
