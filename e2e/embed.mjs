// End-to-end test of embedding (dist/embed-example.html) in headless Chromium.
//
//   node e2e/embed.mjs [dist-dir] [screenshot-prefix]
//
// Opens the example course page (served under a sub-path): both playgrounds
// load (an iframe of index.html?embed&lesson=basics&origin=…, and one mounted
// with the JS API for user-networks); a command run through the JS API and
// one sent by postMessage both come back as events in the page's log; lesson
// steps complete; packets arrive as events; a page from another origin can
// neither drive the iframe nor hear it; message and URL text stays text; a
// share link reproduces a session; no CSP violations and no console errors.
// Screenshots: <prefix>-{page,iframe,api,share}.png.
// The last line is always `embed e2e: N passed, M failed`.

import { mkdir } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { assert, checks, cspViolations, launch, lessonSteps, problems, serve } from './serve.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const prefix = resolve(process.argv[3] ?? 'target/e2e-embed');
const BASE_PATH = '/course/lab/';
// A page from another origin (http://localhost:PORT/evil/ next to the
// course at http://127.0.0.1:PORT/) that embeds the lab and tries to drive it.
let evilPage = '';
// Step counts come from the lessons themselves (a new step breaks nothing).
const BASICS_STEPS = await lessonSteps('basics');
const NETWORKS_STEPS = await lessonSteps('user-networks');

const { check, finish } = checks('embed e2e');
const server = await serve(dist, BASE_PATH, (url, res) => {
  if (url.pathname !== '/evil/') return false;
  res.writeHead(200, { 'content-type': 'text/html' }).end(evilPage);
  return true;
});
const origin = `http://127.0.0.1:${server.address().port}`;
const base = origin + BASE_PATH;
await mkdir(dirname(prefix), { recursive: true });
const { browser, context } = await launch({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
const seen = problems(origin);
const watch = seen.watch;

const page = await context.newPage();
watch(page);
const log = (source, type) => page.locator(`#event-log li[data-source="${source}"][data-type="${type}"]`);
const frame = page.frameLocator('#lab-basics');
const api = page.locator('#lab-networks');

await check('the course page loads both playgrounds', async () => {
  await page.goto(`${base}embed-example.html`);
  await frame.locator('.app.embed .lesson-pane #lesson-title').waitFor({ timeout: 20000 });
  await api.locator('.app.embed .lesson-pane #lesson-title').waitFor({ timeout: 20000 });
  assert(await frame.locator('#lesson-title').textContent() === 'Container networking basics', 'iframe lesson');
  assert(await api.locator('#lesson-title').textContent() === 'User-defined networks', 'API lesson');
  // panels=terminal,topology: no side tabs, no lesson chooser, compact bar.
  for (const lab of [frame, api]) {
    assert(await lab.locator('.term-pane').count() === 1 && await lab.locator('.topo-pane').count() === 1, 'terminal and topology');
    assert(await lab.locator('.side-pane, #lesson-select').count() === 0, 'only the chosen panels');
  }
  await log('iframe', 'ready').waitFor({ timeout: 10000 });
  await log('api', 'ready').waitFor({ timeout: 10000 });
  // Neither lab took focus on load, so the course page opens at its top.
  await page.waitForTimeout(300);
  assert(await page.evaluate(() => window.scrollY) === 0, 'the course page was scrolled to a lab');
  assert(await page.evaluate(() => document.activeElement === document.body), 'a lab took focus on load');
});

await check('a command run through the JS API comes back as events', async () => {
  await page.locator('#api-run').click();
  await log('api', 'command').filter({ hasText: 'docker network create appnet → exit 0' }).waitFor({ timeout: 10000 });
  await page.locator('#api-result').filter({ hasText: 'run() resolved: exit 0' }).waitFor();
  await log('api', 'step').filter({ hasText: 'step 1 "Create a network" completed' }).waitFor();
  assert((await api.locator('.term-output').textContent()).includes('docker network create appnet'), 'shown in its terminal');
  assert((await api.locator('#step-title').textContent()).startsWith(`Step 2 of ${NETWORKS_STEPS}`), 'moved on to step 2');
  const out = await page.evaluate(async () => {
    const lab = window.courseLab;
    const a = await lab.run('docker run -d --name db --network appnet redis');
    const b = await lab.run('docker run -dit --name api --network appnet alpine');
    const c = await lab.run('docker exec api ping -c 1 db');
    return { codes: [a.exit_code, b.exit_code, c.exit_code], packets: c.packets.length, step: lab.state().step };
  });
  assert(out.codes.join() === '0,0,0', `exit codes ${out.codes}`);
  assert(out.packets > 0 && out.step === 3, JSON.stringify(out));
  await log('api', 'packet').first().waitFor();
  await log('api', 'step').filter({ hasText: 'step 3 "Call it by name"' }).waitFor();
});

await check('a command sent by postMessage runs in the iframe and comes back as events', async () => {
  await page.locator('#frame-run').click();
  await log('iframe', 'command').filter({ hasText: 'docker network inspect bridge → exit 0' }).waitFor({ timeout: 10000 });
  await log('iframe', 'step').filter({ hasText: 'step 1 "Meet the default bridge" completed' }).waitFor();
  assert((await frame.locator('.term-output').textContent()).includes('"Subnet": "172.17.0.0/16"'), 'the output is in the iframe');
});

await check('lesson steps complete by clicking and typing in the iframe', async () => {
  await frame.locator('.step .run-cmd').first().click();
  assert(await frame.locator('#command').inputValue() === 'docker run -d --name web nginx', 'the click typed the command');
  await frame.locator('#command').press('Enter');
  await log('iframe', 'step').filter({ hasText: 'step 2 "Start a web server" completed' }).waitFor({ timeout: 10000 });
  await frame.locator('#command').fill('curl localhost:80');
  await frame.locator('#command').press('Enter');
  await log('iframe', 'packet').first().waitFor({ timeout: 10000 });
  const packets = await log('iframe', 'packet').allTextContents();
  assert(packets.some((t) => t.includes('127.0.0.1:80') && /rejected|dropped/.test(t)), packets.join(' | '));
  await log('iframe', 'step').filter({ hasText: 'step 3' }).waitFor();
  // A wrong command shows what is missing, as a checklist.
  await frame.locator('#command').fill('docker ps');
  await frame.locator('#command').press('Enter');
  await frame.locator('.check.failed .checklist li').first().waitFor();
  assert(await frame.locator('.lesson-progress').textContent() === `3 of ${BASICS_STEPS} steps done`, 'progress');
});

await check('postMessage data and URL text stay text', async () => {
  await page.evaluate((o) => {
    const w = document.getElementById('lab-basics').contentWindow;
    w.postMessage({ type: 'run', command: 'echo <img src=x onerror=alert(1)>' }, o);
    w.postMessage({ type: 'run', command: { toString: 'docker rm -f web' } }, o);
    w.postMessage('docker rm -f web', o);
  }, origin);
  await log('iframe', 'command').filter({ hasText: 'echo <img src=x onerror=alert(1)>' }).waitFor({ timeout: 10000 });
  assert(await frame.locator('.term-output img').count() === 0, 'no img element');
  assert((await frame.locator('.term-output').textContent()).includes('<img src=x onerror=alert(1)>'), 'shown as text');
  assert(!(await frame.locator('.term-output').textContent()).includes('docker rm -f web'), 'malformed messages ignored');
  assert(await page.locator('#event-log img').count() === 0, 'the course log shows text too');
});

await check('another origin can neither drive the iframe nor hear it', async () => {
  const evil = await context.newPage();
  let evilErrors = 0;
  evil.on('pageerror', () => { evilErrors += 1; });
  const lab = `${base}index.html?embed&lesson=sandbox&origin=${encodeURIComponent(origin)}`;
  evilPage = `<!doctype html><iframe id="f" src="${lab}" width="800" height="600"></iframe><script>
      window.got = [];
      addEventListener('message', (e) => window.got.push(e.data));
      const f = document.getElementById('f');
      setInterval(() => f.contentWindow.postMessage({ type: 'run', command: 'docker network create pwned' }, '*'), 100);
    </script>`;
  await evil.goto(`http://localhost:${server.address().port}/evil/`);
  const labFrame = evil.frameLocator('#f');
  await labFrame.locator('.app.embed').waitFor({ timeout: 20000 });
  await evil.waitForTimeout(1500);
  assert(!(await labFrame.locator('.term-output').textContent()).includes('pwned'), 'a foreign message ran');
  const got = await evil.evaluate(() => window.got.length);
  assert(got === 0, `the foreign page heard ${got} events`);
  assert(evilErrors === 0, 'page errors');
  await evil.close();
});

await check('a share link reproduces the session in a new tab', async () => {
  const p = await context.newPage();
  watch(p);
  await p.goto(`${base}index.html`);
  await p.locator('#lesson-select').selectOption('user-networks');
  await p.locator('#lesson-title').filter({ hasText: 'User-defined networks' }).waitFor();
  for (const line of ['docker network create appnet', 'docker run -d --name db --network appnet redis']) {
    await p.locator('#command').fill(line);
    await p.locator('#command').press('Enter');
  }
  await p.locator('#step-title').filter({ hasText: `Step 2 of ${NETWORKS_STEPS}` }).waitFor();
  await p.locator('.check.failed').waitFor();
  await p.locator('#share').click();
  const link = await p.locator('#share-url').inputValue();
  assert(/#[A-Za-z0-9_-]{20,}$/.test(link) && link.startsWith(`${base}index.html#`), link);
  await p.locator('#share-copy').click();
  await p.locator('.share-status').filter({ hasText: /Copied|selected/ }).waitFor();
  await p.screenshot({ path: `${prefix}-share.png` });
  const q = await context.newPage();
  watch(q);
  await q.goto(link);
  await q.locator('#lesson-title').filter({ hasText: 'User-defined networks' }).waitFor({ timeout: 20000 });
  assert((await q.locator('#step-title').textContent()).startsWith(`Step 2 of ${NETWORKS_STEPS}`), await q.locator('#step-title').textContent());
  assert((await q.locator('.term-output').textContent()).includes('docker run -d --name db --network appnet redis'), 'replayed');
  assert(await q.locator('[data-node="ctr:db"]').count() === 1, 'db is drawn');
  assert(!q.url().includes('#'), 'the fragment is cleared once loaded');
  // A damaged link: a notice, and a working page.
  await q.goto(`${base}index.html#${link.split('#')[1].slice(0, 30)}`);
  await q.locator('.notices').filter({ hasText: 'The shared link could not be opened' }).waitFor({ timeout: 20000 });
  await q.locator('#command').fill('docker ps');
  await q.locator('#command').press('Enter');
  await q.locator('.term-output').filter({ hasText: 'CONTAINER ID' }).waitFor();
  // Reloading restores the session from localStorage.
  await q.reload();
  await q.locator('.term-output').filter({ hasText: 'Lesson: User-defined networks. Your 3 command(s) so far were replayed' }).waitFor({ timeout: 20000 });
  await p.close();
  await q.close();
});

await check('screenshots of the course page', async () => {
  await page.screenshot({ path: `${prefix}-page.png`, fullPage: true });
  await page.locator('#lab-basics').screenshot({ path: `${prefix}-iframe.png` });
  await api.screenshot({ path: `${prefix}-api.png` });
});

await check('no CSP violations, console errors, failed requests or dialogs', async () => {
  const csp = await cspViolations(page);
  assert(csp.length === 0, `CSP violations: ${csp.join('; ')}`);
  assert(seen.consoleErrors.length === 0, `console errors: ${seen.consoleErrors.join('; ')}`);
  assert(seen.failedResponses.length === 0, `failed requests: ${seen.failedResponses.join(', ')}`);
  assert(seen.dialogs === 0, `${seen.dialogs} dialogs opened`);
});

console.log(`     screenshots: ${prefix}-{page,iframe,api,share}.png`);
await browser.close();
server.close();
process.exit(finish());
