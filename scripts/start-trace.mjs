// What a page's start does on the main thread: loads a URL once in headless Chromium with the CPU
// slowed down (CDP, 4x by default, as Lighthouse's mobile preset), records a trace, and prints
// every task over 50 ms with how much of it was WebAssembly compiled on first call (V8 compiles
// each function lazily, on the main thread, the first time it runs), style and layout.
// Not a test (its numbers move with the machine's load); a measurement for docs/benchmarks.md.
//
//   node scripts/start-trace.mjs <url> [--cpu N] [--token TOKEN] [--out trace.json]
//
// --token signs the page in: the token is put in the tab's sessionStorage, where the app keeps
// it, before the page loads (as scripts/lighthouse.mjs does for the case page; the URL's
// `#token=` hand-over is for mini-program web-views only). Needs a running server (e.g. scripts/run.sh) and scripts/setup.sh.
import { chromium } from 'playwright';
import { readFileSync } from 'node:fs';

const [url, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
if (!url) {
  console.error('usage: node scripts/start-trace.mjs <url> [--cpu N] [--token TOKEN] [--out FILE]');
  process.exit(2);
}
const cpu = Number(option('--cpu', '4'));
const token = option('--token', null);
const out = option('--out', '/tmp/yishi-start-trace.json');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, serviceWorkers: 'block' });
  if (token) await context.addInitScript((t) => sessionStorage.setItem('yishi.token', t), token);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await browser.startTracing(page, {
    path: out,
    categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink'],
  });
  await page.goto(url);
  await page.waitForTimeout(7000);
  await browser.stopTracing();
} finally {
  await browser.close();
}

const events = JSON.parse(readFileSync(out, 'utf8')).traceEvents;
const renderer = new Set(events.filter((e) => e.name === 'ParseHTML').map((e) => e.pid));
const thread = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && renderer.has(e.pid));
const mine = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X');
const start = (events.find((e) => e.name === 'navigationStart') ?? mine[0]).ts;
const ms = (us) => Math.round(us / 1000);
const tasks = mine.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 50000);
let wasmBlocking = 0;
let otherBlocking = 0;
console.log(`${url} (CPU ${cpu}x): tasks over 50 ms`);
console.log('    task    at  wasm compiled on first call      style+layout');
for (const task of tasks) {
  const inside = mine.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur);
  const lazy = inside.filter((e) => e.name === 'wasm.CompileLazy');
  const sum = (names) => inside.filter((e) => names.includes(e.name)).reduce((a, e) => a + e.dur, 0);
  const layout = sum(['Layout', 'UpdateLayoutTree']);
  if (lazy.length > 0) wasmBlocking += task.dur - 50000;
  else otherBlocking += task.dur - 50000;
  const compiled = lazy.length ? `${String(lazy.length).padStart(5)} functions, ${String(ms(sum(['wasm.CompileLazy']))).padStart(4)} ms` : ''.padStart(21);
  console.log(`${String(ms(task.dur)).padStart(5)} ms ${String(ms(task.ts - start)).padStart(5)}  ${compiled}      ${ms(layout)} ms`);
}
console.log(`blocking time (over 50 ms per task): ${ms(wasmBlocking)} ms in tasks that run the app's WebAssembly, ${ms(otherBlocking)} ms in others`);
