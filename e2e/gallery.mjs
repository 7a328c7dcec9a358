// Screenshots of the component gallery (web/gallery.html built to a dist
// directory): one PNG per section, for looking at the views with hand-made
// data. Usage: node e2e/gallery.mjs <gallery-dist> [prefix]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, serve } from './serve.mjs';

const dist = resolve(process.argv[2] ?? 'target/gallery');
const prefix = resolve(process.argv[3] ?? 'target/gallery');
const server = await serve(dist, '/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
