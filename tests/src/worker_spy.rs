//! Counts the Web Workers that are really alive, by plugin.
//!
//! The runtime names each plugin worker after its plugin id. The spy replaces
//! the page's `Worker` constructor with a subclass that records every worker
//! created and every `terminate()` call, so a test can check that a plugin's
//! worker is really gone, not just marked so by the runtime. It also keeps
//! each plugin's latest worker, so a fuzz test can post to it, or make the
//! host receive a message as if that worker had sent it.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = r#"
export function install() {
  if (globalThis.__annexWorkerSpy) return;
  const Original = globalThis.Worker;
  const live = new Map();
  const latest = new Map();
  globalThis.__annexWorkerSpy = live;
  globalThis.__annexWorkerLatest = latest;
  globalThis.Worker = class extends Original {
    constructor(url, options) {
      super(url, options);
      const name = (options && options.name) || '';
      live.set(name, (live.get(name) || 0) + 1);
      latest.set(name, this);
      // An own property: the glue may construct with the original prototype.
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
export function live(name) {
  return (globalThis.__annexWorkerSpy && globalThis.__annexWorkerSpy.get(name)) || 0;
}
function latestWorker(name) {
  const worker = globalThis.__annexWorkerLatest && globalThis.__annexWorkerLatest.get(name);
  if (!worker) throw new Error(`no worker named ${name} since the spy was installed`);
  return worker;
}
export function as_if_from_worker(name, data) {
  latestWorker(name).dispatchEvent(new MessageEvent('message', { data }));
}
export function post_to_worker(name, data) {
  try {
    latestWorker(name).postMessage(data);
    return true;
  } catch (e) {
    if (e && e.name === 'DataCloneError') return false;
    throw e;
  }
}
"#)]
extern "C" {
    fn install();
    fn live(name: &str) -> u32;
    fn as_if_from_worker(name: &str, data: &wasm_bindgen::JsValue);
    fn post_to_worker(name: &str, data: &wasm_bindgen::JsValue) -> bool;
}

/// Installs the spy (once per page); workers created before are not counted.
pub fn install_worker_spy() {
    install();
}

/// Workers of plugin `id` in `host` created since the spy was installed and
/// not terminated.
pub fn live_workers(host: &annex_runtime::PluginHost, id: &str) -> u32 {
    live(&host.config().worker_name(id))
}

/// Makes the host receive `data` as a message from the latest worker of
/// plugin `id` (a `message` event on its `Worker` object, as the browser
/// delivers one).
pub fn deliver_as_worker(host: &annex_runtime::PluginHost, id: &str, data: &wasm_bindgen::JsValue) {
    as_if_from_worker(&host.config().worker_name(id), data);
}

/// Posts `data` to the latest worker of plugin `id`, bypassing the host;
/// false when the value cannot be cloned.
pub fn post_raw(host: &annex_runtime::PluginHost, id: &str, data: &wasm_bindgen::JsValue) -> bool {
    post_to_worker(&host.config().worker_name(id), data)
}
