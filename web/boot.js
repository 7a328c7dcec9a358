// Starts the wasm app. This replaces Trunk's inline loader so that the page
// runs under `script-src 'self' 'wasm-unsafe-eval'` with no inline script:
// Trunk.toml's `pattern_script` loads this file and puts the hashed names of
// the wasm-bindgen module and the wasm file in data attributes.
//
// While the wasm arrives, the loading indicator shows how much of it has
// (issue 15: on a slow classroom link the page takes seconds, and a bar that
// moves says it is coming). The bytes are counted from a clone of the
// response while the response itself streams into
// `WebAssembly.instantiateStreaming`, which still compiles while they
// arrive. The whole is the wasm's size, written by scripts/post-build.mjs as
// `data-wasm-bytes` (the response's Content-Length is the compressed size
// when the host compresses), or the Content-Length of an uncompressed response
// (`trunk serve`); with neither, the spinner alone shows.
const boot = document.getElementById('bridgeport-boot');
const loading = document.getElementById('loading');

// Counts the wasm's response into the loading indicator and hands it on
// untouched. The count reads a clone (the body is teed): piping the body
// itself through a TransformStream made Chromium report the download as
// aborted now and then, when the compiler stopped reading at the module's
// last section before the stream's end.
function counted(response) {
  const header = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length'));
  const total = Number(boot.dataset.wasmBytes) || header;
  const bar = document.getElementById('loading-bar');
  const percent = document.getElementById('loading-percent');
  if (!total || !bar || !percent || !response.ok || !response.body) return response;
  const reader = response.clone().body.getReader();
  let seen = 0;
  let shown = -1;
  bar.hidden = false;
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      const now = Math.min(100, Math.floor((seen * 100) / total));
      if (now !== shown) {
        shown = now;
        bar.value = now;
        percent.textContent = ` ${now} %`;
      }
    }
  })().catch(() => {});
  return response;
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
