// Issue 7: inside a mini-program web-view the host draws the top bar, hands over the sign-in
// token in the URL fragment, and receives messages through its bridge.
import { test, expect, open, backToCase, sessionToken } from '../fixtures';
import type { Page } from '@playwright/test';

/** A fake `wx.miniProgram` that records every call. */
async function installBridge(page: Page) {
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as any).__bridgeCalls = calls;
    (window as any).__wxjs_environment = 'miniprogram';
    (window as any).wx = {
      miniProgram: {
        postMessage: (o: unknown) => calls.push(['postMessage', o]),
        navigateBack: (o: unknown) => calls.push(['navigateBack', o]),
        navigateTo: (o: unknown) => calls.push(['navigateTo', o]),
      },
    };
  });
}

test('the host draws the top bar; the app keeps its search and offers the way back', async ({ page }) => {
  await installBridge(page);
  await open(page, '/');
  await expect(page.locator('html')).toHaveClass(/ys-embedded/);
  await expect(page.getByRole('link', { name: '一事' })).toBeHidden();
  await expect(page.getByRole('combobox', { name: '搜索事项或一件事' })).toBeVisible();
  await page.getByRole('button', { name: '返回小程序' }).click();
  expect(await page.evaluate(() => (window as any).__bridgeCalls)).toEqual([['navigateBack', { delta: 1 }]]);
});

test('a token handed over in the fragment signs in and leaves the address at once', async ({ page, server }) => {
  await installBridge(page);
  const token = await sessionToken(server, '13800000001');
  await open(page, `/cases#token=${encodeURIComponent(token)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
  expect(page.url()).not.toContain('token');
  expect(page.url()).not.toContain('#');
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);
});

test('a rating sent from the web-view is reported to the mini-program', async ({ page, server }) => {
  await installBridge(page);
  const token = await sessionToken(server, '13800000001');
  await open(page, `/cases/case-lj10000109/rate?stage=completion#token=${encodeURIComponent(token)}`);
  await page.getByLabel('非常满意').check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('非常满意');
  const calls = await page.evaluate(() => (window as any).__bridgeCalls);
  expect(calls).toContainEqual(['postMessage', { data: { type: 'rating_sent', value: 'case-lj10000109' } }]);
});

// Issue 12: a hand-over says whose account it signed in, and never replaces a session silently.
test('a hand-over says whose account is signed in, and offers a way out', async ({ page, server }) => {
  await installBridge(page);
  const token = await sessionToken(server, '13800000001');
  const words: string[] = [];
  page.on('request', (r) => { if (/\/locale-zh-pages-[0-9a-f]{16}\.json$/.test(r.url())) words.push(r.url()); });
  await open(page, `/cases#token=${encodeURIComponent(token)}`);
  const notice = page.getByRole('status').filter({ hasText: '小程序已为您登录' });
  await expect(notice).toContainText('张*明（138****0001）');
  // The notice and the page, both in the `account` split, wait for the same words: fetched once.
  expect(words, 'the pages\u2019 words').toHaveLength(1);
  await notice.getByRole('button', { name: '不是我，退出登录' }).click();
  await expect(page.getByText('登录后查看您的办件。')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBeNull();
});

test('a hand-over of another account while one is signed in asks first', async ({ page, server }) => {
  await installBridge(page);
  const zhang = await sessionToken(server, '13800000001');
  const li = await sessionToken(server, '13800000002');
  await open(page, `/cases#token=${encodeURIComponent(zhang)}`);
  await expect(page.locator('.ys-case-card', { hasText: 'LJ10000101' })).toBeVisible();
  // Something of his on the device: a draft rating.
  await open(page, '/cases/case-lj10000109/rate?stage=completion');
  await page.getByLabel('意见和建议（选填）').fill('张晓明的草稿');
  await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('张晓明的草稿');

  await open(page, `/cases#token=${encodeURIComponent(li)}`);
  const question = page.getByRole('alertdialog');
  await expect(question).toContainText('李*（138****0002）');
  await expect(question).toContainText('张*明（138****0001）');
  // Nothing changed meanwhile: still his cases, his session.
  await expect(page.locator('.ys-case-card', { hasText: 'LJ10000101' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBe(zhang);
  await question.getByRole('button', { name: '继续使用 张*明' }).click();
  await expect(question).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBe(zhang);

  // Asked again, the citizen switches: the app starts over as her, and his draft is gone.
  await open(page, `/cases#token=${encodeURIComponent(li)}`);
  await page.getByRole('alertdialog').getByRole('button', { name: '切换到 李*' }).click();
  await expect(page.locator('.ys-case-card', { hasText: 'LJ20000101' })).toBeVisible();
  await expect(page.locator('.ys-case-card', { hasText: 'LJ10000101' })).toHaveCount(0);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('张晓明的草稿');
});
