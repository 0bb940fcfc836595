// Issue 13: the defects the structure review found, each proved fixed in the browser. Leaving a
// page aborts its requests (an upload too, and a late answer writes nothing to the page that
// is gone: with panic = "abort" that killed the app); an upload's 401 ends the session like
// every other request's; an upload releases its callbacks when it ends.
import { test, expect, open, signInByApi } from '../fixtures';
import type { Page, Request, Route } from '@playwright/test';

const APPLY = '/events/newborn/apply?a.married=yes&a.hukou_parent=father&a.insured=neither';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Holds the requests matching `url` unanswered, and records which of them the page aborted. */
async function hold(page: Page, url: string | RegExp) {
  const held: Route[] = [];
  const aborted: string[] = [];
  await page.route(url, (route) => { held.push(route); });
  page.on('requestfailed', (r: Request) => {
    if (typeof url === 'string' ? r.url().includes(url.replace(/\*/g, '')) : url.test(r.url())) {
      aborted.push(`${r.method()} ${r.failure()?.errorText}`);
    }
  });
  return { held, aborted };
}

/** Leaves the page the way a citizen does inside the app: a link in the header (no reload). */
async function leaveForMyCases(page: Page) {
  await page.locator('.ys-topbar__nav').getByRole('link', { name: '我的办件' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
}

test('leaving the form mid-upload aborts the upload; its late answer changes nothing', async ({ page, server }) => {
  await signInByApi(page, server, '13800000001');
  await open(page, APPLY);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上申请');
  const upload = await hold(page, /\/api\/v1\/attachments$/);
  await page.locator('input[type=file]').first().setInputFiles({ name: 'baby.png', mimeType: 'image/png', buffer: PNG });
  await expect.poll(() => upload.held.length, 'the upload reached the network').toBe(1);
  await expect(page.locator('.ys-progress')).toBeVisible();

  await leaveForMyCases(page);
  // The answer comes after the page it was for is gone: nothing may be written there (writing
  // to its disposed signals panicked; the fixtures fail the test on a panic). An aborted
  // request cannot be answered any more.
  await page.waitForTimeout(500);
  await upload.held[0].fulfill({
    status: 201, contentType: 'application/json',
    body: JSON.stringify({ id: 'att-late', name: 'baby.png', size: PNG.length, content_type: 'image/png', uploaded_at: '2026-12-05T12:00:00+08:00' }),
  }).catch(() => {});
  await page.waitForTimeout(300);
  expect(upload.aborted, 'the upload was aborted when its page was left').toEqual(['POST net::ERR_ABORTED']);
  // The app still works, and the draft was not given the attachment.
  await page.locator('.ys-topbar__nav').getByRole('link', { name: '我的', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  const draft = await page.evaluate(() => Object.entries(localStorage)
    .filter(([k]) => k.endsWith('draft.newborn')).map(([, v]) => v).join());
  expect(draft).not.toMatch(/baby\.png/);
});

test('a read still loading is aborted when its page is left, and not retried', async ({ page, server }) => {
  await signInByApi(page, server, '13800000001');
  await open(page, '/settings');
  const reads = await hold(page, /\/api\/v1\/cases(\?.*)?$/);
  await page.locator('.ys-topbar__nav').getByRole('link', { name: '我的办件' }).click();
  await expect.poll(() => reads.held.length, 'the case list was asked for').toBe(1);
  await page.locator('.ys-topbar__nav').getByRole('link', { name: '我的', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  // At once, not when the request's own timeout (10 s) would have aborted it.
  await expect.poll(() => reads.aborted, { message: 'the read was aborted when its page was left', timeout: 3_000 })
    .toEqual(['GET net::ERR_ABORTED']);
  // A cancelled read does not come back as a retry.
  await page.waitForTimeout(1_500);
  expect(reads.held).toHaveLength(1);
});

test('an upload refused with 401 ends the session, as every other request does', async ({ page, server }) => {
  const token = await signInByApi(page, server, '13800000001');
  await open(page, APPLY);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上申请');
  await expect(page.locator('input[type=file]').first()).toBeAttached();
  // The session ends elsewhere (another device signed out, or it expired).
  const ended = await page.request.delete('/api/v1/session', { headers: { Authorization: `Bearer ${token}` } });
  expect(ended.ok(), 'session ended on the server').toBeTruthy();

  await page.locator('input[type=file]').first().setInputFiles({ name: 'baby.png', mimeType: 'image/png', buffer: PNG });
  // Signed out here too: the token is gone and the form waits behind sign-in again.
  await expect(page.getByText('登录后继续申请。', { exact: false })).toBeVisible();
  await expect(page.locator('.ys-topbar__nav').getByRole('link', { name: '设置' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBeNull();
});

test('an upload releases its callbacks when it ends', async ({ page, server }) => {
  // Every callback the app gives an XMLHttpRequest is kept here, to call after the upload:
  // a released wasm-bindgen closure throws, a leaked (forgotten) one still runs.
  await page.addInitScript(() => {
    const given: Function[] = [];
    (window as any).__xhrCallbacks = given;
    const add = XMLHttpRequest.prototype.addEventListener;
    XMLHttpRequest.prototype.addEventListener = function (type: string, fn: any, options?: any) {
      given.push(fn);
      return add.call(this, type, fn, options);
    };
    const target = XMLHttpRequestEventTarget.prototype;
    const onprogress = Object.getOwnPropertyDescriptor(target, 'onprogress')!;
    Object.defineProperty(target, 'onprogress', {
      configurable: true,
      get() { return onprogress.get!.call(this); },
      set(fn) { if (fn) given.push(fn); onprogress.set!.call(this, fn); },
    });
  });
  await signInByApi(page, server, '13800000001');
  await open(page, APPLY);
  await page.locator('input[type=file]').first().setInputFiles({ name: 'baby.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('已上传')).toBeVisible();
  const afterwards: string[] = await page.evaluate(() => (window as any).__xhrCallbacks.map((fn: Function) => {
    try { fn(new ProgressEvent('progress')); return 'still runs'; } catch (e) { return String(e); }
  }));
  // The end listener (one closure for its four events) and the progress callback.
  expect(afterwards.length).toBeGreaterThanOrEqual(5);
  for (const outcome of afterwards) expect(outcome).toMatch(/dropped/);
});
