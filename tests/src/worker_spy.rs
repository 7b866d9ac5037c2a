//! Counts the Web Workers that are really alive, by plugin.
//!
//! The runtime names each plugin worker after its plugin id. The spy replaces
//! the page's `Worker` constructor with a subclass that records every worker
//! created and every `terminate()` call, so a test can check that a plugin's
//! worker is really gone, not just marked so by the runtime.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = r#"
export function install() {
  if (globalThis.__annexWorkerSpy) return;
  const Original = globalThis.Worker;
  const live = new Map();
  globalThis.__annexWorkerSpy = live;
  globalThis.Worker = class extends Original {
    constructor(url, options) {
      super(url, options);
      const name = (options && options.name) || '';
      live.set(name, (live.get(name) || 0) + 1);
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
"#)]
extern "C" {
    fn install();
    fn live(name: &str) -> u32;
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
