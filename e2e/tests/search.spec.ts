// Issue 4: search finds what citizens mean — initials, full pinyin, everyday words, homophone
// typos — and keeps working from the device when the backend is unreachable.
import { test, expect, open } from '../fixtures';
import type { Page } from '@playwright/test';

/** Types `query` and expects the first suggestion to name `expected` (results follow typing
 * after a short pause, so this waits for them). */
async function expectFirst(page: Page, query: string, expected: string) {
  const box = page.getByRole('combobox', { name: '搜索事项或一件事' });
  await box.fill(query);
  await expect(page.getByRole('option').first()).toHaveAttribute('aria-label', new RegExp(expected));
}

test('initials, pinyin, everyday words and typos find the obvious answer first', async ({ page }) => {
  await open(page, '/');
  await expectFirst(page, 'sbk', '社会保障卡');
  await expectFirst(page, 'shebaoka', '社会保障卡');
  await expectFirst(page, '生孩子', '新生儿出生');
  await expectFirst(page, '开饭店', '开办餐饮店');
  await expectFirst(page, '公积金代款', '住房公积金贷款');
});

test('the combobox works from the keyboard and remembers recent searches', async ({ page }) => {
  await open(page, '/');
  const box = page.getByRole('combobox', { name: '搜索事项或一件事' });
  await box.fill('shebaoka');
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /option-0$/);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/(events|matters)\//);
  await open(page, '/');
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).focus();
  await expect(page.getByRole('option', { name: /最近搜索 shebaoka/ })).toBeVisible();
});

test('search keeps working when the backend becomes unreachable after a first visit', async ({ page }) => {
  await open(page, '/');
  await expect(page.locator('.ys-card').first()).toBeVisible();
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.reload();
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expectFirst(page, 'sbk', '社会保障卡');
});

test('no results offers the life events and a way to tell the office', async ({ page }) => {
  await open(page, '/search?q=' + encodeURIComponent('qqqzzzxxxjjj'));
  await expect(page.getByText('没有找到相关服务')).toBeVisible();
  await page.getByText('没找到？告诉我们您要办什么').click();
  await page.getByLabel('您想办理什么事？').fill('我想办理的事在目录里找不到');
  await page.getByRole('button', { name: '发送' }).click();
  await expect(page.getByText('谢谢！您的意见已转给负责的部门。')).toBeVisible();
});
