// Trunk's post_build hook (Trunk.toml), run on the staging directory before
// it becomes dist/, for release builds only (TRUNK_PROFILE=release):
//   1. minify wasm-bindgen's JS module (app-HASH.js: Trunk 0.21 minifies
//      the HTML and CSS but not this file) with terser, and give index.html's
//      `modulepreload` link the new file's Subresource Integrity hash, or the
//      browser would refuse it (59 KB → 26 KB raw, 9.9 → 7.3 KB gzipped);
//   2. the wasm's size in bytes as the boot script's `data-wasm-bytes`, the
//      whole of the loading indicator's bar (web/boot.js: the response's
//      Content-Length is the compressed size when the host compresses);
//   3. precompressed FILE.gz and FILE.br for every text and wasm file
//      (scripts/precompress.mjs).
// (A prototype of deferred wasm parts also lived here; its recipe is in
// docs/benchmarks.md, "Lazy-loaded wasm, prototyped and not adopted".)

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { minify } from 'terser';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: no TRUNK_STAGING_DIR');
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const root = resolve(new URL('..', import.meta.url).pathname);

const names = await readdir(staging);
const appJs = names.find((n) => /^app-[0-9a-f]+\.js$/.test(n));
if (!appJs) throw new Error(`post-build: no app-HASH.js in ${staging}`);
const source = await readFile(join(staging, appJs), 'utf8');
// An ES module: top-level names may be renamed, exports (`default`,
// `initSync`) and the import object's property names (what the wasm imports)
// are kept by terser's defaults.
const { code } = await minify(source, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
if (!code) throw new Error(`post-build: terser gave nothing for ${appJs}`);
await writeFile(join(staging, appJs), code);

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const htmlPath = join(staging, 'index.html');
const html = await readFile(htmlPath, 'utf8');
const oldSri = sri(source);
if (!html.includes(oldSri)) throw new Error(`post-build: index.html has no integrity ${oldSri} for ${appJs}`);
const appWasm = names.find((n) => /^app-[0-9a-f]+_bg\.wasm$/.test(n));
if (!appWasm) throw new Error(`post-build: no app-HASH_bg.wasm in ${staging}`);
const { size: wasmBytes } = await stat(join(staging, appWasm));
const bootTag = /id="?bridgeport-boot"?/;
if (!bootTag.test(html)) throw new Error('post-build: index.html has no script with id bridgeport-boot');
await writeFile(htmlPath, html.split(oldSri).join(sri(code)).replace(bootTag, (tag) => `${tag} data-wasm-bytes=${wasmBytes}`));
console.log(`post-build: ${appJs} minified, ${source.length} → ${code.length} bytes`);

execFileSync(process.execPath, [join(root, 'scripts/precompress.mjs'), staging], { stdio: 'inherit' });
