// Trunk's post_build hook (Trunk.toml), run on the staging directory before
// it becomes dist/:
//   1. the deferred code (ARCHITECTURE.md, "Deferred code"): if the staged
//      wasm-bindgen module imports `./__wasm_split.js`, copy the deferred
//      modules and that loader from the split step of the link
//      (scripts/wasm-ld-split.sh) into deferred/, shrink each module with
//      wasm-opt -Oz as Trunk does the main one, give every file a content
//      hash (a host's cache never pairs an old part with a new page), and
//      point the imports at the hashed names;
//   2. precompressed FILE.gz and FILE.br for every text and wasm file
//      (scripts/precompress.mjs).
// Both only for release builds (TRUNK_PROFILE=release).

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: no TRUNK_STAGING_DIR');
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const root = resolve(new URL('..', import.meta.url).pathname);
const splitDir = join(root, 'target/wasm32-unknown-unknown/release/wasm-split');
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const names = await readdir(staging);
const appJs = names.find((n) => /^app-[0-9a-f]+\.js$/.test(n));
if (!appJs) throw new Error(`post-build: no app-HASH.js in ${staging}`);
let app = await readFile(join(staging, appJs), 'utf8');
if (app.includes('__wasm_split.js')) {
  if (!existsSync(join(splitDir, '__wasm_split.js'))) throw new Error(`post-build: the module imports __wasm_split.js but ${splitDir} has none`);
  const out = join(staging, 'deferred');
  await mkdir(out, { recursive: true });
  let loader = await readFile(join(splitDir, '__wasm_split.js'), 'utf8');
  const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
  for (const f of (await readdir(splitDir)).filter((n) => n.endsWith('.wasm')).sort()) {
    const tmp = join(out, f);
    execFileSync(wasmOpt, [join(splitDir, f), '-Oz', '--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals',
      '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue', '-o', tmp], { stdio: 'inherit' });
    const named = f.replace(/\.wasm$/, `-${hash(await readFile(tmp))}.wasm`);
    await rename(tmp, join(out, named));
    loader = loader.split(`"./${f}"`).join(`"./${named}"`);
  }
  // The loader imports initSync from the wasm-bindgen module, one level up.
  loader = loader.split('"./app.js"').join(`"../${appJs}"`);
  const loaderName = `loader-${hash(loader)}.js`;
  await writeFile(join(out, loaderName), loader);
  app = app.split('./__wasm_split.js').join(`./deferred/${loaderName}`);
  await writeFile(join(staging, appJs), app);
  console.log(`post-build: deferred code in ${out}: ${(await readdir(out)).join(', ')}`);
}

execFileSync(process.execPath, [join(root, 'scripts/precompress.mjs'), staging], { stdio: 'inherit' });
