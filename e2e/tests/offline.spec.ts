// Issue 7: after one visit, the app starts, searches and shows the guides the citizen opened
// with the backend gone (the server process is really stopped: route() cannot see what a
// service worker answers).
import { test, expect, startServer, signInByApi, waitForKeptApp } from '../fixtures';
import type { Page } from '@playwright/test';

/** Opens the app and reloads it once the service worker is ready: the first load was not yet
 * controlled by the worker; from then on it answers. */
async function underWorker(page: Page, base: string) {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('the app starts, searches and shows an opened guide after the backend is gone', async ({ page }) => {
  const { server, stop } = await startServer();
  let stopped = false;
  try {
    await underWorker(page, server.url);
    // Coming back, the app asks the worker to keep the rest of the app (worker.spec.ts).
    await waitForKeptApp(page);
    await page.goto(`${server.url}/matters/birth-hukou-registration`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('国（境）内出生登记');
    await page.goto(`${server.url}/events/newborn`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');

    stop();
    stopped = true;

    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
    await expect(page.locator('.ys-card').first()).toBeVisible();
    const search = page.getByRole('combobox', { name: '搜索事项或一件事' });
    await search.fill('出生登记');
    await expect(page.getByRole('option', { name: /出生登记/ }).first()).toBeVisible();
    await page.goto(`${server.url}/matters/birth-hukou-registration`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('国（境）内出生登记');
    await expect(page.getByRole('heading', { name: '申请材料' })).toBeVisible();
    // A page never opened online: its code (a chunk, src/lazy.rs) was kept on the return.
    await page.goto(`${server.url}/privacy`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
  } finally {
    if (!stopped) stop();
  }
});

test('signed in, the app started with the backend gone still knows who it is: the kept licences, and no sign-in offer', async ({ page }) => {
  const { server, stop } = await startServer();
  let stopped = false;
  try {
    await signInByApi(page, server, '13800000001');
    await underWorker(page, server.url);
    // Online once: the licences are kept on the device.
    await page.goto(`${server.url}/licences`);
    await expect(page.getByRole('list', { name: '证照列表' }).getByRole('listitem').first()).toBeVisible();

    stop();
    stopped = true;

    // A new start (the tab reopened on a counter's weak signal): the session cannot be checked.
    await page.goto(`${server.url}/licences`);
    await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
    await expect(page.getByRole('list', { name: '证照列表' }).getByRole('listitem').first()).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: '登录' })).toHaveCount(0);
    // A page with nothing kept says the network failed and offers a retry, not a sign-in.
    await page.goto(`${server.url}/cases`);
    await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
    await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: '登录' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '我的评价' }).first()).toBeVisible();
  } finally {
    if (!stopped) stop();
  }
});

test('deleting what the device holds deletes the guides the service worker kept', async ({ page }) => {
  const { server, stop } = await startServer();
  try {
    await underWorker(page, server.url);
    await page.goto(`${server.url}/matters/birth-hukou-registration`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('国（境）内出生登记');
    const keptReads = () => page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        if (name.startsWith('yishi-shell-')) continue;
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths.sort();
    });
    await expect.poll(keptReads).toContain('/api/v1/matters/birth-hukou-registration');

    // The start's catalogue read is kept by the worker before the page has it; the deletion
    // comes after (one still on its way would be kept again: it is public, the same for all).
    const catalogueRead = page.waitForResponse((r) => r.url().endsWith('/api/v1/catalogue'));
    await page.goto(`${server.url}/privacy`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
    await catalogueRead;
    await page.getByRole('button', { name: '删除这台设备上的数据' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '删除这台设备上的数据' }).click();
    await expect(page.getByText('已删除')).toBeVisible();
    expect(await keptReads()).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yishi.')))).toEqual([]);
    // The app itself stays kept: it still starts offline.
    expect(await page.evaluate(async () => (await caches.keys()).some((n) => n.startsWith('yishi-shell-')))).toBe(true);
  } finally {
    stop();
  }
});
