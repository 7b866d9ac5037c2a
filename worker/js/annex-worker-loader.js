// Entry script of every Annex plugin worker (a module worker).
//
// Chromium drops messages that reach a module worker before its top-level
// code has run, so the worker speaks first: it says "listening", then the host
// sends { workerModule }: this worker's own code, compiled once by the host
// and shared by all plugin workers, so starting a worker never downloads or
// compiles it again. Until annex_worker_boot() has answered "ready", the host
// sends nothing else.
import init, { annex_worker_boot } from './annex_worker.js';

self.addEventListener('message', async (event) => {
  try {
    await init({ module_or_path: event.data.workerModule });
    annex_worker_boot();
  } catch (error) {
    self.postMessage({ msg: { type: 'boot_failed', message: String(error) } });
  }
}, { once: true });

self.postMessage({ msg: { type: 'listening' } });
