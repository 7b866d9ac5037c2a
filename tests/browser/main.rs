//! Browser tests: real plugins in real workers in headless Chromium, Firefox and WebKit.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod analytics;
mod animation;
mod custom;
mod decode_fuzz;
mod dependencies;
mod events;
mod filter;
mod hangs;
mod hooks;
mod hostile;
mod identity;
mod lifecycle;
mod limits;
mod loading;
mod network;
mod network_policy;
mod permissions;
mod raw_abi;
mod refusal;
mod revocation;
mod signatures;
mod soak;
mod storage;
mod supervision;
mod suspension;
mod tables;
mod typography;
mod typography_bounds;
mod unsendable;
mod updates;
mod watchdog;
