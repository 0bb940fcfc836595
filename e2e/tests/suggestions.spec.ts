// Issue 16, the next step (下一步): when the office closes a life event's case, 我的办件 suggests
// what usually follows it, with the reason, and the benefit that comes with nothing to apply for
// (免申即享); a suggestion leads to its life event; a dismissed one stays gone; another citizen
// sees none of them; a backend without suggestions leaves the page as it was.
import AxeBuilder from '@axe-core/playwright';
import { withOwnServer, expect, open, signInByApi, expectNoHorizontalScroll, type Server } from '../fixtures';
import type { Page } from '@playwright/test';

const ZHANG = '13800000001';
const LI = '13800000002';

// A server of its own: these journeys close LJ10000104 (新生儿出生), which other specs expect
// under review.
const test = withOwnServer();

const suggested = (page: Page, title = '为您推荐') => page.getByRole('region', { name: title });

async function closeNewbornCase(server: Server) {
  await server.operator('/cases/case-lj10000104/advance', { to: 'approved' });
  await server.operator('/cases/case-lj10000104/advance', {
    to: 'delivered', delivery: { method: 'post', detail: { 'zh-CN': 'EMS 1180 0000 0000 1', en: 'EMS 1180 0000 0000 1' } },
  });
  await server.operator('/cases/case-lj10000104/advance', { to: 'closed' });
}

test.describe.configure({ mode: 'serial' });

test('a closed 新生儿出生 suggests what follows and the subsidy; the way in; dismissed stays gone', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  await open(page, '/cases');
  // Before: the demo's baby is registered, so the subsidy comes with nothing to do.
  const region = suggested(page);
  await expect(region).toBeVisible();
  const subsidy = region.getByRole('article').filter({ hasText: '育儿补贴' });
  await expect(subsidy).toContainText('您将获得，无需申请');
  await expect(subsidy).toContainText('每年 3600 元');
  await expect(region.getByRole('link', { name: '教育入学' })).toHaveCount(0);
  // The case list is still what the page is for.
  await expect(page.locator('.ys-case-card').first()).toBeVisible();

  await closeNewbornCase(server);
  await open(page, '/cases');
  const school = region.getByRole('article').filter({ hasText: '教育入学' });
  await expect(school).toContainText('您的“新生儿出生”已办结');
  await expect(region.getByRole('article')).toHaveCount(3);
  await expectNoHorizontalScroll(page, 'suggestions');
  const axe = await new AxeBuilder({ page }).include('.ys-suggestions')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The suggestion is the way in to its life event, and back.
  await school.getByRole('link', { name: '教育入学' }).click();
  await expect(page).toHaveURL(/\/events\/school-enrolment$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('教育入学');
  await page.goBack();

  // Dismissed (by keyboard): gone at once, and after a reload.
  const dismiss = region.getByRole('button', { name: '不再显示：教育入学' });
  await dismiss.focus();
  await page.keyboard.press('Enter');
  await expect(region.getByRole('article')).toHaveCount(2);
  await open(page, '/cases');
  await expect(suggested(page).getByRole('article')).toHaveCount(2);
  await expect(suggested(page)).not.toContainText('教育入学');
});

test('in English and 长辈版 the same suggestions read in English', async ({ page, server }) => {
  await page.addInitScript(() => {
    localStorage.setItem('yishi.d.lang', 'en');
    localStorage.setItem('yishi.d.mode', 'elderly');
  });
  await signInByApi(page, server, ZHANG);
  await open(page, '/cases');
  const region = suggested(page, 'Suggested for you');
  await expect(region.getByRole('article').filter({ hasText: 'Childcare subsidy' }))
    .toContainText('You will receive this — nothing to apply for');
  await expect(region).not.toContainText('育儿补贴');
  await expectNoHorizontalScroll(page, 'suggestions in 长辈版');
});

test('another citizen sees none of them', async ({ page, server }) => {
  await signInByApi(page, server, LI);
  await open(page, '/cases');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
  await expect(suggested(page)).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText('育儿补贴');
});

test('a backend without suggestions: the page as it was, no error', async ({ page, server }) => {
  let asked = 0;
  await page.route('**/api/v1/suggestions', (r) => {
    asked += 1;
    return r.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' }) });
  });
  await signInByApi(page, server, ZHANG);
  await open(page, '/cases');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
  await expect.poll(() => asked).toBeGreaterThan(0);
  await expect(suggested(page)).toHaveCount(0);
  await expect(page.locator('.ys-error, [role=alert]')).toHaveCount(0);
});
