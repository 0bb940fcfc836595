// Issue 14: the Chinese words only pages in chunks show are not in the app shell but the file
// `locale-zh-pages-<hash>.json` (yishi_i18n::ZH_PAGES_FILE), fetched with the first such page at
// the same time as its chunk and kept on the device (src/lazy.rs, app::load_page_words).
import { test, expect, open } from '../fixtures';

const PAGE_WORDS = /\/locale-zh-pages-[0-9a-f]{16}\.json$/;

test('the pages\' words: not on the home page, once with the first page, then from the device', async ({ page }) => {
  const fetched: { url: string; encoding: string }[] = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url()).pathname;
    if (!PAGE_WORDS.test(url)) return;
    fetched.push({ url, encoding: (await (await request.response())?.headerValue('content-encoding')) ?? '' });
  });
  await open(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
  await page.waitForLoadState('networkidle');
  expect(fetched, 'no page words on the home page').toEqual([]);
  // A page in a chunk shows its own words (privacy.intro is one of them).
  await page.locator('footer').getByRole('link', { name: '隐私说明' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
  await expect(page.getByText('一事只在这台设备上保存帮助您办事所需的信息', { exact: false }).first()).toBeVisible();
  expect(fetched.length, 'the pages\' words once').toBe(1);
  expect(['br', 'gzip']).toContain(fetched[0].encoding);
  // Other pages do not fetch them again.
  await page.locator('footer').getByRole('link', { name: '设置' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  expect(fetched.length).toBe(1);
  // The next start reads the device's copy (a phone without a service worker, offline too).
  await page.context().route(PAGE_WORDS, (r) => r.abort('internetdisconnected'));
  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
  await expect(page.getByText('一事只在这台设备上保存帮助您办事所需的信息', { exact: false }).first()).toBeVisible();
});

test('pages\' words that cannot be had: the network error with a retry, which loads the page', async ({ page }) => {
  await page.context().route(PAGE_WORDS, (r) => r.fulfill({ status: 404, body: 'not found' }));
  await open(page, '/');
  await page.locator('footer').getByRole('link', { name: '隐私说明' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('网络连接出了问题');
  // No half-translated page: nothing of the page is shown without its words.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  await page.context().unroute(PAGE_WORDS);
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
});

test('in English the pages\' words come with the English table: no Chinese file', async ({ page }) => {
  let fetched = 0;
  page.on('request', (r) => { if (PAGE_WORDS.test(new URL(r.url()).pathname)) fetched += 1; });
  await page.addInitScript(() => localStorage.setItem('yishi.d.lang', 'en'));
  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
  await expect(page.getByText('Yishi keeps on this device only what helps you', { exact: false }).first()).toBeVisible();
  expect(fetched).toBe(0);
});
