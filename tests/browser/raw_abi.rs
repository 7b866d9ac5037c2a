//! Malformed plugin data through the raw ABI (`annex_tests::raw`): output
//! records outside memory, huge lengths, non-JSON and wrong-shaped answers,
//! unknown statuses, allocators that answer nonsense, and bad pointers and
//! lengths to every host function. Each ends in an error naming the plugin
//! and the cause, while a bystander answers; nothing panics.

use annex_protocol::host_api::{ERR_BAD_BUFFER, HOST_FUNCTIONS, RESULT_ERROR};
use annex_protocol::manifest::PermissionRequest;
use annex_protocol::{ErrorCode, Permission};
use annex_runtime::{Error, HostConfig, PluginHost};
use annex_tests::raw::{RawPlugin, ANSWER, PAYLOAD, WRONG_JSON};
use annex_tests::{config, engine_has_jspi, host, host_with};
use futures::join;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::limits::{answers, bystander, manifest, manifest_of};

const ID: &str = "dev.annex.test.raw-abi";

/// Loads `raw` and calls it once: the call's answer (an `i32`), or the
/// error of whichever step failed.
async fn load_and_call(host: &PluginHost, raw: &RawPlugin) -> Result<i32, Error> {
    let bytes = raw.build(&manifest(ID).await);
    let plugin = match host.load_bytes(&bytes, "raw.wasm").await {
        Ok(plugin) => plugin,
        Err(error) => {
            // A start that failed leaves the registration (status error).
            if let Some(failed) = host.plugin(&ID.parse().unwrap()) {
                failed.unload().await.unwrap();
            }
            return Err(error);
        }
    };
    let answer = plugin.custom("test.counter")?.call("anything", &[0; 4]).await;
    let _ = plugin.unload().await;
    answer.map(|bytes| i32::from_le_bytes(bytes.try_into().expect("4 bytes")))
}

/// `raw` fails with `code` and a message naming the plugin and containing
/// `cause`, while the bystander answers, and after.
async fn fails(host: &PluginHost, what: &str, raw: RawPlugin, code: ErrorCode, cause: &str) {
    let bystander = bystander(host).await;
    let (outcome, ()) = join!(load_and_call(host, &raw), answers(&bystander));
    let error = outcome.expect_err(what);
    let text = error.to_string();
    assert_eq!(error.code(), code, "{what}: {text}");
    assert!(text.contains(ID) && text.contains(cause), "{what}: {text}");
    answers(&bystander).await;
    bystander.unload().await.unwrap();
}

#[wasm_bindgen_test]
async fn malformed_answers_are_errors_naming_the_plugin_and_hurt_no_one() {
    let host = host().await;
    let answer = |record: [i32; 4]| RawPlugin { record: Some(record), ..RawPlugin::default() };
    let outside = "outside its memory";
    let cases = [
        (
            "answer outside memory",
            answer([60_000, 10_000, PAYLOAD, 4]),
            ErrorCode::Protocol,
            outside,
        ),
        ("answer past 4 GiB", answer([-16, 17, PAYLOAD, 4]), ErrorCode::Protocol, outside),
        (
            "huge answer length",
            answer([ANSWER, i32::MAX, PAYLOAD, 4]),
            ErrorCode::BudgetExceeded,
            "max_answer_bytes",
        ),
        ("payload outside memory", answer([ANSWER, 17, 65_530, 100]), ErrorCode::Protocol, outside),
        (
            "huge payload length",
            answer([ANSWER, 17, PAYLOAD, i32::MAX]),
            ErrorCode::BudgetExceeded,
            "max_result_bytes",
        ),
        (
            "non-JSON answer",
            answer([PAYLOAD, 4, PAYLOAD, 4]),
            ErrorCode::Protocol,
            "not understood",
        ),
        (
            "wrong-shaped answer",
            answer([WRONG_JSON.0, WRONG_JSON.1, PAYLOAD, 4]),
            ErrorCode::Protocol,
            "not understood",
        ),
        (
            "unknown status",
            RawPlugin { status: 7, ..RawPlugin::default() },
            ErrorCode::Protocol,
            "status 7",
        ),
        (
            "an error that is not one",
            RawPlugin { status: 1, ..RawPlugin::default() },
            ErrorCode::Protocol,
            "not understood",
        ),
        (
            "record outside memory",
            RawPlugin { output_at: 65_534, ..RawPlugin::default() },
            ErrorCode::Protocol,
            outside,
        ),
        (
            "record at -4",
            RawPlugin { output_at: -4, ..RawPlugin::default() },
            ErrorCode::Protocol,
            outside,
        ),
        (
            "allocator answers 0",
            RawPlugin { alloc_answers: Some(0), ..RawPlugin::default() },
            ErrorCode::PluginError,
            "out of memory",
        ),
        (
            "allocator answers the end",
            RawPlugin { alloc_answers: Some(65_530), ..RawPlugin::default() },
            ErrorCode::Protocol,
            outside,
        ),
        (
            "allocator answers -8",
            RawPlugin { alloc_answers: Some(-8), ..RawPlugin::default() },
            ErrorCode::Protocol,
            outside,
        ),
    ];
    for (what, raw, code, cause) in cases {
        fails(&host, what, raw, code, cause).await;
    }
    assert!(host.plugins().is_empty(), "{:?}", host.plugins());
}

#[wasm_bindgen_test]
async fn bad_pointers_and_lengths_to_every_host_function_are_refused_inside_the_plugin() {
    let host = host().await;
    let bystander = bystander(&host).await;
    for function in HOST_FUNCTIONS.iter().filter(|f| f.permission.is_none()) {
        // Pointers near the end of the 32-bit space, lengths of 256 MiB.
        let args = (0..function.params.len())
            .map(|i| if i % 2 == 0 { 0x7FFF_FFF0 } else { 0x1000_0000 })
            .collect();
        let raw = RawPlugin { host_call: Some((function.name, args)), ..RawPlugin::default() };
        let (outcome, ()) = join!(load_and_call(&host, &raw), answers(&bystander));
        let answer = outcome.unwrap_or_else(|e| panic!("{}: {e}", function.name));
        // `result_len` takes no pointer: the slot is empty.
        let expected = match function.name {
            _ if function.results.is_empty() => 0,
            "result_len" => 0,
            _ => RESULT_ERROR,
        };
        web_sys::console::log_1(&format!("{}: answered {answer}", function.name).into());
        assert_eq!(answer, expected, "{} answered {answer}", function.name);
    }
    answers(&bystander).await;
}

#[wasm_bindgen_test]
async fn a_filter_cannot_answer_an_image_of_another_size() {
    // The canvas a filter's answer fills is the one it was given: a bigger
    // or smaller buffer is refused before any pixel is read.
    let host = host().await;
    let bystander = bystander(&host).await;
    let id = "dev.annex.test.raw-filter";
    for (what, length, expected) in [("smaller", 4, 4), ("larger", 60_000, 60_000)] {
        let raw = RawPlugin {
            answer_json: r#"{"type":"filter_applied"}"#,
            record: Some([ANSWER, 25, PAYLOAD, length]),
            ..RawPlugin::default()
        };
        let bytes = raw.build(&manifest_of("grayscale", id).await);
        let plugin = host.load_bytes(&bytes, "raw-filter.wasm").await.unwrap();
        let image = annex_runtime::RgbaImage::from_bytes(2, 2, &[7; 16]).unwrap();
        let filter = plugin.canvas_filter().unwrap();
        let (outcome, ()) = join!(
            filter.apply(image, &annex_protocol::api::filter::Filter::Grayscale),
            answers(&bystander)
        );
        let error = outcome.expect_err(what);
        assert_eq!(error.code(), ErrorCode::Protocol, "{what}: {error}");
        let text = error.to_string();
        assert!(text.contains(id), "{what}: {text}");
        assert!(
            text.contains(&format!("a 2x2 RGBA image needs 16 bytes, the buffer has {expected}")),
            "{what}: {text}"
        );
        plugin.unload().await.unwrap();
    }
    answers(&bystander).await;
}

/// The raw-ABI manifest asking for `permissions` too.
async fn manifest_asking(permissions: &[Permission]) -> String {
    let mut manifest =
        annex_protocol::Manifest::from_json(manifest(ID).await.as_bytes()).unwrap().manifest;
    for permission in permissions {
        let reason = "the raw-ABI tests call its host functions".to_owned();
        manifest.permissions.push(PermissionRequest { permission: permission.clone(), reason });
    }
    manifest.to_json()
}

fn granting_all() -> HostConfig {
    config()
        .grant(Permission::StorageRead)
        .grant(Permission::StorageWrite)
        .grant(Permission::NetworkRequest)
        .grant(Permission::SystemInfo)
}

/// Loads `raw` (with `manifest`) and calls it once, as [`load_and_call`].
async fn load_and_call_with(
    host: &PluginHost,
    raw: &RawPlugin,
    manifest: &str,
) -> Result<i32, Error> {
    let bytes = raw.build(manifest);
    let plugin = match host.load_bytes(&bytes, "raw.wasm").await {
        Ok(plugin) => plugin,
        Err(error) => {
            if let Some(failed) = host.plugin(&ID.parse().unwrap()) {
                let _ = failed.unload().await;
            }
            return Err(error);
        }
    };
    let answer = plugin.custom("test.counter")?.call("anything", &[0; 4]).await;
    let _ = plugin.unload().await;
    answer.map(|bytes| i32::from_le_bytes(bytes.try_into().expect("4 bytes")))
}

#[wasm_bindgen_test]
async fn bad_pointers_to_the_storage_network_and_system_imports_are_refused_inside_the_plugin() {
    let host = host_with(granting_all()).await;
    let bystander = bystander(&host).await;
    let gated: Vec<_> = HOST_FUNCTIONS
        .iter()
        .filter(|f| f.permission.is_some() && !f.params.is_empty())
        // A raw module is not Asyncify-transformed: where the engine has no
        // JSPI, a module importing an asynchronous function cannot run.
        .filter(|f| !f.is_async || engine_has_jspi())
        .collect();
    assert!(!gated.is_empty());
    for function in gated {
        let permission = function.permission.clone().unwrap();
        let args = (0..function.params.len())
            .map(|i| if i % 2 == 0 { 0x7FFF_FFF0 } else { 0x1000_0000 })
            .collect();
        let raw = RawPlugin { host_call: Some((function.name, args)), ..RawPlugin::default() };
        let manifest = manifest_asking(&[permission]).await;
        let (outcome, ()) = join!(load_and_call_with(&host, &raw, &manifest), answers(&bystander));
        let answer = outcome.unwrap_or_else(|e| panic!("{}: {e}", function.name));
        let expected = if function.name == "system_info" { ERR_BAD_BUFFER } else { RESULT_ERROR };
        assert_eq!(answer, expected, "{} answered {answer}", function.name);
    }
    answers(&bystander).await;
}

#[wasm_bindgen_test]
async fn exports_that_call_back_into_the_host_from_where_it_does_not_expect_it_hurt_no_one() {
    let host = host_with(granting_all()).await;
    let bystander = bystander(&host).await;
    let storage_get = ("storage_get", vec![ANSWER, 4]);
    let mut cases = vec![
        ("annex_alloc", ("util_sha256", vec![ANSWER, 17])),
        ("annex_alloc", ("events_subscribe", vec![ANSWER, 4, 0])),
        ("annex_output", ("util_sha256", vec![ANSWER, 17])),
        ("annex_output", ("log", vec![1, ANSWER, 17])),
        ("annex_abi_version", ("events_emit", vec![ANSWER, 4, ANSWER, 17])),
    ];
    if engine_has_jspi() {
        cases.push(("annex_alloc", storage_get.clone()));
        cases.push(("annex_output", storage_get.clone()));
        cases.push(("annex_abi_version", storage_get));
    }
    let manifest = manifest_asking(&[Permission::StorageRead]).await;
    for (export, (function, args)) in cases {
        let what = format!("{function} from {export}");
        let exports: &'static [&'static str] = match export {
            "annex_alloc" => &["annex_alloc"],
            "annex_output" => &["annex_output"],
            _ => &["annex_abi_version"],
        };
        let raw = RawPlugin {
            host_call: Some((function, args)),
            reenter_from: exports,
            ..RawPlugin::default()
        };
        let started = annex_tests::now_ms();
        let (outcome, ()) = join!(load_and_call_with(&host, &raw, &manifest), answers(&bystander));
        let took = annex_tests::now_ms() - started;
        web_sys::console::log_1(&format!("{what}: {outcome:?} in {took:.0} ms").into());
        if function == "storage_get" {
            // A suspension outside a call's entry point: the engine refuses
            // it (JSPI's SuspendError), and that is a trap of this plugin.
            let error = outcome.expect_err(&what);
            assert_eq!(error.code(), ErrorCode::Trap, "{what}: {error}");
            assert!(error.to_string().contains(ID), "{what}: {error}");
        } else {
            // A synchronous host function is simply called.
            outcome.unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        answers(&bystander).await;
    }
    // The host still loads and runs a well-behaved module.
    let plain = load_and_call_with(&host, &RawPlugin::default(), &manifest).await;
    assert_eq!(plain.unwrap(), 0);
}
