// The page on real screens and on a real course page (issue 14), in headless
// Chromium, with screenshots to look at:
//
//   node e2e/screens.mjs [dist-dir] [screenshot-prefix]
//
// 1. The full page at 1280×720 with a three-container host: every container
//    box lies inside the visible topology pane; the lesson panel's check
//    result, Hint and Next are visible without scrolling it.
// 2. A 375×812 phone: the same host, nothing scrolls sideways.
// 3. A 720 px wide iframe (?embed) far down a course page of another origin
//    (1 500 px of text above it): the course page's scroll position stays 0
//    after the lab loads, nothing in the lab took focus, and the lab's three
//    containers lie inside its visible topology.
// Screenshots: <prefix>-{1280x720,1280x720-lesson,375x812,embed-720}.png.
// The last line is always `screens e2e: N passed, M failed`.

import { mkdir } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { assert, checks, cspViolations, launch, problems, serve } from './serve.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const prefix = resolve(process.argv[3] ?? 'target/e2e-screens');
const BASE_PATH = '/lab/';
const { check, finish } = checks('screens e2e');

// A three-container host, as a learner builds it.
const HOST = [
  'docker network create data',
  'docker run -d --name web -p 8080:80 nginx',
  'docker run -d --name api --network data alpine sleep 1d',
  'docker run -d --name db --network data redis',
];
const commands = encodeURIComponent(HOST.join('\n'));

// The course page of another origin: 1 500 px of text, then the lab.
let coursePage = '';
const server = await serve(dist, BASE_PATH, (url, res) => {
  if (url.pathname !== '/course/') return false;
  res.writeHead(200, { 'content-type': 'text/html' }).end(coursePage);
  return true;
});
const port = server.address().port;
const lab = `http://127.0.0.1:${port}${BASE_PATH}`;
await mkdir(dirname(prefix), { recursive: true });
const { browser, context } = await launch({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
const found = problems(`http://127.0.0.1:${port}`);

/// Every container box of the topology lies inside its scroll pane.
async function containersInView(frame) {
  return frame.evaluate(() => {
    const pane = document.querySelector('.svg-scroll').getBoundingClientRect();
    const boxes = [...document.querySelectorAll('#topology-svg .ctr')];
    const out = boxes.map((g) => {
      const r = g.querySelector('.ctr-box').getBoundingClientRect();
      const inside = r.left >= pane.left - 1 && r.right <= pane.right + 1 && r.top >= pane.top - 1 && r.bottom <= pane.bottom + 1;
      return { node: g.dataset.node, inside };
    });
    return { count: boxes.length, outside: out.filter((b) => !b.inside).map((b) => b.node) };
  });
}

/// An element lies inside the visible part of its scroll container.
async function visibleIn(page, selector, container) {
  return page.evaluate(([sel, box]) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const c = document.querySelector(box).getBoundingClientRect();
    return r.width > 0 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
  }, [selector, container]);
}

const page = await context.newPage();
found.watch(page);
await check('1280×720: every container of a three-container host is in the visible topology', async () => {
  await page.goto(`${lab}index.html?commands=${commands}`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
  await page.waitForSelector('#topology-svg [data-node="ctr:db"]', { timeout: 10000 });
  await page.waitForTimeout(400);
  const v = await containersInView(page);
  await page.screenshot({ path: `${prefix}-1280x720.png` });
  assert(v.count === 3, `${v.count} containers drawn`);
  assert(v.outside.length === 0, `out of sight: ${v.outside.join(', ')}`);
});

await check('1280×720 in a lesson: the check result, Hint and Next are visible without scrolling', async () => {
  await page.goto(`${lab}index.html?lesson=basics&commands=docker+ps`);
  await page.waitForSelector('.check.failed', { timeout: 20000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${prefix}-1280x720-lesson.png` });
  for (const sel of ['.check.failed', '#lesson-hint', '#lesson-next']) {
    assert(await visibleIn(page, sel, '.lesson-pane'), `${sel} is out of sight in the lesson panel`);
  }
});
const csp = await cspViolations(page);
await page.close();

const phoneContext = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'light', isMobile: true, hasTouch: true });
const phone = await phoneContext.newPage();
found.watch(phone);
await check('375×812: nothing scrolls sideways', async () => {
  await phone.goto(`${lab}index.html?commands=${commands}`);
  await phone.waitForSelector('#topology-svg [data-node="ctr:db"]', { timeout: 20000 });
  await phone.locator('#command').fill('docker run --name broken -p 8080:80 nginx');
  await phone.locator('#command').press('Enter');
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: `${prefix}-375x812.png`, fullPage: true });
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(wide <= 0, `the page scrolls ${wide} px sideways`);
  const term = await phone.evaluate(() => { const t = document.querySelector('.term-output'); return t.scrollWidth - t.clientWidth; });
  assert(term <= 0, `the terminal scrolls ${term} px sideways`);
});
await phone.close();

const course = await context.newPage();
await course.setViewportSize({ width: 1280, height: 900 });
found.watch(course);
await check('a 720 px embed far down a course page of another origin never moves it', async () => {
  const src = `${lab}index.html?embed&panels=terminal,topology&commands=${commands}`;
  coursePage = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0;font:16px/1.5 serif">
    <h1>Unit 6</h1><div style="height:1500px;background:linear-gradient(#fff,#eee)">Course text…</div>
    <iframe id="lab" src="${src}" width="720" height="720" style="border:1px solid #ccc"></iframe>
    <p>More course text.</p></body></html>`;
  await course.goto(`http://localhost:${port}/course/`);
  const frame = course.frameLocator('#lab');
  await frame.locator('#topology-svg [data-node="ctr:db"]').waitFor({ timeout: 20000 });
  await course.waitForTimeout(600);
  const y = await course.evaluate(() => window.scrollY);
  assert(y === 0, `the course page was scrolled to ${y}`);
  const f = course.frames().find((x) => x.url().startsWith(lab));
  const focused = await f.evaluate(() => document.activeElement && document.activeElement.id);
  assert(focused !== 'command', 'the lab took focus on load');
  await course.locator('#lab').scrollIntoViewIfNeeded();
  await course.locator('#lab').screenshot({ path: `${prefix}-embed-720.png` });
  const v = await containersInView(f);
  assert(v.count === 3 && v.outside.length === 0, `out of sight in the embed: ${v.outside.join(', ')} (${v.count} drawn)`);
});
await check('a 720 px embed in a lesson: the check result, Hint and Next are visible without scrolling', async () => {
  coursePage = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0"><iframe id="lab"
    src="${lab}index.html?embed&lesson=basics&commands=docker+ps" width="720" height="900"></iframe></body></html>`;
  await course.goto(`http://localhost:${port}/course/`);
  const f = () => course.frames().find((x) => x.url().startsWith(lab));
  await course.frameLocator('#lab').locator('.check.failed').waitFor({ timeout: 20000 });
  await course.locator('#lab').screenshot({ path: `${prefix}-embed-720-lesson.png` });
  for (const sel of ['.check.failed', '#lesson-hint', '#lesson-next']) {
    assert(await visibleIn(f(), sel, '.lesson-pane'), `${sel} is out of sight in the lesson panel`);
  }
});
csp.push(...await cspViolations(course));
await course.close();

await check('no CSP violations, console errors or page errors', async () => {
  assert(csp.length === 0, `CSP violations: ${csp.join('; ')}`);
  assert(found.consoleErrors.length === 0, `console errors: ${found.consoleErrors.join('; ')}`);
  assert(found.dialogs === 0, `${found.dialogs} dialogs`);
});

console.log(`     screenshots: ${prefix}-{1280x720,1280x720-lesson,375x812,embed-720,embed-720-lesson}.png`);
await browser.close();
server.close();
process.exit(finish());
