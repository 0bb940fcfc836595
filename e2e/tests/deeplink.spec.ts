// A signed-in citizen arriving by a link to a page behind sign-in (a case from an SMS, a
// chat, a bookmark): the page's own requests go out with the session check, not after it
// (`RequireSignIn`), every file the start needs is fetched once (the preloaded `config.json`
// and string table are the ones the app uses), and what arrives later fills in its part of the
// page instead of drawing it again (issue 14: the case page's chain).
import type { Page } from '@playwright/test';
import { test, expect, open, signInByApi } from '../fixtures';

const CASE = '/cases/case-lj10000102';
const ZHANG = '13800000001';

/**
 * Holds the answer to the requests `held` matches (GETs only) until the case has been asked for,
 * or for 8 s. The returned function says whether the case was asked for first.
 */
async function holdUntilCaseAsked(page: Page, held: RegExp): Promise<() => boolean> {
  let caseAsked!: () => void;
  const asked = new Promise<void>((go) => { caseAsked = go; });
  let caseFirst = false;
  await page.route(/\/api\/v1\/cases\/case-lj10000102$/, (r) => { caseAsked(); return r.continue(); });
  await page.route(held, async (r) => {
    if (r.request().method() === 'GET') {
      caseFirst = await Promise.race([asked.then(() => true), new Promise<boolean>((go) => setTimeout(() => go(false), 8_000))]);
    }
    return r.continue();
  });
  return () => caseFirst;
}

test('a case opened by a link asks for itself while the session is still being checked', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // The session check is answered only once the case has been asked for (or after 8 s, and
  // then the test fails): before, the page waited for that answer to ask.
  const caseFirst = await holdUntilCaseAsked(page, /\/api\/v1\/session$/);
  await open(page, CASE);
  await expect(page.getByText('LJ10000102')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('居住证申领');
  expect(caseFirst(), 'the case was asked for before the session check was answered').toBe(true);
  // Each once: the preloads are what the app reads.
  const count = (re: RegExp) => requests.filter((p) => re.test(p)).length;
  expect(count(/^\/config\.json$/), 'config.json').toBe(1);
  expect(count(/^\/locale-zh-pages-[0-9a-f]{16}\.json$/), 'the pages\u2019 words').toBe(1);
  expect(count(/^\/api\/v1\/cases\/case-lj10000102$/), 'the case').toBe(1);
});

for (const { name, path, shown, reads } of [
  { name: 'a case', path: CASE, shown: (p: Page) => p.getByRole('link', { name: '评价受理服务' }), reads: [/^\/api\/v1\/cases\/case-lj10000102$/, /^\/api\/v1\/ratings$/] },
  // An invitation to rate (好差评) arrives as a link in a message.
  { name: 'the rating of a case', path: `${CASE}/rate?stage=acceptance`, shown: (p: Page) => p.getByRole('group', { name: '您对本次服务满意吗？' }), reads: [/^\/api\/v1\/cases\/case-lj10000102$/, /^\/api\/v1\/rating-options$/] },
]) {
  test(`${name} opened by a link asks for its data while the page\'s code is still on its way`, async ({ page, server }) => {
    await signInByApi(page, server, ZHANG);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // The page's split is answered only once the case has been asked for (or after 8 s, and
    // then the test fails): before, the case was asked for by the page's code, once loaded.
    const caseFirst = await holdUntilCaseAsked(page, /\/split_case-[0-9a-f]+\.wasm$/);
    await open(page, path);
    await expect(shown(page)).toBeVisible();
    await expect(page.getByText('居住证申领').first()).toBeVisible();
    expect(caseFirst(), 'the case was asked for before the page\'s code arrived').toBe(true);
    // The page's own reads took those answers rather than asking again.
    for (const read of reads) expect(requests.filter((p) => read.test(p)), String(read)).toHaveLength(1);
  });
}

test('a refused token on a deep link ends on the sign-in offer, coming back to the case', async ({ page }) => {
  await page.addInitScript(() => {
    try { sessionStorage.setItem('yishi.token', 'no-such-session-token'); } catch { /* about:blank */ }
  });
  await open(page, CASE);
  await expect(page.locator('.ys-sign-in-gate')).toContainText('登录后查看这件办件的进度');
  // The offer is titled with the page's name: the case's own title is behind sign-in.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件详情');
  await expect(page.getByText('LJ10000102')).toHaveCount(0);
  const signIn = page.getByRole('main').getByRole('link', { name: '登录' });
  await expect(signIn).toHaveAttribute('href', /next=%2Fcases%2Fcase-lj10000102/);
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBeNull();
});

test('the case is drawn once its ratings are known, so the invitation to rate pushes nothing down', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  const matterReads: string[] = [];
  page.on('request', (r) => { if (/\/api\/v1\/matters\//.test(r.url())) matterReads.push(r.url()); });
  let release!: () => void;
  const held = new Promise<void>((go) => { release = go; });
  let ratingsAsked!: () => void;
  const asked = new Promise<void>((go) => { ratingsAsked = go; });
  await page.route(/\/api\/v1\/ratings(\?.*)?$/, async (r) => { ratingsAsked(); await held; return r.continue(); });
  await open(page, CASE);
  await asked;
  // Until the ratings are known the case waits (it has arrived: read with them), and no
  // invitation to rate a stage that may already be rated is shown.
  await expect(page.locator('.ys-loading')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByText(/^查询码：/)).toHaveCount(0);
  await expect(page.getByRole('link', { name: '评价受理服务' })).toHaveCount(0);
  await page.evaluate(() => {
    (window as any).shifts = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries() as any[]) (window as any).shifts += e.value; })
      .observe({ type: 'layout-shift' });
  });
  release();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('居住证申领');
  await expect(page.getByRole('link', { name: '评价受理服务' })).toBeVisible();
  await expect(page.getByText(/^查询码：/)).toBeVisible();
  const first = await heading.elementHandle();
  // Whatever comes after (the booking box's reads) moves nothing already on screen, and the case
  // is not drawn again.
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => (window as any).shifts), 'layout shift after the case was drawn').toBe(0);
  expect(await first!.evaluate((h) => h.isConnected)).toBe(true);
  expect(matterReads.length, `matter reads: ${matterReads.join(', ')}`).toBeLessThanOrEqual(1);
});

test('while the session is checked the top bar already shows the signed-in links', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  let release!: () => void;
  const held = new Promise<void>((go) => { release = go; });
  await page.route(/\/api\/v1\/session$/, async (r) => {
    if (r.request().method() === 'GET') await held;
    return r.continue();
  });
  await page.goto(CASE);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('居住证申领');
  await expect(nav.getByRole('link', { name: '我的评价' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '办件查询' })).toHaveCount(0);
  release();
  await expect(nav.getByRole('link', { name: /消息/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: '我的评价' })).toBeVisible();
});
