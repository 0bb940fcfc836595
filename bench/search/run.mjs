// Drives the side-by-side search benchmark in headless Chromium: serves the page, the WASM
// engine, Fuse.js and pinyin-pro from this repository on 127.0.0.1 (with cross-origin isolation,
// so performance.now() has 5 µs resolution rather than 100 µs), runs both engines on each
// generated catalogue, and prints a table. Usage (see run.sh):
//   node bench/search/run.mjs bench/search/out/catalogue-1000.json [...more catalogues]
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_ENGINES (default "yishi,fuse"),
// BENCH_JSON (write the raw results there).

import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
// Only these trees are served.
const allowed = ['bench/search/', 'node_modules/fuse.js/dist/', 'node_modules/pinyin-pro/dist/'];

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
  const file = join(root, path);
  if (!allowed.some((a) => path.startsWith(a)) || !file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const catalogues = process.argv.slice(2);
if (catalogues.length === 0) {
  console.error('usage: node bench/search/run.mjs CATALOGUE.json...');
  process.exit(2);
}
const engines = (process.env.BENCH_ENGINES ?? 'yishi,fuse').split(',');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const version = browser.version();
const page = await browser.newPage();
page.on('console', (m) => console.error(`[page] ${m.text()}`));
page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
await page.goto(`${base}/bench/search/index.html`);
await page.waitForFunction(() => window.benchReady === true);

const ms = (x) => (x == null ? '-' : x.toFixed(3));
const all = [];
console.log(`\nheadless Chromium ${version}; per-query: median of 3 runs of each labelled query; per-keystroke: every prefix of every query, once; limit 10`);
console.log('(Fuse on catalogues over 10 MB: one run per query, every 8th keystroke)');
for (const cat of catalogues) {
  const url = '/' + resolve(cat).slice(root.length + 1).split(sep).join('/');
  // Fuse on 50,000 matters takes about a second per query: one run per query and every 8th
  // keystroke there (the Yishi engine always runs everything).
  const big = (await readFile(cat, 'utf8')).length > 10_000_000;
  const out = await page.evaluate((args) => window.runBench(args), {
    catalogueUrl: url,
    queriesUrl: '/bench/search/queries.json',
    engines,
    fuseKeyStride: big ? 8 : 1,
    fuseBuildRuns: big ? 1 : 3,
    fuseQueryRuns: big ? 1 : 3,
  });
  if (!out.crossOriginIsolated) console.error('warning: page not cross-origin isolated: timer resolution is 100 µs');
  all.push({ catalogue: cat, ...out });
  console.log(`\n${out.matters} matters, ${out.events} events (${cat})`);
  console.log('engine                  build ms (median)   query p50 / p95 ms    keystroke p50 / p95 ms   recall@3  by kind');
  for (const r of out.results) {
    const kinds = Object.entries(r.byKind).map(([k, [f, n]]) => `${k} ${f}/${n}`).join(', ');
    console.log(
      `${r.engine.padEnd(22)} ${ms(r.build.p50).padStart(10)}         ${ms(r.perQuery.p50).padStart(8)} / ${ms(r.perQuery.p95).padEnd(9)}  ${ms(r.perKey?.p50).padStart(8)} / ${ms(r.perKey?.p95).padEnd(9)}  ${r.recall.toFixed(3)}     ${kinds}`,
    );
    if (process.env.BENCH_MISSES) console.log(`    missed: ${r.missed.join(' ')}`);
  }
  const [y, f] = [out.results.find((r) => r.engine.startsWith('yishi')), out.results.find((r) => r.engine.startsWith('Fuse'))];
  if (y && f) {
    console.log(
      `speed-up (Fuse / Yishi): build ${(f.build.p50 / y.build.p50).toFixed(1)}x, query p95 ${(f.perQuery.p95 / y.perQuery.p95).toFixed(1)}x, keystroke p95 ${(f.perKey.p95 / y.perKey.p95).toFixed(1)}x`,
    );
  }
}
if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify({ chromium: version, runs: all }, null, 1));
await browser.close();
server.close();
