// Issue 7: after one visit, the app starts, searches and shows the guides the citizen opened
// with the backend gone (the server process is really stopped: route() cannot see what a
// service worker answers).
import { test, expect, startServer, signInByApi, waitForKeptApp } from '../fixtures';

test('the app starts, searches and shows an opened guide after the backend is gone', async ({ page }) => {
  const { server, stop } = await startServer();
  let stopped = false;
  try {
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // The first load was not yet controlled by the worker; from now on it answers.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
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
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
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
