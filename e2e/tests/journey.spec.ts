// The foundation journey: find a life event by search, read a guide, sign in, open a case
// timeline, rate a closed case, reload and see the rating kept.
import { test, expect, open, signIn, backToCase } from '../fixtures';

test('a citizen finds a life event, reads a guide, follows a case and rates it', async ({ page, server }) => {
  await open(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');

  // Search finds the life event as the citizen types.
  const search = page.getByRole('combobox', { name: '搜索事项或一件事' });
  await search.fill('新生儿');
  const option = page.getByRole('option', { name: /新生儿出生/ }).first();
  await expect(option).toBeVisible();
  await option.click();
  await expect(page).toHaveURL(/\/events\/newborn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');

  // The event's steps lead to a matter's standard guide.
  await page.getByRole('link', { name: '跳过问题，直接查看全部事项和材料' }).click();
  await page.getByRole('button', { name: '展开全部' }).click();
  const firstMatter = page.locator('.ys-steps__matter > a').first();
  const matterName = (await firstMatter.textContent())!.trim();
  await firstMatter.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(matterName);
  await expect(page.getByRole('heading', { name: '申请材料' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '办理地点与时间' })).toBeVisible();

  // My cases needs sign-in, and sign-in comes back to it.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的办件' }).click();
  await page.getByRole('main').getByRole('link', { name: '登录' }).click();
  await signIn(page, server, '13800000001');
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');

  // A closed case shows its whole timeline.
  await page.getByRole('link', { name: '已办结' }).click();
  const card = page.locator('.ys-case-card', { hasText: 'LJ10000109' });
  await card.getByRole('link').click();
  await expect(page.getByRole('heading', { name: '办理过程' })).toBeVisible();
  await expect(page.locator('.ys-timeline__item')).toHaveCount(7);
  await expect(page.locator('.ys-timeline__item--current')).toContainText('已办结');

  // Rate it; the rating persists through the backend.
  await page.getByRole('link', { name: '评价本次办事' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('评价服务');
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('满意');
  await expect(page.getByRole('link', { name: '评价本次办事' })).toHaveCount(0);

  await page.reload();
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expect(page.locator('.ys-rating-done')).toContainText('办结评价：满意');
  await expect(page.getByRole('link', { name: '评价本次办事' })).toHaveCount(0);
});
