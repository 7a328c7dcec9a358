// The example course page: an iframe playground driven by postMessage, and
// one mounted with the JS API; every event both send is listed in #event-log
// (as text, never HTML). No inline script: the page's CSP forbids it.
import { ready } from './embed.js';

const log = document.getElementById('event-log');

function describe(e) {
  switch (e.type) {
    case 'ready': return `ready${e.lesson ? ` (lesson ${e.lesson})` : ''}`;
    case 'command': return `${e.command} → exit ${e.exit_code}`;
    case 'packet': return e.summary;
    case 'step': return `step ${e.step} "${e.title}" completed${e.finished ? ' — lesson finished' : ''}`;
    default: return '';
  }
}

function show(from, e) {
  const li = document.createElement('li');
  li.className = `ev ev-${e.type}${e.type === 'packet' && !e.delivered ? ' dropped' : ''}`;
  li.dataset.source = from;
  li.dataset.type = e.type;
  li.textContent = `[${from}] ${e.type}: ${describe(e)}`;
  log.append(li);
}

// 1. The iframe. It sends events only to the origin named in origin=, and
// runs messages only from it; this page checks the sender the same way.
const frame = document.getElementById('lab-basics');
const frameUrl = new URL('index.html', location.href);
frameUrl.search = `?embed&lesson=basics&panels=terminal,topology&origin=${encodeURIComponent(location.origin)}`;
frame.src = frameUrl.href;
window.addEventListener('message', (ev) => {
  const d = ev.data;
  if (ev.origin !== frameUrl.origin || ev.source !== frame.contentWindow) return;
  if (!d || typeof d !== 'object' || d.source !== 'bridgeport' || typeof d.type !== 'string') return;
  show('iframe', d);
});
document.getElementById('frame-run').addEventListener('click', () => {
  frame.contentWindow.postMessage({ type: 'run', command: 'docker network inspect bridge' }, frameUrl.origin);
});

// 2. The JS API.
const Bridgeport = await ready;
const lab = Bridgeport.mount(document.getElementById('lab-networks'), {
  lesson: 'user-networks',
  panels: ['terminal', 'topology'],
  theme: 'light',
});
lab.on('*', (e) => show('api', e));
document.getElementById('api-run').addEventListener('click', async () => {
  const out = await lab.run('docker network create appnet');
  document.getElementById('api-result').value = `run() resolved: exit ${out.exit_code}, ${out.output.trim()}`;
});
// For the console (and the end-to-end test).
window.courseLab = lab;
