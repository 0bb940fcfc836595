// Issue 3: situational questions decide the plan; the combined form keeps its draft through a
// lost connection and a reload, and a double submit makes exactly one case.
import { test, expect, open, signIn, apiAs } from '../fixtures';
import type { Page } from '@playwright/test';


/** Answers the visible question with a choice label, or types a number, then goes on. */
async function answer(page: Page, value: string | number) {
  if (typeof value === 'number') {
    await page.getByRole('spinbutton').fill(String(value));
  } else {
    await page.getByRole('radio', { name: value, exact: true }).check();
  }
  await page.getByRole('button', { name: '下一步' }).click();
}

/** Every line of the checklist: what to bring (one per person), what the online application
 * asks, and what needs nothing (folded away, still in the page). */
async function checklist(page: Page): Promise<string[]> {
  await expect(page.getByRole('heading', { name: '材料清单（一次性告知）' })).toBeVisible();
  return page.locator('.ys-check__name, .ys-plain-item > .ys-strong').allTextContents();
}

test('新生儿出生: two sets of answers give two different checklists', async ({ page }) => {
  await open(page, '/events/newborn');
  await answer(page, '是');
  await answer(page, '随父亲');
  await answer(page, '都没有');
  const married = await checklist(page);
  expect(married).toContain('结婚证');
  expect(married.join()).not.toMatch(/亲子鉴定/);
  await expect(page.locator('.ys-steps__matter')).not.toContainText(['生育津贴']);
  // A material three matters need is listed once.
  expect(married.filter((n) => n === '结婚证')).toHaveLength(1);
  // The answers are in the URL: a reload shows the same plan.
  await page.reload();
  expect(await checklist(page)).toEqual(married);

  await open(page, '/events/newborn');
  await answer(page, '否');
  await answer(page, '随父亲');
  await answer(page, '孩子母亲');
  await answer(page, 2); // twins: asked only because the mother is insured
  const unmarried = await checklist(page);
  expect(unmarried).not.toContain('结婚证');
  expect(unmarried.join()).toMatch(/亲子鉴定/);
  expect(unmarried).not.toEqual(married);
  await expect(page.locator('.ys-steps')).toContainText('生育津贴');
});

test('开办餐饮店: a small shop and a large one need different things', async ({ page }) => {
  await open(page, '/events/open-restaurant');
  await answer(page, '个体工商户');
  await answer(page, 80);
  await answer(page, '否');
  await answer(page, '不使用燃气（全电厨房）');
  await page.getByRole('button', { name: '展开全部' }).click();
  const small = await page.locator('.ys-steps__matter').allTextContents();
  expect(small.join()).not.toMatch(/消防安全检查/);
  expect(small.join()).not.toMatch(/招牌/);
  const smallList = await checklist(page);

  await open(page, '/events/open-restaurant');
  await answer(page, '公司等企业');
  await answer(page, 500);
  await answer(page, '是');
  await answer(page, '依附本店外墙的门头招牌');
  await answer(page, '管道天然气，需要新开户报装');
  await page.getByRole('button', { name: '展开全部' }).click();
  const large = await page.locator('.ys-steps__matter').allTextContents();
  expect(large.join()).toMatch(/消防安全检查/);
  expect(large.join()).toMatch(/招牌/);
  expect(await checklist(page)).not.toEqual(smallList);
});

test('ticks on the checklist stay on this device', async ({ page }) => {
  await open(page, '/events/newborn?a.married=yes&a.hukou_parent=father&a.insured=neither&view=plan');
  const first = page.locator('.ys-check__box').first();
  await first.check();
  await page.reload();
  await expect(page.locator('.ys-check__box').first()).toBeChecked();
});

/** A valid 18-digit resident ID (GB 11643 checksum) for a test person. */
function residentId(base17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return base17 + '10X98765432'[sum % 11];
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

test('the combined form survives a lost connection and a reload, and submits once', async ({ page, server }) => {
  await open(page, '/sign-in');
  await signIn(page, server, '13800000001');
  await expect(page).toHaveURL(/\/cases$/);
  // Counted from the API, not the page: the list may still be loading.
  const before = ((await apiAs(page, '/cases')) as { items: unknown[] }).items.length;

  await open(page, '/events/newborn/apply?a.married=yes&a.hukou_parent=father&a.insured=neither');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上申请');
  // Prefilled from the profile.
  await expect(page.getByLabel('申请人（父亲或母亲）姓名')).not.toHaveValue('');

  await page.getByLabel('孩子另一方父母姓名').fill('李强');
  // The backend goes away mid-way: typing goes on, the draft is kept on the device.
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.getByLabel('孩子另一方父母公民身份号码').fill(residentId('44110019900101123'));
  await page.getByLabel('新生儿姓名').fill('李小满');
  await expect(page.getByText(/草稿已于/)).toBeVisible();

  // It comes back; a reload finds the draft intact.
  await page.unroute('**/api/v1/**');
  await page.reload();
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await expect(page.getByLabel('新生儿姓名')).toHaveValue('李小满');
  await expect(page.getByLabel('孩子另一方父母公民身份号码')).toHaveValue(residentId('44110019900101123'));

  await page.locator('input[type=date]').first().fill('2026-11-20');
  for (const group of await page.locator('[role=radiogroup]').all()) {
    await group.getByRole('radio').first().check();
  }
  await page.locator('input[type=file]').first().setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await expect(page.getByText('已上传')).toBeVisible();

  // Checked, then a double submit: one case.
  await page.getByRole('button', { name: '继续：检查申请' }).click();
  await expect(page.getByRole('heading', { name: '检查您的申请' })).toBeVisible();
  await page.getByRole('button', { name: '确认并提交申请' }).dblclick();
  await expect(page.getByRole('heading', { name: '申请已提交' })).toBeVisible();
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card')).toHaveCount(before + 1);
});

test('what the office says of its promise is shown on the event and the guide, in both languages', async ({ page }) => {
  await open(page, '/events/newborn');
  await expect(page.locator('.ys-facts')).toContainText('5 个工作日');
  await expect(page.locator('.ys-facts')).toContainText('不含出生医学证明签发前的时间及制证、邮寄时间');
  await open(page, '/matters/birth-hukou-registration');
  await expect(page.locator('.ys-facts').first()).toContainText('网上申请；到窗口办理且材料齐全的当场办结');

  await page.evaluate(() => localStorage.setItem('yishi.d.lang', 'en'));
  await open(page, '/matters/birth-hukou-registration');
  await expect(page.locator('.ys-facts').first()).toContainText('at the window, decided on the spot when the materials are complete');
  // The catalogue every first visit downloads leaves the notes to these documents.
  const catalogue = await page.evaluate(async () => (await fetch('/api/v1/catalogue')).text());
  expect(catalogue).not.toContain('不含出生医学证明签发前的时间');
  expect(catalogue).toContain('新生儿出生');
});
