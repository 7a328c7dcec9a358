// Every built-in lesson, end to end in the page (issues 12 and 13: "done when
// the lesson works end to end in the page"): open `index.html?lesson=ID`,
// type each step's written solution into the terminal with real key events
// (heredocs line by line, `lan` and `exit` included), and wait for the
// lesson panel to move to the next step, then for "Lesson complete". The
// solutions are read from the lessons' own Markdown, so a changed lesson
// changes the test. The runner checks the same lessons natively
// (crates/lessons/tests); this is the page's half. Screenshots of each
// finished lesson at 1280×720 in <prefix>-ID.png.
//
//   node e2e/lessons.mjs [dist-dir] [screenshot-prefix]
//
// The last line is always `lessons e2e: N passed, M failed`.

import { mkdir } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { assert, checks, cspViolations, launch, lessonStepList, problems, serve } from './serve.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const prefix = resolve(process.argv[3] ?? 'target/e2e-lessons');
const BASE_PATH = '/lab/';
const LESSONS = ['basics', 'user-networks', 'compose-networking', 'host-firewall'];

/// A lesson's steps with their written solutions ([`lessonStepList`]); every
/// step must have one.
async function lessonSolutions(id) {
  const steps = await lessonStepList(id);
  for (const s of steps) assert(s.solution.length, `${id}: step "${s.title}" has no written solution`);
  return steps;
}

const { check, finish } = checks('lessons e2e');
const server = await serve(dist, BASE_PATH);
const origin = `http://127.0.0.1:${server.address().port}`;
await mkdir(dirname(prefix), { recursive: true });
const { browser, context } = await launch({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
const seen = problems(origin);

for (const id of LESSONS) {
  await check(`lesson ${id}: every step's solution, typed in the terminal, completes the lesson`, async () => {
    const steps = await lessonSolutions(id);
    const page = await context.newPage();
    seen.watch(page);
    await page.goto(`${origin}${BASE_PATH}index.html?lesson=${id}`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
    const input = page.locator('#command');
    for (const [k, step] of steps.entries()) {
      const title = await page.locator('#step-title').textContent();
      assert(title.startsWith(`Step ${k + 1} of ${steps.length}: `), `${id}: before step ${k + 1} the panel shows "${title}"`);
      for (const line of step.solution) {
        await input.click();
        await input.pressSequentially(line, { delay: 0 });
        await input.press('Enter');
      }
      if (k + 1 < steps.length) {
        await page.locator('#step-title').filter({ hasText: `Step ${k + 2} of ${steps.length}:` })
          .waitFor({ timeout: 10000 })
          .catch(async () => {
            const failed = await page.locator('.lesson-foot').innerText().catch(() => '');
            throw new Error(`${id}: step ${k + 1} ("${step.title}") did not pass: ${failed.slice(0, 400)}`);
          });
      }
    }
    await page.locator('.lesson-done').waitFor({ timeout: 10000 });
    const progress = await page.locator('.lesson-progress').textContent();
    assert(progress === `${steps.length} of ${steps.length} steps done`, `${id}: ${progress}`);
    const csp = await cspViolations(page);
    assert(csp.length === 0, `CSP violations: ${csp.join('; ')}`);
    await page.screenshot({ path: `${prefix}-${id}.png` });
    await page.close();
  });
}

await check('no console errors or failed requests', async () => {
  assert(seen.consoleErrors.length === 0, `console errors: ${seen.consoleErrors.join('; ')}`);
  const failed = [...seen.failedRequests, ...seen.failedResponses];
  assert(failed.length === 0, `failed requests: ${failed.join(', ')}`);
});

await browser.close();
server.close();
process.exit(finish());
