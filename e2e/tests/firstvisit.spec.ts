// Issue 14: what a citizen's phone downloads on a first visit to the home page, counted in the
// browser until the network is idle, and the chain that starts the app: the WASM and
// config.json are requested once each, the hashed files come precompressed.
// With the service worker: `worker.spec.ts`.
import { test, expect, FIRST_VISIT_CEILING_KIB } from '../fixtures';

test('a first visit to / stays under the byte ceiling, with each start-up file fetched once', async ({ page }) => {
  const responses: { url: string; bytes: number; encoding: string }[] = [];
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes();
    const response = await request.response();
    responses.push({
      url: new URL(request.url()).pathname,
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      encoding: (await response?.headerValue('content-encoding')) ?? '',
    });
  });
  await page.goto('/', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
  await page.waitForLoadState('networkidle');
  const total = responses.reduce((sum, r) => sum + r.bytes, 0);
  const lines = responses.map((r) => `${(r.bytes / 1024).toFixed(1).padStart(7)} KiB ${r.encoding.padEnd(4)} ${r.url}`);
  console.log(`first visit to /: ${(total / 1024).toFixed(1)} KiB in ${responses.length} responses\n${lines.join('\n')}`);
  expect(total / 1024, lines.join('\n')).toBeLessThanOrEqual(FIRST_VISIT_CEILING_KIB);

  const count = (test: (u: string) => boolean) => responses.filter((r) => test(r.url)).length;
  expect(count((u) => u === '/config.json'), 'config.json once (preloaded)').toBe(1);
  expect(count((u) => /^\/yishi-[0-9a-f]{16}_bg\.wasm$/.test(u)), 'the main WASM once (preloaded)').toBe(1);
  // The English words are a file of their own: a Chinese first visit never fetches them.
  expect(count((u) => u.startsWith('/locale-en-')), 'no English table in Chinese').toBe(0);
  // The main WASM comes compressed by the build (brotli or gzip, whichever the browser takes).
  const wasm = responses.find((r) => /_bg\.wasm$/.test(r.url))!;
  expect(['br', 'gzip']).toContain(wasm.encoding);
});

test('in English the words come as one precompressed file, once, then from the device', async ({ page }) => {
  const fetched: { url: string; encoding: string }[] = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url()).pathname;
    if (!url.startsWith('/locale-en-')) return;
    fetched.push({ url, encoding: (await (await request.response())?.headerValue('content-encoding')) ?? '' });
  });
  await page.addInitScript(() => localStorage.setItem('yishi.d.lang', 'en'));
  await page.goto('/', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get one thing done');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(fetched.length, 'the English table once').toBe(1);
  expect(['br', 'gzip']).toContain(fetched[0].encoding);
  // The next start reads the device's copy (a phone without a service worker, offline too).
  await page.context().route('**/locale-en-*.json', (r) => r.abort());
  await page.reload({ waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get one thing done');
});

test('English that cannot be had: the page in Chinese, whole, not half of each', async ({ page }) => {
  await page.context().route('**/locale-en-*.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.addInitScript(() => localStorage.setItem('yishi.d.lang', 'en'));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
