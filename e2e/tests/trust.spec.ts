// Issue 8: the app under failure and attack — a panic draws an error screen, every page says
// clearly when its data cannot be had and recovers, and data from the backend never runs.
import { test, expect, open, signInByApi, apiAs, forgetKeptCopies } from '../fixtures';
import type { Page, Route } from '@playwright/test';
import routes from '../routes.json';

test('a panic leaves an error screen with a reload button, not a blank page', {
  annotation: { type: 'expect-panic' },
}, async ({ page }) => {
  await open(page, '/');
  await page.evaluate(() => setTimeout(() => (window as any).wasmBindings.yishi_simulate_crash(), 0));
  const dialog = page.getByRole('alertdialog', { name: '页面出了点问题' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '重新加载' }).click();
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
});

test('a panic while the boot screen still hides the frame still shows the error screen', {
  annotation: { type: 'expect-panic' },
}, async ({ page }) => {
  // The frame is hidden while index.html's boot screen is there (it is drawn over a few tasks);
  // a panic in one of those tasks must not be hidden with it. The boot screen is put back
  // before the panic, as it is while the app starts.
  await open(page, '/cases');
  await page.evaluate(() => {
    const boot = document.createElement('div');
    boot.id = 'boot';
    document.body.prepend(boot);
    setTimeout(() => (window as any).wasmBindings.yishi_simulate_crash(), 0);
  });
  await expect(page.getByRole('alertdialog', { name: '页面出了点问题' })).toBeVisible();
  await expect(page.locator('.ys-topbar'), 'the frame hidden behind the boot screen').toBeHidden();
});

const FAULTS: [string, (route: Route) => Promise<void>][] = [
  ['500', (r) => r.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"type":"about:blank","title":"boom","status":500,"code":"internal"}' })],
  ['timeout', (r) => r.abort('timedout')],
  ['malformed JSON', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"version": "1", "events": [' })],
  ['HTML instead of JSON', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Gateway</title><h1>Welcome to nginx</h1>' })],
];

async function resolveExample(page: Page, example: string): Promise<string> {
  if (!example.includes('__DEMO_BAD_RATING__')) return example;
  const ratings = await apiAs(page, '/ratings');
  return example.replace('__DEMO_BAD_RATING__', ratings.items.find((r: any) => r.case_number === 'LJ10000112').id);
}

for (const route of routes.routes.filter((r: any) => r.api)) {
  test(`${route.pattern}: each backend fault gives a clear message and the page recovers`, async ({ page, server }) => {
    test.setTimeout(120_000);
    if (route.signedIn) {
      await signInByApi(page, server, '13800000001');
      await open(page, '/privacy'); // any page of the app, to reach its storage
    } else {
      await page.route((route as any).api, (r) => r.abort('connectionrefused'));
      await open(page, '/privacy'); // any page of the app, to reach its storage
      await page.unroute((route as any).api);
    }
    const example = await resolveExample(page, route.example);
    for (const [name, fault] of FAULTS) {
      // A first visit: nothing cached on the device for this page (the fault is in place
      // first, so no load still in flight can put a copy back).
      await page.route((route as any).api, (r) => (r.request().method() === 'GET' ? fault(r) : r.continue()));
      await forgetKeptCopies(page);
      await open(page, example);
      const alert = page.locator('.ys-error[role=alert]');
      await expect(alert, `${name}: a clear message`).toBeVisible({ timeout: 20_000 });
      await expect(alert).not.toContainText('boom'); // the backend's own words are not shown
      await page.unroute((route as any).api);
      await alert.getByRole('button', { name: '重试' }).click();
      await expect(page.locator('.ys-error[role=alert]'), `${name}: recovers`).toHaveCount(0, { timeout: 20_000 });
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
  });
}

test('markup and script in backend data are shown as text and never run', async ({ page, server }) => {
  const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  await page.route('**/api/v1/catalogue', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    data.version = 'evil';
    data.events.find((e: any) => e.id === 'newborn').name['zh-CN'] = `新生儿出生${evil}`;
    data.matters.find((m: any) => m.id === 'social-security-card-application').name['zh-CN'] = `社会保障卡申领${evil}`;
    await route.fulfill({ response, json: data, headers: { ...response.headers(), etag: '"evil"' } });
  });
  await page.route('**/api/v1/matters/birth-hukou-registration', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    data.name['zh-CN'] = `国（境）内出生登记${evil}`;
    data.faq[0].answer['zh-CN'] = `答案<a href="javascript:window.__xss=3">点我</a>${evil}`;
    data.offices[0].phone = 'javascript:window.__xss=4';
    data.process[0]['zh-CN'] = '<iframe src="javascript:window.__xss=5"></iframe>';
    await route.fulfill({ response, json: data });
  });
  await open(page, '/');
  await expect(page.locator('.ys-card__title').first()).toContainText('<img src=x');
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).fill('社会保障卡申领');
  await expect(page.getByRole('option').first()).toBeVisible();
  await open(page, '/matters/birth-hukou-registration');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<script>');
  await page.locator('.ys-faq summary').first().click();
  const links = await page.locator('a[href^="javascript:"]').count();
  expect(links).toBe(0);
  await page.locator('.ys-office a').first().click().catch(() => {});
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.locator('main img, main script, main iframe').count()).toBe(0);
});
