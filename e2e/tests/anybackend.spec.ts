// Issue 8: the app against backends it has never seen. Every route in the committed route list,
// (1) against Prism mocking contract/openapi.yaml with random data that fits the schemas, for fixed
// seeds, and (2) against the reference backend with its answers bent the ways Prism never
// bends them: unknown enum values, empty lists, 10,000-character strings, nulls, missing fields.
// No panic, no uncaught error, no CSP violation (the guard in fixtures.ts), and never a blank
// page: each route shows its heading or a clear message.
import { test, expect, signInByApi, forgetKeptCopies, expectNoHorizontalScroll, type Server } from '../fixtures';
import type { Page, Route } from '@playwright/test';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import routes from '../routes.json';

const ROOT = path.resolve(__dirname, '../..');
// Each seed walks every route with new random data (about 25 s). The test command runs 6 to stay
// in its time budget; a deeper sweep is `YISHI_PRISM_SEEDS=40 npx playwright test --config
// e2e/playwright.config.ts anybackend --project android` (README, testing notes).
const SEED_COUNT = Number(process.env.YISHI_PRISM_SEEDS ?? 6);
const SEEDS = Array.from({ length: SEED_COUNT }, (_, i) => 1000 + i);

/** The route list's example paths, with the one placeholder filled by something of the right shape. */
const EXAMPLES: { pattern: string; path: string }[] = routes.routes.map((r: any) => ({
  pattern: r.pattern,
  path: r.example.replace('__DEMO_BAD_RATING__', 'rating-0000000000000001'),
}));

/** Opens a path and asserts the page is not blank: its heading, or a clear message. */
async function notBlank(page: Page, where: string) {
  await page.goto(where);
  await expect(page.locator('#boot'), `${where}: the app started`).toHaveCount(0);
  const shown = page.locator('main h1, main .ys-error[role=alert], main .ys-empty');
  await expect(shown.first(), `${where}: a heading or a clear message`).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.ys-loading'), `${where}: loading ends`).toHaveCount(0, { timeout: 15_000 });
  const text = await page.locator('main').innerText();
  expect(text.trim().length, `${where}: main has content`).toBeGreaterThan(0);
}

/** A port free right now: the OS picks it, and it is released for Prism to take. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Prism on a free port with a seed; resolves with its URL and a stop function. */
async function startPrism(seed: number): Promise<{ url: string; stop: () => void }> {
  const log: string[] = [];
  // Another process may take the port between the probe and Prism's listen: try again then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(path.join(ROOT, 'node_modules/.bin/prism'), [
      'mock', path.join(ROOT, 'contract/openapi.yaml'), '--dynamic', '--seed', String(seed),
      '--host', '127.0.0.1', '--port', String(port), '--errors', 'false', '-v', 'warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && child.exitCode === null; i++) {
      const up = await fetch(`${url}/health`).then(() => true, () => false);
      if (up && child.exitCode === null) return { url, stop: () => child.kill('SIGTERM') };
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    if (!log.join('').includes('EADDRINUSE')) break;
  }
  throw new Error(`prism did not start:\n${log.join('')}`);
}

test.describe('against Prism (random data that fits the contract)', () => {
  for (const seed of SEEDS) {
    test(`seed ${seed}: every route`, async ({ page }) => {
      test.setTimeout(180_000);
      const prism = await startPrism(seed);
      try {
        // The app's API calls go to Prism (which serves the spec's paths without the /api/v1 of
        // its `servers` entry); the app itself still comes from the reference server.
        let answered = 0;
        await page.route(/\/api\/v1\//, async (r: Route) => {
          const u = new URL(r.request().url());
          const mocked = `${prism.url}${u.pathname.replace(/^\/api\/v1/, '')}${u.search}`;
          const response = await r.fetch({ url: mocked }).catch(() => null);
          if (response && response.ok()) answered++;
          if (response) await r.fulfill({ response });
          else await r.abort('connectionrefused');
        });
        // Prism checks that a bearer token is present, not what it is.
        await page.addInitScript(() => {
          try { sessionStorage.setItem('yishi.token', 'prism-any-token'); } catch { /* about:blank */ }
        });
        for (const { path: where } of EXAMPLES) await notBlank(page, where);
        // The pages were shown Prism's data, not only its errors.
        expect(answered, 'requests Prism answered with 2xx').toBeGreaterThan(EXAMPLES.length);
      } finally {
        prism.stop();
      }
    });
  }
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A lowercase ASCII word: ids, codes and enum values look like this; free text does not. */
const CODE = /^[a-z][a-z0-9_.-]*$/;

const BENDS: [string, (v: Json, depth: number) => Json][] = [
  ['unknown enum values', (v) => (typeof v === 'string' && CODE.test(v) && v.length < 40 && !v.includes('-') ? 'quantum_entangled' : v)],
  ['empty lists', (v) => (Array.isArray(v) ? [] : v)],
  ['strings of 10,000 characters', (v) => (typeof v === 'string' && !CODE.test(v) && !/^\d{4}-\d\d-\d\d/.test(v) ? '长'.repeat(5000) + 'x'.repeat(5000) : v)],
  ['nulls', (v, depth) => (depth >= 2 && v !== null && typeof v !== 'object' ? null : v)],
];

/** Applies `bend` to every value, bottom-up (arrays and objects are bent after their items). */
function bendAll(v: Json, bend: (v: Json, depth: number) => Json, depth = 0): Json {
  if (Array.isArray(v)) return bend(v.map((x) => bendAll(x, bend, depth + 1)), depth);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = bendAll(x, bend, depth + 1);
    return bend(out, depth);
  }
  return bend(v, depth);
}

/** Drops every other field of every object: optional ones the app must do without, required
 * ones it must report as a malformed answer. */
function dropFields(v: Json): Json {
  if (Array.isArray(v)) return v.map(dropFields);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    Object.entries(v).forEach(([k, x], i) => { if (i % 2 === 0) out[k] = dropFields(x); });
    return out;
  }
  return v;
}

async function bendResponses(page: Page, change: (body: Json) => Json) {
  await page.route(/\/api\/v1\//, async (r: Route) => {
    try {
      const response = await r.fetch();
      const type = response.headers()['content-type'] ?? '';
      if (r.request().method() !== 'GET' || !type.includes('json')) return await r.fulfill({ response });
      const headers = { ...response.headers() };
      delete headers['content-length'];
      delete headers['content-encoding'];
      delete headers.etag; // a bent body is not the version the ETag names
      await r.fulfill({ response, headers, body: JSON.stringify(change(await response.json())) });
    } catch (e) {
      // The page moved on (the next route, or forgetKeptCopies leaving the app) while this
      // answer was being bent: its request is gone and nothing waits for it. Seen in CI as
      // "Response has been disposed".
      if (/disposed|has been closed|already handled/.test(String(e))) return;
      throw e;
    }
  });
}

test.describe('against bent answers of the reference backend', () => {
  const cases: [string, (b: Json) => Json][] = [
    ...BENDS.map(([name, bend]) => [name, (b: Json) => bendAll(b, bend)] as [string, (b: Json) => Json]),
    ['missing fields', dropFields],
  ];
  for (const [name, change] of cases) {
    test(`${name}: every route`, async ({ page, server }) => {
      test.setTimeout(180_000);
      await signInByApi(page, server as Server, '13800000001');
      await bendResponses(page, change);
      for (const { path: where } of EXAMPLES) {
        // Nothing the device kept from an earlier route hides what this one is sent.
        await forgetKeptCopies(page).catch(() => {});
        await notBlank(page, where);
        if (name.startsWith('strings')) {
          await expectNoHorizontalScroll(page, `${where}: long strings`);
        }
      }
    });
  }
});
