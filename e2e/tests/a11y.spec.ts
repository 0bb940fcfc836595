// Every route in the committed route list passes axe-core's WCAG 2.2 AA rules with zero
// violations, signed in where the route needs it.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, open, signIn, apiAs } from '../fixtures';
import type { Page } from '@playwright/test';
import routes from '../routes.json';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function audit(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, 'axe violations').toEqual([]);
}

for (const route of routes.routes) {
  test(`${route.pattern} has no accessibility violations`, async ({ page, server }) => {
    let example = route.example;
    if (route.signedIn) {
      await open(page, '/sign-in?next=%2Fcases');
      await signIn(page, server, '13800000001');
      await expect(page).toHaveURL(/\/cases$/);
      if (example.includes('__DEMO_BAD_RATING__')) {
        const ratings = await apiAs(page, '/ratings');
        example = example.replace('__DEMO_BAD_RATING__', ratings.items.find((r: any) => r.case_number === 'LJ10000112').id);
      }
    }
    await open(page, example);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.ys-loading')).toHaveCount(0);
    await audit(page);
  });
}

test('the questions, the plan and an open step have no accessibility violations', async ({ page }) => {
  await open(page, '/events/newborn');
  await expect(page.getByRole('group', { name: /结婚登记/ })).toBeVisible();
  await audit(page);
  await open(page, '/events/newborn?a.married=no&a.hukou_parent=father&a.insured=mother&a.babies=2&view=plan');
  await page.getByRole('button', { name: '展开全部' }).click();
  await audit(page);
});
