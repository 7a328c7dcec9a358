// What the browser scripts share: a static server for a built dist/ under a
// sub-path (as a course page would host it), and Debian's Chromium with the
// launch flags this machine needs (no sandbox as root, no background
// networking: the machine's network is closed).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

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

/// Serves `root` at `basePath` on 127.0.0.1, port 0 (resolves to the
/// listening server). `extra(url, res)` may answer a request first and
/// return true (a second page of another origin, say).
export function serve(root, basePath, extra = () => false) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      if (extra(url, res)) return;
      if (!url.pathname.startsWith(basePath)) return void res.writeHead(404).end('not found');
      const file = normalize(join(root, decodeURIComponent(url.pathname.slice(basePath.length)) || 'index.html'));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(await readFile(file));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
