// Issue 8: consent before the first submission, and "delete what this device holds".
import { test, expect, open, signIn, backToCase } from '../fixtures';

test('the first rating asks for consent, and the privacy page deletes what the device holds', {
  annotation: { type: 'no-consent' },
}, async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases%2Fcase-lj10000104%2Frate%3Fstage%3Dacceptance');
  await signIn(page, server, '13800000001');
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByLabel('意见和建议（选填）').fill('窗口服务很好');
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请先勾选同意' })).toBeVisible();
  // The draft is on the device meanwhile.
  expect(await page.evaluate(() => Object.keys(localStorage).some((k) => /^yishi\.p\.[^.]+\.rating-draft\./.test(k)))).toBe(true);

  await open(page, '/privacy');
  await page.getByRole('button', { name: '删除这台设备上的数据' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除这台设备上的数据' }).click();
  await expect(page.getByText('已删除')).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yishi.')))).toEqual([]);
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBeNull();
});

test('consent once, then the rating goes', { annotation: { type: 'no-consent' } }, async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases%2Fcase-lj10000113%2Frate%3Fstage%3Dacceptance');
  await signIn(page, server, '13800000001');
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('checkbox', { name: /我已了解一事/ }).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await backToCase(page);
  await expect(page.locator('.ys-rating-done')).toContainText('满意');
});

test('a catalogue read still on its way when the device is wiped is not kept', async ({ page }) => {
  // A first start reads the catalogue (nothing kept yet): held back until the wipe is done.
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/v1/catalogue', async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
  await page.getByRole('button', { name: '删除这台设备上的数据' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除这台设备上的数据' }).click();
  await expect(page.getByText('已删除')).toBeVisible();

  const answered = page.waitForResponse('**/api/v1/catalogue');
  release();
  await answered;
  // The app has the catalogue in hand (it searches), but keeps no copy.
  const search = page.getByRole('combobox', { name: '搜索事项或一件事' });
  await page.getByRole('link', { name: '一事' }).click();
  await search.fill('出生登记');
  await expect(page.getByRole('option', { name: /出生登记/ }).first()).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yishi.')))).toEqual([]);
});

test('the home page keeps 个人办事 or 法人办事 only once the citizen chooses, and then for good', async ({ page }) => {
  await open(page, '/');
  const business = page.getByRole('button', { name: '法人办事' });
  await expect(business).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => localStorage.getItem('yishi.d.home.audience'))).toBeNull();

  await business.click();
  await expect(business).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('link', { name: /开办餐饮店/ }).first()).toBeVisible();
  await open(page, '/');
  await expect(page.getByRole('button', { name: '法人办事' })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => localStorage.getItem('yishi.d.home.audience'))).toBe('business');
});
