//! Fuzzing the real decoding paths in the browser, not JSON stand-ins: the
//! host's `message` handler on a plugin's `Worker` (JSON text, or objects
//! through `serde_wasm_bindgen`) and the worker's own handler (objects
//! through `serde_wasm_bindgen`, after a structured clone). Inputs are
//! random JS values of every kind a message can hold, and well-formed
//! messages mutated at random. Neither side may panic; the fuzzed plugin and
//! a bystander answer afterwards.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

use annex_protocol::message::{envelope, HostMessage, WorkerMessage};
use annex_runtime::{Plugin, PluginHost};
use annex_tests::{deliver_as_worker, host, install_worker_spy, plugin_url, post_raw};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::limits::{answers, bystander};

/// A fixed seed per run keeps a failure reproducible; `ANNEX_FUZZ_SEED`
/// is not readable in a browser, so the seed is printed on failure.
const SEED: u64 = 0x5eed_a11e_c0de_f00d;
const HOST_CASES: u32 = 3000;
const WORKER_CASES: u32 = 1500;

/// Well-formed messages to mutate; each is checked to decode first.
const WORKER_MESSAGES: &[&str] = &[
    r#"{"type":"log","level":"warn","message":"fuzz"}"#,
    r#"{"type":"emitted","event_type":"fuzz.e","data":{"a":[1,2.5,"x"]}}"#,
    r#"{"type":"subscription","event_type":"fuzz.s","subscribe":true,"once":false}"#,
    r#"{"type":"throttled","what":"events","refused":3}"#,
    r#"{"type":"refused","permission":"storage.read","refused":1}"#,
    r#"{"type":"reply","call":999999,"result":{"Ok":{"type":"pong"}},"memory_bytes":65536}"#,
    r#"{"type":"instantiated","memory_bytes":65536}"#,
    r#"{"type":"init_failed","error":{"code":"plugin_error","message":"x"}}"#,
];
const HOST_MESSAGES: &[&str] = &[
    r#"{"type":"call","call":999999,"request":{"method":"ping"}}"#,
    r#"{"type":"call","call":999998,"request":{"method":"custom","api":"test.counter","function":"version"}}"#,
    r#"{"type":"call","call":999997,"request":{"method":"event","type":"fuzz.e","data":{"a":1},"source":"dev.x.y","timestamp":1}}"#,
    r#"{"type":"set_grant","permission":"storage.read","granted":false}"#,
];
const KEYS: &[&str] = &[
    "type",
    "msg",
    "payload",
    "module",
    "call",
    "result",
    "Ok",
    "Err",
    "memory_bytes",
    "usage",
    "level",
    "message",
    "event_type",
    "data",
    "subscribe",
    "once",
    "what",
    "refused",
    "permission",
    "error",
    "code",
    "request",
    "method",
    "api",
    "function",
    "plugin",
    "grants",
    "limits",
    "granted",
    "suspension",
    "storage_namespace",
    "__proto__",
    "constructor",
    "",
];
const WORDS: &[&str] = &[
    "listening",
    "ready",
    "boot_failed",
    "instantiated",
    "load_failed",
    "initialized",
    "init_failed",
    "reply",
    "throttled",
    "refused",
    "emitted",
    "subscription",
    "log",
    "instantiate",
    "init",
    "set_grant",
    "call",
    "ping",
    "filter_apply",
    "hook",
    "event",
    "storage",
    "network",
    "custom",
    "cleanup",
    "reload",
    "save_state",
    "restore_state",
    "update_config",
    "storage.read",
    "canvas.write",
    "warn",
    "error",
    "pong",
    "jspi",
    "",
];

/// xorshift64*: enough to spread cases, and reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).unwrap();
}

/// Any JS value a message could carry, `depth` levels deep at most.
fn any(rng: &mut Rng, depth: u32) -> JsValue {
    let kinds = if depth == 0 { 7 } else { 14 };
    match rng.below(kinds) {
        0 => JsValue::UNDEFINED,
        1 => JsValue::NULL,
        2 => JsValue::from_bool(rng.below(2) == 0),
        3 => JsValue::from_f64((rng.next() % 2000) as f64 - 1000.0),
        4 => {
            let specials = [
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                -0.0,
                9_007_199_254_740_993.0,
                1e308,
                4_294_967_296.0,
                -1.0,
                0.5,
                u32::MAX as f64,
            ];
            JsValue::from_f64(specials[rng.below(specials.len())])
        }
        5 => JsValue::from_str(rng.pick(WORDS)),
        6 => {
            // Code units, lone surrogates included.
            let units: Vec<u16> = (0..rng.below(8)).map(|_| rng.next() as u16).collect();
            js_sys::JsString::from_char_code(&units).into()
        }
        7 => (0..rng.below(4)).map(|_| any(rng, depth - 1)).collect::<Array>().into(),
        8 => object(rng, depth - 1),
        9 => ArrayBuffer::new(rng.below(17) as u32).into(),
        10 => Uint8Array::new_with_length(rng.below(17) as u32).into(),
        11 => js_sys::BigInt::from(rng.next()).into(),
        12 => js_sys::Date::new_0().into(),
        _ => {
            let map = js_sys::Map::new();
            map.set(&JsValue::from_str(rng.pick(KEYS)), &any(rng, depth - 1));
            map.into()
        }
    }
}

fn object(rng: &mut Rng, depth: u32) -> JsValue {
    let object: JsValue = Object::new().into();
    for _ in 0..rng.below(5) {
        set(&object, rng.pick(KEYS), &any(rng, depth));
    }
    object
}

/// A well-formed message with one to three random changes: a field set to
/// any value, removed or added, or `type`/`method` swapped for another name.
fn mutated(rng: &mut Rng, template: &str) -> JsValue {
    let value = js_sys::JSON::parse(template).unwrap();
    for _ in 0..=rng.below(3) {
        let mut at = value.clone();
        // Walk down a random path of objects.
        while rng.below(3) == 0 {
            let keys = Object::keys(at.unchecked_ref::<Object>());
            if keys.length() == 0 {
                break;
            }
            let child = Reflect::get(&at, &keys.get(rng.below(keys.length() as usize) as u32));
            match child {
                Ok(child) if child.is_object() => at = child,
                _ => break,
            }
        }
        let keys = Object::keys(at.unchecked_ref::<Object>());
        let existing = (keys.length() > 0)
            .then(|| keys.get(rng.below(keys.length() as usize) as u32).as_string().unwrap());
        match (rng.below(4), existing) {
            (0, Some(key)) => set(&at, &key, &any(rng, 2)),
            (1, Some(key)) => {
                Reflect::delete_property(at.unchecked_ref::<Object>(), &key.into()).unwrap();
            }
            (2, _) => {
                let key = if rng.below(2) == 0 { "type" } else { "method" };
                set(&at, key, &JsValue::from_str(rng.pick(WORDS)));
            }
            _ => set(&at, rng.pick(KEYS), &any(rng, 2)),
        }
    }
    value
}

/// A message envelope `{msg, payload?, module?}`, or now and then not one.
fn envelope_of(rng: &mut Rng, msg: JsValue) -> JsValue {
    if rng.below(20) == 0 {
        return any(rng, 3);
    }
    let data: JsValue = Object::new().into();
    set(&data, envelope::MESSAGE, &msg);
    if rng.below(4) == 0 {
        set(&data, envelope::PAYLOAD, &any(rng, 1));
    }
    if rng.below(8) == 0 {
        set(&data, envelope::MODULE, &any(rng, 1));
    }
    data
}

static PANICS: AtomicU32 = AtomicU32::new(0);

/// Counts panics anywhere on the page (the host runs in this module),
/// from now on; the hook before it still runs.
fn count_panics() -> &'static AtomicU32 {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
    PANICS.store(0, Ordering::SeqCst);
    &PANICS
}

async fn custom_answers(plugin: &Plugin) {
    let answer = plugin.custom("test.counter").unwrap().call("echo", b"alive").await;
    assert_eq!(answer.unwrap(), b"alive", "the fuzzed plugin answers afterwards");
}

async fn setup() -> (PluginHost, Plugin, Plugin) {
    install_worker_spy();
    let host = host().await;
    let bystander = bystander(&host).await;
    let fuzzed = host.load_url(&plugin_url("custom-calls")).await.unwrap();
    (host, fuzzed, bystander)
}

#[wasm_bindgen_test]
async fn the_hosts_decoding_of_worker_messages_survives_random_and_mutated_input() {
    for template in WORKER_MESSAGES {
        serde_json::from_str::<WorkerMessage>(template).expect(template);
    }
    let (host, fuzzed, bystander) = setup().await;
    let panics = count_panics();
    let mut rng = Rng(SEED);
    let id = fuzzed.id().to_string();
    for case in 0..HOST_CASES {
        let msg = match rng.below(4) {
            0 => any(&mut rng, 3),
            // The worker's own form: JSON text, mutated as a value or as text.
            1 => {
                let template = rng.pick(WORKER_MESSAGES);
                js_sys::JSON::stringify(&mutated(&mut rng, template))
                    .map(JsValue::from)
                    .unwrap_or(JsValue::NULL)
            }
            2 => {
                let text = rng.pick(WORKER_MESSAGES);
                let cut = rng.below(text.len() + 1);
                JsValue::from_str(&text[..cut])
            }
            _ => {
                let template = rng.pick(WORKER_MESSAGES);
                mutated(&mut rng, template)
            }
        };
        deliver_as_worker(&host, &id, &envelope_of(&mut rng, msg));
        assert_eq!(
            panics.load(Ordering::SeqCst),
            0,
            "case {case} (seed {SEED:#x}) panicked the host"
        );
        if case % 500 == 0 {
            answers(&bystander).await;
        }
    }
    custom_answers(&fuzzed).await;
    answers(&bystander).await;
    assert_eq!(panics.load(Ordering::SeqCst), 0);
}

#[wasm_bindgen_test]
async fn the_workers_decoding_of_host_messages_survives_random_and_mutated_input() {
    for template in HOST_MESSAGES {
        serde_json::from_str::<HostMessage>(template).expect(template);
    }
    let (host, fuzzed, bystander) = setup().await;
    let panics = count_panics();
    let mut rng = Rng(SEED ^ 0xffff);
    let id = fuzzed.id().to_string();
    let mut posted = 0;
    for _ in 0..WORKER_CASES {
        let msg = match rng.below(3) {
            0 => any(&mut rng, 3),
            _ => {
                let template = rng.pick(HOST_MESSAGES);
                mutated(&mut rng, template)
            }
        };
        posted += u32::from(post_raw(&host, &id, &envelope_of(&mut rng, msg)));
    }
    assert!(posted > WORKER_CASES / 2, "most inputs can be cloned: {posted}");
    // The worker handles messages in order: this call comes after every
    // fuzzed one, and a worker that panicked on any of them never answers.
    custom_answers(&fuzzed).await;
    answers(&bystander).await;
    assert_eq!(panics.load(Ordering::SeqCst), 0, "the host panicked");
}
