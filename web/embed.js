// Bridgeport's JavaScript API for course pages (see embed.md).
//
//   import { ready } from 'https://your.host/bridgeport/embed.js';
//   const Bridgeport = await ready;            // also on window.Bridgeport
//   const lab = Bridgeport.mount(element, { lesson: 'user-networks' });
//
// Trunk gives the page's wasm module and its JS glue hashed names; the boot
// tag of index.html (next to this file) lists them, so this loader reads them
// from there, adds the playground's stylesheet to the page, and starts the
// module. Nothing is mounted until mount() is called. Works under a strict
// CSP (script-src 'self' 'wasm-unsafe-eval'; connect-src 'self').
const base = new URL('./', import.meta.url);

async function load() {
  const res = await fetch(new URL('index.html', base));
  if (!res.ok) throw new Error(`Bridgeport: cannot load ${res.url} (${res.status})`);
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const boot = doc.getElementById('bridgeport-boot');
  if (!boot) throw new Error('Bridgeport: index.html has no #bridgeport-boot tag');
  const css = doc.querySelector('link[rel="stylesheet"]');
  if (css && !document.querySelector('link[data-bridgeport]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(css.getAttribute('href'), base).href;
    link.dataset.bridgeport = '';
    document.head.append(link);
  }
  const glue = await import(new URL(boot.dataset.js, base).href);
  await glue.default({ module_or_path: new URL(boot.dataset.wasm, base) });
  const api = Object.freeze({ mount: glue.mount });
  window.Bridgeport = api;
  dispatchEvent(new CustomEvent('bridgeport:ready', { detail: api }));
  return api;
}

/** Resolves to the API, `{ mount(element, options) }`, once the module runs. */
export const ready = load();
