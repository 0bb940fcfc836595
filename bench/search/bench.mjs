// The in-page side of the side-by-side search benchmark (bench/search/run.sh drives it).
//
// Two engines over the same catalogue JSON and the same labelled queries:
// - "yishi": the Rust engine (yishi_core::search) compiled to WASM (pkg/ from wasm-bindgen);
// - "fuse": Fuse.js over each entry's name, aliases (日常用语), department name, and the pinyin
//   and initials of the name and aliases from pinyin-pro: the JavaScript stack a portal would use.
//
// For each: index build time (for Yishi the catalogue is parsed first, untimed, as the app keeps
// it parsed; for Fuse the pinyin conversion and the Fuse index are both part of the build), then
// per-query latency (each labelled query, median of 3 runs), per-keystroke latency (every prefix
// of every query, as typed), and recall@3 against the labels. On the largest catalogue Fuse takes
// about a second per query, so there it runs each query once and every 8th keystroke.

import Fuse from '/node_modules/fuse.js/dist/fuse.mjs';
import { pinyin } from '/node_modules/pinyin-pro/dist/index.mjs';
import init, { Engine } from './pkg/yishi_search_bench.js';

const LIMIT = 10;

function percentile(sorted, p) {
  return sorted[Math.round((sorted.length - 1) * p)];
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

function keystrokes(queries) {
  const out = [];
  for (const q of queries) {
    const chars = [...q.query];
    for (let n = 1; n <= chars.length; n++) out.push(chars.slice(0, n).join(''));
  }
  return out;
}

// A correct answer: an expected id, or an entry whose name, without a trailing qualifier such
// as （北山区） or （跨省通办）, is that of an expected entry (the same service from another office or
// channel) or one of the labelled names.
const family = (name) => (name ?? '').trim().replace(/[（(][^（）()]*[）)]$/, '');

function makeAccepts(catalogue) {
  const nameOf = new Map();
  for (const e of catalogue.events) nameOf.set(e.id, e.name['zh-CN']);
  for (const m of catalogue.matters) nameOf.set(m.id, m.name['zh-CN']);
  return (q, id) => {
    if (q.expected.includes(id)) return true;
    const name = family(nameOf.get(id));
    if ((q.names ?? []).some((n) => family(n) === name)) return true;
    return q.expected.some((e) => family(nameOf.get(e)) === name);
  };
}

function time(fn) {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
}

function measure(search, queries, { keys = true, keyStride = 1, queryRuns = 3 } = {}) {
  const full = queries.map((q) => q.query);
  for (const q of full) search(q); // warm-up (JIT, caches) for both engines alike
  const perQuery = full.map((q) => {
    const runs = Array.from({ length: queryRuns }, () => time(() => search(q))[0]).sort((a, b) => a - b);
    return runs[Math.floor(runs.length / 2)];
  });
  let perKey = [];
  if (keys) {
    const ks = keystrokes(queries).filter((_, i) => i % keyStride === 0);
    perKey = ks.map((k) => time(() => search(k))[0]);
  }
  return { perQuery: stats(perQuery), perKey: keys ? stats(perKey) : null };
}

function recall(top3, queries, accepts) {
  let found = 0;
  const byKind = {};
  const missed = [];
  for (const q of queries) {
    const ok = top3(q.query).some((id) => accepts(q, id));
    found += ok ? 1 : 0;
    byKind[q.kind] ??= [0, 0];
    byKind[q.kind][0] += ok ? 1 : 0;
    byKind[q.kind][1] += 1;
    if (!ok) missed.push(q.query);
  }
  return { recall: found / queries.length, byKind, missed };
}

// `align`: the engine's own alignment for literal queries instead of the default scorer
// (fuzzy-matcher's skim), for the scorer comparison.
async function benchYishi(text, catalogue, queries, accepts, opts, align = false) {
  const skim = !align;
  const engine = new Engine(text);
  const builds = [];
  for (let i = 0; i < 3; i++) builds.push(time(() => engine.build(skim))[0]);
  const search = (q) => engine.search(q, LIMIT);
  const m = measure(search, queries, opts);
  const r = recall((q) => engine.search(q, 3).split('\n').filter(Boolean), queries, accepts);
  engine.free();
  return { engine: align ? 'yishi, align (wasm)' : 'yishi (wasm)', build: stats(builds), ...m, ...r };
}

// The two scorers measured side by side on a loaded machine: both engines built, and every
// query and keystroke timed on each in turn (the order alternating), median of 3 per item, so
// that whatever else the machine does slows both alike.
async function benchScorersPaired(text, catalogue, queries, accepts) {
  const engines = [new Engine(text), new Engine(text)];
  const builds = [[], []];
  for (let i = 0; i < 3; i++) {
    for (const [e, skim] of [[0, true], [1, false]]) builds[e].push(time(() => engines[e].build(skim))[0]);
  }
  const median3 = (fn) => [fn(), fn(), fn()].sort((a, b) => a - b)[1];
  const items = (list) => {
    const out = [[], []];
    list.forEach((q, i) => {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const e of order) out[e].push(median3(() => time(() => engines[e].search(q, LIMIT))[0]));
    });
    return out;
  };
  for (const q of queries) for (const e of engines) e.search(q.query, LIMIT); // warm-up
  const perQuery = items(queries.map((q) => q.query));
  const perKey = items(keystrokes(queries));
  const results = engines.map((e, i) => ({
    engine: i === 0 ? 'yishi, skim (paired)' : 'yishi, align (paired)',
    build: stats(builds[i]),
    perQuery: stats(perQuery[i]),
    perKey: stats(perKey[i]),
    ...recall((q) => e.search(q, 3).split('\n').filter(Boolean), queries, accepts),
  }));
  engines.forEach((e) => e.free());
  return results;
}

function fuseItems(catalogue) {
  const dept = new Map(catalogue.departments.map((d) => [d.id, d.name['zh-CN']]));
  const py = (s) => pinyin(s, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('');
  const initials = (s) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('');
  const item = (kind, e) => {
    const names = [e.name['zh-CN'], ...(e.aliases ?? [])];
    return {
      id: e.id,
      kind,
      name: e.name['zh-CN'],
      aliases: e.aliases ?? [],
      pinyin: names.map(py),
      initials: names.map(initials),
      dept: e.department_id ? dept.get(e.department_id) ?? '' : '',
      popularity: e.popularity ?? 0,
    };
  };
  return [...catalogue.events.map((e) => item('event', e)), ...catalogue.matters.map((m) => item('matter', m))];
}

// Fuse options a portal would pick for short names: match anywhere in the string
// (ignoreLocation), a moderately fuzzy threshold, names weighted above aliases and pinyin.
const FUSE_OPTIONS = {
  keys: [
    { name: 'name', weight: 1.0 },
    { name: 'aliases', weight: 0.8 },
    { name: 'pinyin', weight: 0.6 },
    { name: 'initials', weight: 0.6 },
    { name: 'dept', weight: 0.2 },
  ],
  threshold: 0.4,
  ignoreLocation: true,
  includeScore: true,
};

async function benchFuse(text, catalogue, queries, accepts, opts) {
  const builds = [];
  let fuse;
  for (let i = 0; i < (opts.buildRuns ?? 3); i++) {
    builds.push(
      time(() => {
        const items = fuseItems(catalogue);
        fuse = new Fuse(items, FUSE_OPTIONS);
      })[0],
    );
  }
  const search = (q) => fuse.search(q.toLowerCase(), { limit: LIMIT }).map((r) => r.item.id);
  const m = measure(search, queries, opts);
  const r = recall((q) => fuse.search(q.toLowerCase(), { limit: 3 }).map((r) => r.item.id), queries, accepts);
  return { engine: 'Fuse.js + pinyin-pro', build: stats(builds), ...m, ...r };
}

// Entry point, called by run.mjs through page.evaluate.
window.runBench = async ({ catalogueUrl, queriesUrl, engines, fuseKeyStride = 1, fuseBuildRuns = 3, fuseQueryRuns = 3 }) => {
  await init();
  const text = await (await fetch(catalogueUrl)).text();
  const catalogue = JSON.parse(text);
  const queries = await (await fetch(queriesUrl)).json();
  const accepts = makeAccepts(catalogue);
  const out = { matters: catalogue.matters.length, events: catalogue.events.length, crossOriginIsolated, results: [] };
  if (engines.includes('yishi')) out.results.push(await benchYishi(text, catalogue, queries, accepts, {}));
  if (engines.includes('yishi-align')) out.results.push(await benchYishi(text, catalogue, queries, accepts, {}, true));
  if (engines.includes('scorers')) out.results.push(...(await benchScorersPaired(text, catalogue, queries, accepts)));
  if (engines.includes('fuse')) {
    out.results.push(
      await benchFuse(text, catalogue, queries, accepts, { keyStride: fuseKeyStride, buildRuns: fuseBuildRuns, queryRuns: fuseQueryRuns }),
    );
  }
  return out;
};

window.benchReady = true;
