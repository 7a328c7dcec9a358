// Screenshots of the component gallery (web/gallery.html built to a dist
// directory): one PNG per section, for looking at the views with hand-made
// data. Usage: node e2e/gallery.mjs <gallery-dist> [prefix]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const dist = resolve(process.argv[2] ?? 'target/gallery');
const prefix = resolve(process.argv[3] ?? 'target/gallery');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
  try {
    const body = await readFile(join(dist, path.replace(/\.\./g, '')));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const errors = [];
for (const theme of ['light', 'dark']) {
  const page = await browser.newPage({ viewport: { width: 1480, height: 1000 }, colorScheme: theme });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForTimeout(200);
  for (const id of ['g-topology', 'g-drop', 'g-packets', 'g-packets-drop', 'g-matrix', 'g-inspect', 'g-big']) {
    if (theme === 'dark' && !['g-topology', 'g-packets'].includes(id)) continue;
    await page.locator(`#${id}`).screenshot({ path: `${prefix}-${id.slice(2)}${theme === 'dark' ? '-dark' : ''}.png` });
  }
  await page.close();
}
await browser.close();
server.close();
console.log(errors.length ? `gallery: console errors: ${errors.join('; ')}` : `gallery: screenshots in ${prefix}-*.png`);
process.exit(errors.length ? 1 : 0);
