// Test fixtures: each worker runs its own reference server on a free loopback port with a
// fresh SQLite file; every page fails the test on a CSP violation or an uncaught error.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** The ceiling for a first visit to `/`, everything fetched until idle (compressed bytes on
 * the wire, headers included). The goal is 150 KiB, not met: a first visit takes
 * 163.7 KiB (`firstvisit.spec.ts`; docs/size.md has each change), 173.6 KiB with the service worker (`worker.spec.ts`, which
 * also fetches the worker and what it keeps). The ceiling sits a few KiB above the heavier of the
 * two, so that a change that adds a noticeable weight to the first visit fails here. */
export const FIRST_VISIT_CEILING_KIB = 180;

/** Waits until the service worker has kept every file of the build it fetches when the citizen
 * comes back (`LATER_FILES` in `sw.js`, `public/sw.template.js`). */
export async function waitForKeptApp(page: Page) {
  // Not `waitForFunction`: it takes the promise an async function returns as a truthy answer.
  const missing = () => page.evaluate(async () => {
    const source = await (await fetch('/sw.js')).text();
    const later: string[] = JSON.parse(/const LATER_FILES = (\[.*\]);/.exec(source)![1]);
    const name = (await caches.keys()).find((n) => n.startsWith('yishi-shell-'));
    const kept = name ? new Set((await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)) : new Set();
    return later.length === 0 ? ['(no LATER_FILES in sw.js)'] : later.filter((f) => !kept.has(f));
  });
  await expect.poll(missing, { message: 'files the service worker has not kept', timeout: 15_000 }).toEqual([]);
}

export interface Server {
  url: string;
  /** The one-time code the server issued for `phone` (test mode only). */
  otp(phone: string): Promise<string>;
  /** Calls an operator endpoint (`/api/v1/operator/...`) as an office's back-office would. */
  operator(path: string, body: unknown): Promise<any>;
}

/** A server of one's own; `extraArgs` go to `yishi-server serve` (e.g. `--slot-capacity 1`). */
export async function startServer(extraArgs: string[] = []): Promise<{ server: Server; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-e2e-'));
  const binary = process.env.YISHI_SERVER_BIN ?? path.join(ROOT, 'target/debug/yishi-server');
  const child: ChildProcess = spawn(
    binary,
    ['serve', '--host', '127.0.0.1', '--port', '0', '--db', path.join(dir, 'yishi.db'),
      '--dist', path.join(ROOT, 'dist'), '--dev', '--test-mode', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      const match = /YISHI_LISTENING port=(\d+)/.exec(log.join(''));
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${log.join('')}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  const server: Server = {
    url,
    async otp(phone) {
      const res = await fetch(`${url}/_test/otp?phone=${encodeURIComponent(phone)}`);
      if (!res.ok) throw new Error(`no code for ${phone}: ${res.status}`);
      return (await res.json()).code;
    },
    async operator(path, body) {
      const res = await fetch(`${url}/api/v1/operator${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Operator-Key': 'dev-operator-key' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`operator ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
  };
  return { server, stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

/** Records CSP violations and uncaught errors in the page; checked after every test. */
async function watch(page: Page, expectPanic: boolean, consent: boolean): Promise<() => Promise<void>> {
  const errors: string[] = [];
  page.on('pageerror', (e) => { if (!expectPanic) errors.push(`uncaught: ${e.message}`); });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/.test(m.text())) errors.push(`csp: ${m.text()}`);
    if (m.type() === 'error' && /panicked at/.test(m.text()) && !expectPanic) errors.push(`panic: ${m.text()}`);
  });
  // Consent is given once per device; tests start with it given, except those annotated
  // 'no-consent' (see privacy.spec.ts), which go through it.
  if (consent) await page.addInitScript(() => localStorage.setItem('yishi.d.consent', '1'));
  await page.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => {
    const inPage: string[] = await page.evaluate(() => (window as any).__cspViolations ?? []).catch(() => []);
    expect([...errors, ...inPage.map((v) => `csp: ${v}`)], 'no CSP violation, panic or uncaught error').toEqual([]);
  };
}

export const test = base.extend<{ guard: void }, { server: Server }>({
  server: [async ({}, use) => {
    const { server, stop } = await startServer();
    await use(server);
    stop();
  }, { scope: 'worker' }],
  baseURL: async ({ server }, use) => use(server.url),
  guard: [async ({ page }, use, testInfo) => {
    // A test that crashes the app on purpose says so with the 'expect-panic' annotation.
    const has = (type: string) => testInfo.annotations.some((a) => a.type === type);
    const check = await watch(page, has('expect-panic'), !has('no-consent'));
    await use();
    await check();
  }, { auto: true }],
});

export { expect };

/** `test` with a server of the worker's own (started with `extraArgs`), for specs whose
 * journeys change the demo data other specs sharing a worker's server rely on. */
export function withOwnServer(extraArgs: string[] = []) {
  return test.extend<{}, { server: Server }>({
    server: [async ({}, use) => {
      const { server, stop } = await startServer(extraArgs);
      await use(server);
      stop();
    }, { scope: 'worker' }],
  });
}

/** Opens `path` and waits until the WASM app has started and drawn. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expect(page.locator('#boot')).toHaveCount(0);
  // A prerendered page (scripts/prerender.mjs) is swapped for the app once it has drawn.
  await expect(page.locator('#pre')).toHaveCount(0);
}

/** Signs in through the UI with the test-mode one-time code. */
export async function signIn(page: Page, server: Server, phone: string) {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByLabel('短信验证码')).toBeVisible();
  // A code sent to this number a moment before (the same test signing in twice) holds the next
  // one back for a second in test mode: the page says so, and 重新发送 is pressed when it is
  // offered, as a citizen would (a quiet, fast machine got here within the second: CI at f762abe).
  const sent = page.locator('#sign-in-sent');
  if (!(await sent.isVisible())) {
    const resend = page.getByRole('button', { name: '重新发送', exact: true });
    await expect(resend).toBeEnabled({ timeout: 5_000 });
    await resend.click();
  }
  await expect(sent).toBeVisible();
  const code = await server.otp(phone);
  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('main').getByRole('button', { name: '登录', exact: true }).click();
}

/** After a rating: the thank-you, then back to its case (where the rating is listed). */
export async function backToCase(page: Page) {
  await expect(page.locator('#rating-thanks')).toBeVisible();
  await page.locator('#rating-thanks').getByRole('link', { name: '返回办件' }).click();
}

/** Forgets the catalogue, guides and inbox the device kept, so the next page load asks the backend. */
export async function forgetKeptCopies(page: Page) {
  // Leave the app first, for a static file of the same origin (same storage): a load still
  // running in the app (a read's retry after its backoff) could otherwise put a copy back
  // after it was forgotten, and the next page would show it instead of what it is sent.
  await page.goto('/config.json');
  await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('yishi.d.catalogue') || k.startsWith('yishi.d.doc.')
      || /^yishi\.p\.[^.]+\.inbox/.test(k) || /^yishi\.p\.[^.]+\.licences/.test(k))
    .forEach((k) => localStorage.removeItem(k)));
}

/** Asserts the page does not scroll sideways (WCAG 1.4.10 reflow). */
export async function expectNoHorizontalScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: horizontal scrolling`).toBeLessThanOrEqual(0);
}

/**
 * No English word of three letters or more is split over two lines (the body's
 * `overflow-wrap: anywhere` breaks a word only when a row leaves it too little room: that is a
 * layout to mend, "Refres/h", not a long word to tolerate).
 */
export async function expectWholeWords(page: Page, what: string) {
  const split = await page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript') || parent.offsetParent === null) continue;
      for (const word of node.data.matchAll(/[A-Za-z]{3,}/g)) {
        const range = document.createRange();
        range.setStart(node, word.index!);
        range.setEnd(node, word.index! + word[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) found.push(`${word[0]} in <${parent.tagName.toLowerCase()} class="${parent.className}">`);
      }
    }
    return [...new Set(found)];
  });
  expect(split, `${what}: words split over two lines`).toEqual([]);
}

/**
 * A session token for `phone`, made through the API as a mini-program host (or an attacker)
 * would. The server sends one code per number per second in test mode, and a worker's tests
 * sign the same demo citizens in again and again: a code refused as too soon (429) is asked for
 * again after its `Retry-After`, as the sign-in page's 重新发送 does.
 */
export async function sessionToken(server: Server, phone: string): Promise<string> {
  const post = (p: string, body: unknown) => fetch(`${server.url}/api/v1${p}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  let sent = await post('/session/code', { phone });
  for (let tries = 0; sent.status === 429 && tries < 3; tries++) {
    await new Promise((go) => setTimeout(go, 1000 * Number(sent.headers.get('retry-after') ?? 1)));
    sent = await post('/session/code', { phone });
  }
  expect(sent.ok, `code sent (${sent.status})`).toBeTruthy();
  const res = await post('/session', { phone, code: await server.otp(phone) });
  expect(res.ok, 'signed in').toBeTruthy();
  return (await res.json()).token;
}

/**
 * Signs in through the API, not the UI, and hands the token to the page the way the app keeps
 * it (sessionStorage): for tests about the pages behind sign-in rather than about signing in.
 */
export async function signInByApi(page: Page, server: Server, phone: string): Promise<string> {
  const token = await sessionToken(server, phone);
  await page.addInitScript((t) => {
    try { sessionStorage.setItem('yishi.token', t); } catch { /* about:blank has no storage */ }
  }, token);
  return token;
}

/** The signed-in citizen's view of an API path, with the page's own session token. */
export async function apiAs(page: Page, path: string): Promise<any> {
  const token = await page.evaluate(() => sessionStorage.getItem('yishi.token'));
  const res = await page.request.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.ok(), `GET ${path}`).toBeTruthy();
  return res.json();
}

/** Pulls the page down from its top with a finger (touch events), as a citizen refreshes. */
export async function pullDown(page: Page) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const at = (y: number) => new Touch({ identifier: 1, target: document.body, clientX: 120, clientY: y });
    document.body.dispatchEvent(new TouchEvent('touchstart', { touches: [at(100)], changedTouches: [at(100)], bubbles: true }));
    document.body.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [at(260)], bubbles: true }));
  });
}

/** Waits until the page has drawn twice more (what a reactive update queued is on screen). */
export async function afterFrames(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Tells the page the citizen came back to it (what a phone does when the app is reopened). */
export async function refocus(page: Page) {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
}
