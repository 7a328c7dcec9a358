// tcpdump in the page (issue 13): a capture on `any` while the laptop asks
// for a published port; the Packets tab shows the captured lines under the
// player, and "Download .pcap" saves a pcap file built in the page (no
// request) whose header and records parse. Screenshots at 1280×720 and
// 375×812 to look at.
//
//   node e2e/capture.mjs [dist-dir] [screenshot-prefix]
//
// The last line is always `capture e2e: N passed, M failed`.

import { mkdir, readFile } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { assert, checks, launch, problems, serve } from './serve.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const prefix = resolve(process.argv[3] ?? 'target/e2e-capture');
const BASE_PATH = '/lab/';
const { check, finish } = checks('capture e2e');
const server = await serve(dist, BASE_PATH);
const origin = `http://127.0.0.1:${server.address().port}`;
await mkdir(dirname(prefix), { recursive: true });
const commands = encodeURIComponent([
  'docker run -d --name web -p 8080:80 nginx',
  'tcpdump -n -i any',
  'lan',
  'curl -s -o /dev/null http://192.168.1.10:8080/',
  'exit',
].join('\n'));

for (const [w, h] of [[1280, 720], [375, 812]]) {
  const { browser, context } = await launch({ viewport: { width: w, height: h }, colorScheme: 'light', acceptDownloads: true });
  const seen = problems(origin);
  const page = await context.newPage();
  seen.watch(page);
  await check(`${w}×${h}: the captured lines sit under the packets and the pcap parses`, async () => {
    await page.goto(`${origin}${BASE_PATH}index.html?commands=${commands}`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
    await page.locator('#tab-packets').click();
    // Lines given in the URL run before the page shows; pick the curl.
    const curl = await page.locator('#packet-command option', { hasText: 'curl' }).getAttribute('value');
    await page.selectOption('#packet-command', curl);
    await page.waitForSelector('.capture-lines li', { timeout: 5000 });
    const lines = await page.locator('.capture-lines').innerText();
    assert(lines.includes('eth0  In  IP 192.168.1.20.37888 > 192.168.1.10.8080: Flags [S]'), `eth0 line: ${lines.slice(0, 300)}`);
    assert(lines.includes('docker0 Out IP 192.168.1.20.37888 > 172.17.0.2.80: Flags [S]'), 'docker0 line after DNAT');
    await page.locator('.capture-lines li.mine').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${prefix}-${w}x${h}.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#capture-pcap').click()]);
    assert(download.suggestedFilename() === 'capture.pcap', download.suggestedFilename());
    const bytes = await readFile(await download.path());
    assert(bytes.readUInt32LE(0) === 0xa1b2c3d4 && bytes.readUInt16LE(4) === 2 && bytes.readUInt16LE(6) === 4, 'pcap 2.4 header');
    assert(bytes.readUInt32LE(20) === 113, 'LINUX_SLL for any');
    let at = 24;
    let records = 0;
    while (at < bytes.length) {
      const incl = bytes.readUInt32LE(at + 8);
      assert(bytes[at + 16 + 16] === 0x45, 'an IPv4 header after the cooked header');
      at += 16 + incl;
      records += 1;
    }
    assert(at === bytes.length, 'records fill the file exactly');
    assert(records === await page.locator('.capture-lines li').count(), `${records} records, one per line`);
    // The download is a blob: URL made in the page; nothing else left it.
    const external = seen.external.filter((u) => !u.startsWith(`blob:${origin}`));
    assert(external.length === 0, `requests elsewhere: ${external.join(' ')}`);
    assert(seen.consoleErrors.length === 0 && seen.failedResponses.length === 0, [...seen.consoleErrors, ...seen.failedResponses].join('\n'));
  });
  await browser.close();
}
server.close();
finish();
