// Issue 16, acting for family (代办): a parent acts for a child through a whole life event, the
// bar saying whom the citizen acts for on every page; a mother ends her authorisation and her
// son's next step is refused, with the way back to himself; asking and confirming a view-only
// authorisation between two browsers; English and 长辈版; a backend without 代办.
import AxeBuilder from '@axe-core/playwright';
import { withOwnServer, expect, open, signInByApi, expectNoHorizontalScroll } from '../fixtures';
import type { Page } from '@playwright/test';

const ZHANG = '13800000001';
const LI = '13800000002';
const ZHAO = '13800000006';

// A server of its own: these journeys make cases for the child and end the demo's authorisation.
const test = withOwnServer();
test.describe.configure({ mode: 'serial' });

const bar = (page: Page) => page.getByTestId('acting-bar');

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).include('main')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function switchTo(page: Page, label: RegExp | string) {
  await open(page, '/family');
  await page.getByRole('radio', { name: label }).check();
  await page.getByRole('button', { name: '切换', exact: true }).click();
}

test('a parent acts for his son through a whole life event; the son’s case is the son’s', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  await open(page, '/family');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('代办与授权');
  await expect(bar(page)).toHaveCount(0);
  await axe(page, 'family');
  await switchTo(page, /张小宝/);
  await expect(page.getByText('已切换，现在为 张小宝 办理。')).toBeVisible();
  await expect(bar(page)).toContainText('正在为 张小宝 办理');

  // Every page says so; the son has no cases yet.
  await open(page, '/cases');
  await expect(bar(page)).toContainText('正在为 张小宝 办理');
  await expect(page.getByText('您还没有办件。从一件事开始办理吧。')).toBeVisible();

  // His first social security card, applied for online: the form is his.
  await open(page, '/events/social-security-card/apply?a.situation=first&a.for_child=no&a.want_ecard=no');
  await expect(bar(page)).toContainText('张小宝');
  const form = page.locator('form.ys-form');
  await expect(form.locator('#field-applicant_name')).toHaveValue('张小宝');
  await expect(form.locator('#field-applicant_phone')).toHaveValue(ZHANG);
  for (const group of await page.locator('[role=radiogroup]').all()) await group.getByRole('radio').first().check();
  await page.getByRole('button', { name: '继续：检查申请' }).click();
  await expect(page.getByRole('heading', { name: '检查您的申请' })).toBeVisible();
  await page.getByRole('button', { name: '确认并提交申请' }).click();
  await expect(page.getByRole('heading', { name: '申请已提交' })).toBeVisible();
  const number = (await page.locator('.ys-panel__number').innerText()).trim();
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card')).toHaveCount(1);
  await expect(page.getByText(number)).toBeVisible();
  await expectNoHorizontalScroll(page, 'cases acting for a child');

  // Back to himself: the bar goes, and the son's case is not in his list.
  await switchTo(page, /本人/);
  await expect(page.getByText('已切换回本人。')).toBeVisible();
  await expect(bar(page)).toHaveCount(0);
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
  await expect(page.getByText(number)).toHaveCount(0);
});

test('a mother sees what her son did for her, ends it, and his next step is refused', async ({ page, browser, server }) => {
  const son = await signInByApi(page, server, ZHANG);
  await switchTo(page, /赵\*兰/);
  await expect(bar(page)).toContainText('正在为 赵*兰 办理');
  // Something done for her (her messages marked read, through the API with his session).
  const res = await page.request.post('/api/v1/messages/read-all', {
    headers: { Authorization: `Bearer ${son}`, 'Content-Type': 'application/json' }, data: {},
  });
  expect(res.ok()).toBeTruthy();

  const mother = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInByApi(mother, server, ZHAO);
  await open(mother, '/family');
  const acts = mother.getByRole('region', { name: '谁为我办理过' });
  await expect(acts).toContainText('张*明 将消息标为已读');
  const entry = mother.locator('.ys-family-list li', { hasText: '张*明 可以为我办理' });
  await expect(entry).toContainText('有效');
  await entry.getByRole('button', { name: '结束授权' }).click();
  await expect(mother.getByRole('status').filter({ hasText: '授权已结束。' })).toBeVisible();
  await expect(entry).toContainText('已结束');
  await expect(entry.getByRole('button')).toHaveCount(0);
  await mother.context().close();

  // His next page: refused, said plainly, with the way back to himself.
  await open(page, '/cases');
  await expect(page.getByText('为家人办理的授权已结束，请切换回本人。')).toBeVisible();
  await expect(bar(page)).toContainText('为 赵*兰 办理的授权已结束');
  await bar(page).getByRole('link', { name: '切换回本人' }).click();
  await expect(page.getByRole('radio', { name: /赵\*兰/ })).toHaveCount(0);
  await page.getByRole('radio', { name: /本人/ }).check();
  await page.getByRole('button', { name: '切换', exact: true }).click();
  await expect(bar(page)).toHaveCount(0);
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
});

test('asked and confirmed between two browsers: a view-only authorisation, in English and 长辈版', async ({ page, browser, server }) => {
  await page.addInitScript(() => {
    localStorage.setItem('yishi.d.lang', 'en');
    localStorage.setItem('yishi.d.mode', 'elderly');
  });
  await signInByApi(page, server, ZHANG);
  await open(page, '/family');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acting for family');
  await page.getByLabel('Their mobile number').fill(LI);
  await page.getByLabel('They are your').selectOption('other');
  await page.getByRole('radio', { name: 'view only' }).check();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Request sent to 138****0002. It takes effect when they agree.')).toBeVisible();
  await expect(page.locator('.ys-family-list li', { hasText: 'I may act for 李*' })).toContainText('waiting for confirmation');
  await expectNoHorizontalScroll(page, 'family in 长辈版');
  await axe(page, 'family (en, elderly)');

  const li = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInByApi(li, server, LI);
  await open(li, '/family');
  const request = li.locator('.ys-family-list li', { hasText: '张*明 可以为我办理' });
  await expect(request).toContainText('待确认');
  await request.getByRole('button', { name: '同意授权' }).click();
  await expect(li.getByRole('status').filter({ hasText: '已同意。张*明 现在可以为您办理。' })).toBeVisible();
  await expect(request).toContainText('有效');
  await li.context().close();

  await open(page, '/family');
  await page.getByRole('radio', { name: /李\*/ }).check();
  await page.getByRole('button', { name: 'Switch', exact: true }).click();
  await expect(bar(page)).toContainText('Acting for 李*');
  await expect(bar(page)).toContainText('view only');
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
});

test('a backend without 代办: the page says so, and choosing myself still works', async ({ page, server }) => {
  await page.route('**/api/v1/authorisations**', (route) => route.fulfill({
    status: 404, contentType: 'application/problem+json',
    body: JSON.stringify({ type: '/api/v1/problems/not_found', title: 'Not found', status: 404, code: 'not_found' }),
  }));
  await signInByApi(page, server, WANG_PHONE);
  await open(page, '/family');
  await expect(page.getByText('当前服务暂不提供家人代办。')).toBeVisible();
  await expect(page.getByRole('region', { name: '谁为我办理过' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: /本人/ })).toBeChecked();
});

const WANG_PHONE = '13800000003';
