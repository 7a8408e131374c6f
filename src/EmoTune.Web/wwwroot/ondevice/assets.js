// Loading the on-device files from EmoTune's own origin: the manifest, the runtime, the models and the spec. A network
// failure or a 5xx is retried twice (after 0.5 s and 1.5 s); a 4xx is not. Every failure names the file and the reason.
export async function fetchChecked(url, what, as = 'arrayBuffer') {
  let last = null;
  for (const wait of [0, 500, 1500]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    let res;
    try {
      res = await fetch(url, { credentials: 'same-origin' });
    } catch (e) {
      last = new Error(what + ' could not be loaded (' + url + '): ' + (e.message || 'network error') + '.');
      continue;
    }
    if (res.ok) return as === 'json' ? res.json() : as === 'text' ? res.text() : res.arrayBuffer();
    last = new Error(what + ' could not be loaded (' + url + '): HTTP ' + res.status + (res.statusText ? ' ' + res.statusText : '') + '.');
    if (res.status < 500) break;
  }
  throw last;
}

/** The server's description of the on-device files and settings (GET /api/v1/ondevice). */
export function loadManifest() {
  return fetchChecked('/api/v1/ondevice', 'The on-device settings', 'json');
}

/**
 * WebAssembly threads for onnxruntime-web: `runtime.threads` when the server sets it, else as many as the device has cores
 * (at most 4); always 1 when the page is not cross-origin isolated (no SharedArrayBuffer, so no threads).
 */
export function threadsFor(runtime, isolated = self.crossOriginIsolated === true, cores = navigator.hardwareConcurrency || 1) {
  if (!isolated) return 1;
  return runtime.threads > 0 ? runtime.threads : Math.max(1, Math.min(4, cores));
}

/** onnxruntime-web (WebAssembly build), from /vendor; threads as `threadsFor` says (see docs/ARCHITECTURE.md). */
export async function loadRuntime(runtime) {
  let ort;
  try {
    ort = await import(runtime.module);
  } catch (e) {
    throw new Error('The on-device runtime (onnxruntime-web) could not be loaded from ' + runtime.module + ': ' + e.message);
  }
  ort.env.wasm.numThreads = threadsFor(runtime);
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = { mjs: runtime.glue, wasm: runtime.wasm };
  ort.env.logLevel = 'error';
  return ort;
}
