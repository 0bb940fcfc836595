// Every page but the home page is a WASM chunk fetched when first shown (src/lazy.rs,
// scripts/wasm.sh): a chunk that cannot be fetched gives the network error with a retry (no
// panic, no blank page), and the retry loads the page.
import { test, expect, open } from '../fixtures';

test('a page whose code cannot be fetched says so, and the retry loads it', async ({ page }) => {
  const chunk = /\/split_account-[0-9a-f]{16}\.wasm$/;
  await page.route(chunk, (r) => r.abort('internetdisconnected'));
  await open(page, '/');
  await page.locator('footer').getByRole('link', { name: '隐私说明' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('网络连接出了问题');
  await page.unroute(chunk);
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
  // Loaded once, the split's other pages open without fetching it again.
  let fetched = false;
  page.on('request', (r) => { if (chunk.test(new URL(r.url()).pathname)) fetched = true; });
  await page.locator('footer').getByRole('link', { name: '设置' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  expect(fetched).toBe(false);
});

test('the home page starts without any chunk but the search engine', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await open(page, '/');
  await page.getByRole('combobox').first().fill('生孩子');
  await expect(page.getByRole('option').first()).toBeVisible();
  expect(wasm.filter((p) => /\/split_(?!search_engine-)/.test(p)), 'page splits fetched on the home page').toEqual([]);
});
