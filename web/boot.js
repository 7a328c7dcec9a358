// Starts the wasm app. This replaces Trunk's inline loader so that the page
// runs under `script-src 'self' 'wasm-unsafe-eval'` with no inline script:
// Trunk.toml's `pattern_script` loads this file and puts the hashed names of
// the wasm-bindgen module and the wasm file in data attributes.
const boot = document.getElementById('bridgeport-boot');
const loading = document.getElementById('loading');

try {
  const base = document.baseURI;
  const { default: init } = await import(new URL(boot.dataset.js, base).href);
  await init({ module_or_path: new URL(boot.dataset.wasm, base) });
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
