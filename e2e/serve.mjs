// What the browser scripts share: a static server for a built dist/ under a
// sub-path (as a course page would host it), and Debian's Chromium with the
// launch flags this machine needs (no sandbox as root, no background
// networking: the machine's network is closed). For the test scripts
// (e2e.mjs, embed.mjs) also the harness: named checks and their summary
// line, a browser context that records CSP violations, a recorder of each
// page's console errors and failed requests, and the lessons' step counts.
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
import { chromium } from 'playwright-core';

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

/// The checks of one test script. `check(name, fn)` runs one and prints
/// `ok`/`FAIL` with its time; `skip(name, why)` is a check that could not
/// run: counted and printed, and a failure under E2E_STRICT=1 (CI sets it),
/// so nothing is skipped silently. `finish()` prints the last line,
/// `LABEL: N passed, M failed`, and returns the exit status (1 on failure).
export function checks(label) {
  const strict = process.env.E2E_STRICT === '1';
  const results = [];
  let skipped = 0;
  async function check(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push(true);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push(false);
      console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
    }
  }
  function skip(name, why) {
    if (strict) {
      results.push(false);
      console.log(`FAIL ${name}: skipped (${why}), and E2E_STRICT=1 allows no skip`);
    } else {
      skipped += 1;
      console.log(`skip ${name}: ${why}`);
    }
  }
  function finish() {
    const passed = results.filter(Boolean).length;
    const failed = results.length - passed;
    if (skipped) console.log(`${label}: ${skipped} skipped`);
    console.log(`${label}: ${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  }
  return { check, skip, finish };
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/// Chromium and one context (`options`: viewport, colour scheme) whose pages
/// record Content-Security-Policy violations in `window.__csp`.
export async function launch(options) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return { browser, context };
}

/// What went wrong on the pages handed to `watch(page)`: console errors and
/// page errors, responses of 400 and more, requests that failed, requests to
/// anywhere but `origin` (data: URLs aside), and dialogs (each dismissed).
export function problems(origin) {
  const found = { consoleErrors: [], failedResponses: [], failedRequests: [], external: [], dialogs: 0 };
  found.watch = (p) => {
    p.on('console', (m) => { if (m.type() === 'error') found.consoleErrors.push(m.text()); });
    p.on('pageerror', (e) => found.consoleErrors.push(`pageerror: ${e.message}`));
    p.on('request', (r) => { const u = r.url(); if (!u.startsWith(origin) && !u.startsWith('data:')) found.external.push(u); });
    p.on('requestfailed', (r) => found.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
    p.on('response', (r) => { if (r.status() >= 400) found.failedResponses.push(`${r.url()} ${r.status()}`); });
    p.on('dialog', (d) => { found.dialogs += 1; d.dismiss(); });
  };
  return found;
}

/// The CSP violations recorded in `page` and its frames.
export async function cspViolations(page) {
  const all = [];
  for (const f of page.frames()) all.push(...await f.evaluate(() => window.__csp ?? []));
  return all;
}

/// The steps of a built-in lesson, from crates/lessons/lessons/ID.md as the
/// lesson parser reads it: `{ title, solution: [lines] }` per `## Step N:
/// Title` heading (`solution: CMD` on one line, or `solution:` and a fenced
/// block). Tests take steps from here, so adding a step breaks none of them.
export async function lessonStepList(id) {
  const text = await readFile(new URL(`../crates/lessons/lessons/${id}.md`, import.meta.url), 'utf8');
  const lines = text.split('\n');
  const steps = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^##\s+Step\s+\d+\s*:\s*(.*)$/.exec(lines[i]);
    if (head) steps.push({ title: head[1].trim(), solution: [] });
    const sol = /^solution:\s*(.*)$/.exec(lines[i]);
    if (!sol || !steps.length) continue;
    const step = steps[steps.length - 1];
    if (sol[1].trim()) {
      step.solution.push(sol[1].trim());
      continue;
    }
    if (!lines[i + 1]?.startsWith('```')) throw new Error(`${id}: no fenced block after "solution:" at line ${i + 1}`);
    for (i += 2; i < lines.length && !lines[i].startsWith('```'); i++) step.solution.push(lines[i]);
  }
  if (!steps.length) throw new Error(`lesson ${id} has no steps`);
  return steps;
}

/// The number of steps of a built-in lesson ([`lessonStepList`]).
export async function lessonSteps(id) {
  return (await lessonStepList(id)).length;
}
