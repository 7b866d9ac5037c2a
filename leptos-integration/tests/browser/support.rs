//! Mounting components and poking at the DOM like a visitor would.
//!
//! wasm-bindgen-test-runner serves this crate's folder, so
//! `/tests/fixtures/…` is `leptos-integration/tests/fixtures/`, which
//! `cargo xtask build` fills with the worker bundle and the plugins.

use std::any::Any;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use annex_leptos::{use_plugin_host, HostContext};
use annex_runtime::cache::CacheConfig;
use annex_runtime::protocol::catalog::Catalog;
use annex_runtime::{HostConfig, PluginHost, WorkerSource};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The worker bundle.
pub const WORKER: &str = "/tests/fixtures/annex-worker";
/// The catalog of every fixture plugin.
pub const CATALOG: &str = "/tests/fixtures/plugins/catalog.json";

/// URL of a built plugin, e.g. `plugin_url("grayscale")`.
pub fn plugin_url(name: &str) -> String {
    format!("/tests/fixtures/plugins/{name}.wasm")
}

/// A host configuration of its own: a unique label, module cache and
/// permission databases, no warm workers, no restarts, a 10 s call budget.
pub fn config() -> HostConfig {
    thread_local!(static HOSTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = HOSTS.with(|h| {
        h.set(h.get() + 1);
        h.get()
    });
    let label = format!("leptos-test-{n}");
    let mut config = HostConfig::new(WorkerSource::from_base(WORKER))
        .label(label.clone())
        .call_timeout(Duration::from_secs(10));
    config.cache = Some(CacheConfig {
        database: format!("annex-leptos-test-{label}-{}", js_sys::Date::now()),
        ..CacheConfig::default()
    });
    config.warm_workers = 0;
    // Tests that crash plugins on purpose look at the crash; restarts would
    // race them (the test that wants restarts turns them back on).
    config.supervision.restart = false;
    // Remembered permission decisions are per host.
    config.permissions.database =
        Some(format!("annex-leptos-test-grants-{label}-{}", js_sys::Date::now()));
    config
}

/// The fixture catalog cut down to the plugins built from `names`.
pub async fn catalog_of(names: &[&str]) -> Catalog {
    let mut catalog = annex_runtime::catalog::load_catalog(CATALOG).await.expect("catalog");
    catalog.plugins.retain(|e| names.iter().any(|n| e.url.ends_with(&format!("/{n}.wasm"))));
    assert_eq!(catalog.plugins.len(), names.len(), "every plugin of {names:?} is in the catalog");
    catalog
}

/// A view mounted in its own element of the test page; unmounted and
/// removed when dropped.
pub struct Mounted {
    pub root: web_sys::HtmlElement,
    _handle: Box<dyn Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts `view` into a fresh `<div>` at the end of the body.
pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted { root, _handle: Box::new(handle) }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

impl Mounted {
    /// The first element matching `selector`.
    pub fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).unwrap()
    }

    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<web_sys::Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
    }

    /// The text of the first element matching `selector`, or "" when none.
    pub fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// The texts of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        self.all(selector).iter().map(|e| e.text_content().unwrap_or_default()).collect()
    }

    /// Clicks the element matching `selector` (a real `click` event), which
    /// must exist and not be disabled.
    pub fn click(&self, selector: &str) {
        let element: web_sys::HtmlElement = self
            .find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .unchecked_into();
        assert!(!element.has_attribute("disabled"), "{selector} is disabled");
        element.click();
    }
}

/// Lets Leptos run effects and render.
pub async fn tick() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Waits (up to 20 s) until `done` holds, panicking with `what` otherwise.
pub async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = js_sys::Date::now();
    while !done() {
        assert!(js_sys::Date::now() - started < 20_000.0, "timed out waiting for {what}");
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
}

/// Where a test reads the host context a component saw (children of a
/// component must be `Send`, hence the `Arc`; the context is a `Copy` handle).
pub type Captured = Arc<Mutex<Option<HostContext>>>;

/// A component that hands the test its `<PluginHost>`'s context.
#[component]
pub fn Capture(to: Captured) -> impl IntoView {
    *to.lock().unwrap() = Some(use_plugin_host());
}

/// The context a [`Capture`] saw.
pub fn captured_context(captured: &Captured) -> HostContext {
    captured.lock().unwrap().expect("the Capture component ran")
}

/// The captured host, once it runs.
pub async fn running_host(captured: &Captured) -> PluginHost {
    wait_for("the host to start", || {
        captured.lock().unwrap().is_some_and(|c| c.host_untracked().is_some())
    })
    .await;
    captured_context(captured).host_untracked().unwrap()
}

/// The bytes of a served file.
pub async fn fetch_bytes(url: &str) -> Vec<u8> {
    let window = web_sys::window().unwrap();
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .unwrap()
            .unchecked_into();
    assert!(response.ok(), "{url}: HTTP {}", response.status());
    let body =
        wasm_bindgen_futures::JsFuture::from(response.array_buffer().unwrap()).await.unwrap();
    js_sys::Uint8Array::new(&body).to_vec()
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function install_worker_spy() {
  if (globalThis.__annexLeptosWorkerSpy) return;
  const Original = globalThis.Worker;
  const live = new Map();
  globalThis.__annexLeptosWorkerSpy = live;
  globalThis.Worker = class extends Original {
    constructor(url, options) {
      super(url, options);
      const name = (options && options.name) || '';
      live.set(name, (live.get(name) || 0) + 1);
      let terminated = false;
      this.terminate = () => {
        if (!terminated) {
          terminated = true;
          live.set(name, live.get(name) - 1);
        }
        return Original.prototype.terminate.call(this);
      };
    }
  };
}
export function live_workers(name) {
  return (globalThis.__annexLeptosWorkerSpy && globalThis.__annexLeptosWorkerSpy.get(name)) || 0;
}
"#)]
extern "C" {
    /// Replaces the page's `Worker` constructor with one that counts workers
    /// by name and `terminate()` calls (once per page), so a test sees
    /// whether a worker is really gone.
    pub fn install_worker_spy();
    /// Workers named `name` created since the spy was installed and not terminated.
    pub fn live_workers(name: &str) -> u32;
}
