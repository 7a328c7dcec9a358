// What the browser scripts share: a static server for a built dist/ under a
// sub-path (as a course page would host it), and Debian's Chromium with the
// launch flags this machine needs (no sandbox as root, no background
// networking: the machine's network is closed).
//
// The server compresses text and wasm as static hosts do (nginx `gzip on`,
// GitHub Pages, Netlify): gzip when the request accepts it, at zlib's default
// level 6, so the browser benchmark's slow-link figures count the bytes a
// learner's browser really downloads. With `{ precompressed: true }` it serves
// the build's own `.br` / `.gz` files instead (nginx `brotli_static` /
// `gzip_static`), for the figure of a host set up as the README says.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--disable-extensions'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// What hosts compress: text and wasm, not images.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.md', '.svg']);

/// Serves `root` at `basePath` on 127.0.0.1, port 0 (resolves to the
/// listening server). `extra(url, res)` may answer a request first and
/// return true (a second page of another origin, say). `options.precompressed`
/// serves `FILE.br` or `FILE.gz` from the build where the request accepts it;
/// otherwise compressible files are gzipped on the fly (cached per file).
export function serve(root, basePath, extra = () => false, options = {}) {
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (extra(url, res)) return;
      if (!url.pathname.startsWith(basePath)) return void res.writeHead(404).end('not found');
      const file = normalize(join(root, decodeURIComponent(url.pathname.slice(basePath.length)) || 'index.html'));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return void res.writeHead(404).end('not found');
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', vary: 'accept-encoding' };
      const accepts = String(req.headers['accept-encoding'] ?? '').split(',').map((e) => e.trim().split(';')[0]);
      let body = null;
      if (COMPRESSIBLE.has(extname(file)) && options.precompressed) {
        for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
          if (!accepts.includes(enc)) continue;
          body = await readFile(file + ext).catch(() => null);
          if (body) {
            headers['content-encoding'] = enc;
            break;
          }
        }
      } else if (COMPRESSIBLE.has(extname(file)) && accepts.includes('gzip')) {
        const key = `${file}:${info.mtimeMs}:${info.size}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(await readFile(file), { level: 6 }));
        body = gzipped.get(key);
        headers['content-encoding'] = 'gzip';
      }
      body ??= await readFile(file);
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
