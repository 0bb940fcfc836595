// Issue 6: good/bad ratings, the rules, delivery exactly once through failures, and the loop
// closed by the office's answer and the citizen's call-back.
import { test, expect, open, signIn, apiAs, backToCase } from '../fixtures';
import type { Page } from '@playwright/test';

async function openCase(page: Page, number: string) {
  await open(page, `/cases/case-${number.toLowerCase()}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function ratingsFor(page: Page, number: string): Promise<any[]> {
  const all = await apiAs(page, '/ratings');
  return all.items.filter((r: any) => r.case_number === number);
}

test.beforeEach(async ({ page, server }) => {
  await open(page, '/sign-in');
  await signIn(page, server, '13800000001');
  await expect(page).toHaveURL(/\/cases$/);
});

// Each test rates its own demo case, so their order does not matter.
test('a good rating needs no reason; a bad one is stopped without one', async ({ page }) => {
  await openCase(page, 'LJ10000106');
  await page.getByRole('link', { name: '评价受理服务' }).click();
  // Nothing is preselected.
  await expect(page.locator('input[name=level]:checked')).toHaveCount(0);
  await page.getByLabel('非常满意').check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('非常满意');

  await openCase(page, 'LJ10000105');
  await page.getByRole('link', { name: '评价受理服务' }).click();
  await page.getByLabel('非常不满意').check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请至少选择一个原因' })).toBeVisible();
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);
});

test('a bad rating made offline is delivered once when the network returns', async ({ page }) => {
  await openCase(page, 'LJ10000108');
  await page.getByRole('link', { name: '评价本次办事' }).click();
  await page.getByLabel('非常不满意').check();
  await page.locator('input[type=checkbox]').first().check();
  await page.getByLabel('意见和建议（选填）').fill('材料要求前后不一致。');
  await page.getByRole('button', { name: '预览评价' }).click();

  await page.route('**/api/v1/ratings', (route) => route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByText(/等待发送/).first()).toBeVisible();
  await backToCase(page);
  await expect(page.getByText(/等待发送/).first()).toBeVisible();

  await page.reload();
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expect(page.getByText(/等待发送/).first()).toBeVisible();

  await page.unroute('**/api/v1/ratings');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.locator('.ys-rating-done')).toContainText('非常不满意', { timeout: 20_000 });
  expect(await ratingsFor(page, 'LJ10000108')).toHaveLength(1);
});

test('a 500 and a timeout on the first tries still make exactly one rating', async ({ page }) => {
  await openCase(page, 'LJ10000107');
  await page.getByRole('link', { name: '评价本次办事' }).click();
  let tries = 0;
  await page.route('**/api/v1/ratings', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    tries += 1;
    if (tries === 1) return route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"type":"about:blank","status":500,"code":"internal"}' });
    if (tries === 2) return route.abort('timedout');
    return route.continue();
  });
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('满意', { timeout: 20_000 });
  expect(tries).toBeGreaterThanOrEqual(3);
  expect(await ratingsFor(page, 'LJ10000107')).toHaveLength(1);
});

test('the office answers a bad rating and the citizen confirms it', async ({ page, server }) => {
  await openCase(page, 'LJ10000105');
  await page.getByRole('link', { name: '评价受理服务' }).click();
  await page.getByLabel('不满意', { exact: true }).check();
  await page.locator('input[type=checkbox]').first().check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('不满意');
  const [rating] = await ratingsFor(page, 'LJ10000105');
  await server.operator(`/ratings/${rating.id}/follow-up`, { status: 'rectified', text: { 'zh-CN': '已对窗口人员进行培训，今后一次性告知所需材料。' } });

  await open(page, `/ratings/${rating.id}`);
  await expect(page.locator('.ys-followup')).toContainText('已整改');
  await expect(page.locator('.ys-followup')).toContainText('已对窗口人员进行培训');
  await page.getByLabel('解决了').check();
  await page.getByRole('button', { name: '提交回访' }).click();
  await expect(page.locator('.ys-followup')).toContainText('您的回访：解决了');
});
