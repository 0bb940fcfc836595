// Every route in the committed route list renders a page with its heading, signed in where it
// needs to be, and the list covers every route in the app's route table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, open, signIn, apiAs } from '../fixtures';
import routes from '../routes.json';

test('the route list covers the route table', () => {
  // The route table is `pages::ROUTES` (src/pages.rs); routes.rs builds the links.
  const table = readFileSync(path.resolve(__dirname, '../../src/pages.rs'), 'utf8');
  const patterns = [...table.matchAll(/route\("([^"]*)"/g)].map((m) => m[1]);
  expect(patterns.length).toBeGreaterThan(0);
  expect(routes.routes.map((r) => r.pattern).sort()).toEqual([...patterns].sort());
});

for (const route of routes.routes) {
  test(`${route.pattern} renders`, async ({ page, server }) => {
    if (route.signedIn) {
      let example = route.example;
      if (example.includes('__DEMO_BAD_RATING__')) {
        // Rating ids are random: find the demo citizen's bad rating (case LJ10000112).
        await open(page, '/sign-in?next=%2Fcases');
        await signIn(page, server, '13800000001');
        await expect(page).toHaveURL(/\/cases$/);
        const ratings = await apiAs(page, '/ratings');
        const bad = ratings.items.find((r: any) => r.case_number === 'LJ10000112');
        example = example.replace('__DEMO_BAD_RATING__', bad.id);
        await open(page, example);
      } else {
        await open(page, `/sign-in?next=${encodeURIComponent(example)}`);
        await signIn(page, server, '13800000001');
      }
      await expect(page).toHaveURL(new RegExp(example.replace(/[?]/g, '\\?') + '$'));
    } else {
      await open(page, route.example);
    }
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toBeVisible();
    if (route.heading) await expect(h1).toHaveText(route.heading);
    await expect(page.locator('.ys-error')).toHaveCount(0);
  });
}

test('an unknown path shows the not-found page', async ({ page }) => {
  await open(page, '/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});
