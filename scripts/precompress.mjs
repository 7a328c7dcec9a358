// Writes FILE.gz (gzip -9) and FILE.br (brotli quality 11) next to every
// text and wasm file of a built dist/, for static hosts that serve
// precompressed files (nginx `gzip_static` / `brotli_static`, Caddy
// `precompressed`, ...). Any static host works without them: they only save
// the host's own compression and, with brotli, ~20 % of the bytes.
//
//   node scripts/precompress.mjs [dir]
//
// Trunk runs it as a post_build hook (Trunk.toml) on its staging directory,
// for release builds only (TRUNK_PROFILE=release): a debug build stays fast.

import { readdir, readFile, writeFile, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, constants } from 'node:zlib';

export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.md', '.svg', '.txt']);

// GNU gzip -9, not zlib's level 9: its match finder packs the wasm 1.4 %
// smaller (527 KB against 534 KB), and it is the figure the size report has
// always printed.
export function gzip9(bytes) {
  return execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 1 << 30 });
}

export function brotli11(bytes, file) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: extname(file) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
}

export async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

async function main() {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('precompress: no directory (argument or TRUNK_STAGING_DIR)');
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') return;
  const all = [];
  for await (const f of files(dir)) all.push(f);
  let n = 0;
  for (const f of all) {
    // Stale ones from an earlier run on the same directory go first.
    if (f.endsWith('.gz') || f.endsWith('.br')) await unlink(f);
  }
  for (const f of all) {
    if (!COMPRESSIBLE.has(extname(f))) continue;
    const bytes = await readFile(f);
    await writeFile(f + '.gz', gzip9(bytes));
    await writeFile(f + '.br', brotli11(bytes, f));
    n++;
  }
  console.log(`precompress: ${n} files in ${dir}, each with .gz and .br`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
