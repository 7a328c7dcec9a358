// Starts the wasm app. This replaces Trunk's inline loader so that the page
// runs under `script-src 'self' 'wasm-unsafe-eval'` with no inline script:
// Trunk.toml's `pattern_script` loads this file and puts the hashed names of
// the wasm-bindgen module and the wasm file in data attributes.
//
// While the wasm arrives, the loading indicator shows how much of it has
// (issue 15: on a slow classroom link the page takes seconds, and a bar that
// moves says it is coming). The bytes are counted as the response streams
// into `WebAssembly.instantiateStreaming`, which still compiles while they
// arrive. The whole is the wasm's size, written by scripts/post-build.mjs as
// `data-wasm-bytes` (the response's Content-Length is the compressed size
// when the host compresses), or the Content-Length of an uncompressed response
// (`trunk serve`); with neither, the spinner alone shows.
const boot = document.getElementById('bridgeport-boot');
const loading = document.getElementById('loading');

// The wasm's response, its body counted into the loading indicator.
function counted(response) {
  const header = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length'));
  const total = Number(boot.dataset.wasmBytes) || header;
  const bar = document.getElementById('loading-bar');
  const percent = document.getElementById('loading-percent');
  if (!total || !bar || !percent || !response.ok || !response.body) return response;
  let seen = 0;
  let shown = -1;
  bar.hidden = false;
  const body = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      const now = Math.min(100, Math.floor((seen * 100) / total));
      if (now !== shown) {
        shown = now;
        bar.value = now;
        percent.textContent = ` ${now} %`;
      }
      controller.enqueue(chunk);
    },
  }));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

try {
  const base = document.baseURI;
  const { default: init } = await import(new URL(boot.dataset.js, base).href);
  const wasm = fetch(new URL(boot.dataset.wasm, base)).then(counted);
  await init({ module_or_path: wasm });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
} catch (err) {
  console.error('Bridgeport could not start:', err);
  if (loading && !document.getElementById('panic')) {
    loading.classList.add('failed');
    const text = loading.querySelector('p');
    if (text) {
      text.textContent = 'Bridgeport could not start (' + String(err && err.message ? err.message : err) +
        '). It needs a browser with WebAssembly; try reloading the page.';
    }
  }
}
