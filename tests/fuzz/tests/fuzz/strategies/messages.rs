//! Valid messages of every kind that crosses the worker boundary or the
//! plugin ABI.

use annex_protocol::abi::{CallSuspension, SuspensionMode};
use annex_protocol::api::events::Event;
use annex_protocol::api::filter::{Filter, FilterHints, FilterRequest, Quality};
use annex_protocol::api::hooks::{HookOutcome, HookRequest};
use annex_protocol::api::network::{NetworkPolicy, NetworkRequest, NetworkResponse};
use annex_protocol::api::storage::{StorageRequest, StorageResponse};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::BUILTIN_HOOKS;
use annex_protocol::message::{
    HostMessage, InitRequest, LogLevel, PluginRequest, PluginResponse, WorkerLimits, WorkerMessage,
    WorkerUsage,
};
use annex_protocol::{ErrorCode, Permission, PluginError, PluginId};
use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{finite_f64, json_value, key, text};

/// What the worker sends the host.
pub fn worker_message() -> impl Strategy<Value = WorkerMessage> {
    prop_oneof![
        Just(WorkerMessage::Listening),
        Just(WorkerMessage::Ready),
        text().prop_map(|message| WorkerMessage::BootFailed { message }),
        (any::<u32>(), 0..4u8).prop_map(|(memory_bytes, kind)| {
            let suspension =
                [CallSuspension::Direct, CallSuspension::Jspi, CallSuspension::Asyncify]
                    .get(usize::from(kind))
                    .copied();
            WorkerMessage::Instantiated { memory_bytes, suspension }
        }),
        plugin_error().prop_map(|error| WorkerMessage::LoadFailed { error }),
        any::<u32>().prop_map(|memory_bytes| WorkerMessage::Initialized { memory_bytes }),
        plugin_error().prop_map(|error| WorkerMessage::InitFailed { error }),
        (
            any::<u32>(),
            prop_oneof![plugin_response().prop_map(Ok), plugin_error().prop_map(Err)],
            any::<u32>(),
            (prop::option::of(any::<u64>()), any::<u64>()),
        )
            .prop_map(|(call, result, memory_bytes, (storage_bytes, network_requests))| {
                WorkerMessage::Reply {
                    call,
                    result,
                    memory_bytes,
                    usage: WorkerUsage { storage_bytes, network_requests },
                }
            }),
        (text(), any::<u64>())
            .prop_map(|(what, refused)| WorkerMessage::Throttled { what, refused }),
        (permission(), any::<u64>())
            .prop_map(|(permission, refused)| WorkerMessage::Refused { permission, refused }),
        (text(), json_value())
            .prop_map(|(event_type, data)| WorkerMessage::Emitted { event_type, data }),
        (text(), any::<bool>(), any::<bool>()).prop_map(|(event_type, subscribe, once)| {
            WorkerMessage::Subscription { event_type, subscribe, once }
        }),
        (log_level(), text()).prop_map(|(level, message)| WorkerMessage::Log { level, message }),
    ]
}

/// What the host sends the worker.
pub fn host_message() -> impl Strategy<Value = HostMessage> {
    prop_oneof![
        (plugin_id(), text(), grants(), worker_limits(), any::<bool>()).prop_map(
            |(plugin, storage_namespace, grants, limits, asyncify)| {
                let suspension =
                    if asyncify { SuspensionMode::Asyncify } else { SuspensionMode::Auto };
                HostMessage::Instantiate { plugin, storage_namespace, grants, limits, suspension }
            }
        ),
        init_request().prop_map(HostMessage::Init),
        (permission(), any::<bool>())
            .prop_map(|(permission, granted)| HostMessage::SetGrant { permission, granted }),
        (any::<u32>(), plugin_request())
            .prop_map(|(call, request)| HostMessage::Call { call, request }),
    ]
}

/// What the worker hands a plugin.
pub fn plugin_request() -> impl Strategy<Value = PluginRequest> {
    prop_oneof![
        Just(PluginRequest::Ping),
        filter_request().prop_map(|r| PluginRequest::FilterApply(Encoded::new(&r))),
        (hook_name(), json_value()).prop_map(|(hook, data)| PluginRequest::Hook(Encoded::new(
            &HookRequest { hook, data }
        ))),
        (text(), json_value(), prop::option::of(plugin_id())).prop_map(
            |(event_type, data, source)| PluginRequest::Event(Event { event_type, data, source })
        ),
        storage_request().prop_map(|r| PluginRequest::Storage(Encoded::new(&r))),
        network_request()
            .prop_map(|request| PluginRequest::Network { request: Encoded::new(&request) }),
        Just(PluginRequest::Cleanup),
        Just(PluginRequest::Reload),
        Just(PluginRequest::SaveState),
        Just(PluginRequest::RestoreState),
        config().prop_map(|config| PluginRequest::UpdateConfig { config }),
        (text(), text()).prop_map(|(api, function)| PluginRequest::Custom { api, function }),
    ]
}

/// What a plugin answers.
pub fn plugin_response() -> impl Strategy<Value = PluginResponse> {
    prop_oneof![
        Just(PluginResponse::Pong),
        Just(PluginResponse::FilterApplied),
        hook_outcome().prop_map(|o| PluginResponse::Hook(Encoded::new(&o))),
        prop_oneof![
            Just(StorageResponse::Value),
            Just(StorageResponse::NotFound),
            prop::collection::vec(text(), 0..4).prop_map(|keys| StorageResponse::Keys { keys }),
            Just(StorageResponse::Done),
        ]
        .prop_map(|r| PluginResponse::Storage(Encoded::new(&r))),
        (any::<u16>(), headers(), any::<u32>()).prop_map(|(status, headers, body_len)| {
            let response = NetworkResponse { status, headers, body_len };
            PluginResponse::Network { response: Encoded::new(&response) }
        }),
        Just(PluginResponse::Done),
        Just(PluginResponse::Custom),
        any::<bool>().prop_map(|saved| PluginResponse::State { saved }),
    ]
}

/// A hook handler's decision.
pub fn hook_outcome() -> impl Strategy<Value = HookOutcome> {
    prop_oneof![
        Just(HookOutcome::Continue),
        json_value().prop_map(|data| HookOutcome::Modify { data }),
        prop::option::of(text()).prop_map(|reason| HookOutcome::Stop { reason }),
    ]
}

/// An error as it crosses the boundary, with any code (`unknown` included).
pub fn plugin_error() -> impl Strategy<Value = PluginError> {
    let code = prop::sample::select(vec![
        ErrorCode::ManifestInvalid,
        ErrorCode::ModuleInvalid,
        ErrorCode::PermissionDenied,
        ErrorCode::Timeout,
        ErrorCode::Trap,
        ErrorCode::Panic,
        ErrorCode::PluginError,
        ErrorCode::Unsupported,
        ErrorCode::BadRequest,
        ErrorCode::Protocol,
        ErrorCode::QuotaExceeded,
        ErrorCode::NetworkBlocked,
        ErrorCode::BudgetExceeded,
        ErrorCode::MemoryLimit,
        ErrorCode::Unknown,
    ]);
    (code, text()).prop_map(|(code, message)| PluginError::new(code, message))
}

fn log_level() -> impl Strategy<Value = LogLevel> {
    prop::sample::select(vec![LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug])
}

fn plugin_id() -> impl Strategy<Value = PluginId> {
    "[a-z][a-z0-9-]{0,6}(\\.[a-z][a-z0-9-]{0,6}){1,3}"
        .prop_map(|id| id.parse().expect("the pattern only makes valid ids"))
}

fn permission() -> impl Strategy<Value = Permission> {
    prop_oneof![
        prop::sample::select(Permission::builtin().to_vec()),
        "custom:[a-zA-Z0-9._-]{1,10}"
            .prop_map(|p| p.parse().expect("well-formed custom permission")),
    ]
}

fn grants() -> impl Strategy<Value = Vec<Permission>> {
    prop::collection::vec(permission(), 0..4)
}

fn config() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((key(), json_value()), 0..4)
        .prop_map(|fields| fields.into_iter().collect())
}

fn init_request() -> impl Strategy<Value = InitRequest> {
    (plugin_id(), grants(), config()).prop_map(|(plugin, grants, config)| InitRequest {
        plugin,
        grants,
        config,
    })
}

fn domains() -> impl Strategy<Value = Vec<annex_protocol::api::network::DomainPattern>> {
    prop::collection::vec(
        "(\\*|(\\*\\.)?([a-z0-9-]{1,8}\\.){0,2}[a-z][a-z0-9-]{0,7})(:[1-9][0-9]{0,3}|:\\*)?"
            .prop_map(|d| d.parse().expect("the pattern only makes valid domain patterns")),
        0..3,
    )
}

fn worker_limits() -> impl Strategy<Value = WorkerLimits> {
    let network = (domains(), domains(), domains(), any::<[u32; 3]>()).prop_map(
        |(allow, block, credentials, n)| NetworkPolicy {
            allow,
            block,
            requests_per_minute: n[0],
            max_response_bytes: n[1],
            timeout_ms: n[2],
            credentials,
        },
    );
    let sizes = (any::<[u32; 4]>(), any::<[u64; 2]>());
    (any::<u64>(), network, prop::option::of(any::<u64>()), any::<u64>(), sizes).prop_map(
        |(
            storage_quota_bytes,
            network,
            memory_max_bytes,
            max_result_bytes,
            (n, [state, answer]),
        )| {
            WorkerLimits {
                storage_quota_bytes,
                network,
                memory_max_bytes,
                max_result_bytes,
                max_answer_bytes: answer,
                events_per_second: n[0],
                logs_per_second: n[1],
                max_subscriptions: n[2],
                max_log_bytes: n[3],
                max_state_bytes: state,
            }
        },
    )
}

fn hook_name() -> impl Strategy<Value = annex_protocol::manifest::HookName> {
    prop_oneof![
        prop::sample::select(BUILTIN_HOOKS.to_vec()).prop_map(str::to_owned),
        "custom:[a-zA-Z0-9._-]{1,10}",
    ]
    .prop_map(|hook| hook.parse().expect("built-in or well-formed custom hook"))
}

fn filter_request() -> impl Strategy<Value = FilterRequest> {
    let f = finite_f64;
    let filter = prop_oneof![
        Just(Filter::Grayscale),
        f().prop_map(|amount| Filter::Brightness { amount }),
        f().prop_map(|factor| Filter::Contrast { factor }),
        f().prop_map(|factor| Filter::Saturation { factor }),
        f().prop_map(|degrees| Filter::HueRotate { degrees }),
        any::<u32>().prop_map(|radius| Filter::BoxBlur { radius }),
        f().prop_map(|sigma| Filter::GaussianBlur { sigma }),
        any::<u32>().prop_map(|size| Filter::Pixelate { size }),
        (f(), f()).prop_map(|(angle, radius)| Filter::Swirl { angle, radius }),
        f().prop_map(|amount| Filter::Sepia { amount }),
        any::<u32>().prop_map(|levels| Filter::Posterize { levels }),
        Just(Filter::EdgeDetect),
        (text(), json_value()).prop_map(|(name, params)| Filter::Custom { name, params }),
    ];
    let quality = prop::sample::select(vec![Quality::Draft, Quality::Normal, Quality::Best]);
    (filter, any::<u32>(), any::<u32>(), quality, any::<bool>()).prop_map(
        |(filter, width, height, quality, prefer_speed)| FilterRequest {
            filter,
            width,
            height,
            hints: FilterHints { quality, prefer_speed },
        },
    )
}

fn storage_request() -> impl Strategy<Value = StorageRequest> {
    prop_oneof![
        text().prop_map(|key| StorageRequest::Get { key }),
        text().prop_map(|key| StorageRequest::Set { key }),
        text().prop_map(|key| StorageRequest::Delete { key }),
        prop::option::of(text()).prop_map(|pattern| StorageRequest::List { pattern }),
        Just(StorageRequest::Clear),
    ]
}

fn headers() -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    prop::collection::btree_map(text(), text(), 0..3)
}

fn network_request() -> impl Strategy<Value = NetworkRequest> {
    (text(), text(), headers(), prop::option::of(any::<u32>())).prop_map(
        |(url, method, headers, timeout_ms)| NetworkRequest { url, method, headers, timeout_ms },
    )
}
