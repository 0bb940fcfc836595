// Issue 14, with the service worker as a citizen's browser runs it (the other projects block
// it): a first visit downloads what its screen needs and no more; the rest of the app is kept
// for offline use when the citizen comes back, unless the browser asks to save data; after
// that, a start downloads nothing but answers to "has this changed?".
import type { BrowserContext } from '@playwright/test';
import { test, expect, startServer, waitForKeptApp, FIRST_VISIT_CEILING_KIB } from '../fixtures';

interface Fetched { path: string; status: number; body: number; bytes: number }

/** Every response that came over the network, the worker's own fetches included (a page's
 * request answered by the worker is counted once, as the worker's). */
function networkLog(context: BrowserContext): Fetched[] {
  const log: Fetched[] = [];
  context.on('requestfinished', async (request) => {
    const response = await request.response();
    if (!response || response.fromServiceWorker()) return;
    const sizes = await request.sizes();
    // An answer from the HTTP cache has no size on the wire (Chromium reports it as negative).
    const body = Math.max(0, sizes.responseBodySize);
    log.push({
      path: new URL(request.url()).pathname,
      status: response.status(),
      body,
      bytes: body + Math.max(0, sizes.responseHeadersSize),
    });
  });
  return log;
}

const describe = (log: Fetched[]) => log.map((f) => `${f.status} ${String(f.body).padStart(7)} B ${f.path}`).join('\n');
const isPageCode = (path: string) => /^\/(chunk_|split_)/.test(path);

/** A start of the app at `url`, until the worker is installed (it registers 3 s after the
 * page's load) and the network is quiet. */
async function start(page: import('@playwright/test').Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as any).wasmBindings !== undefined);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForLoadState('networkidle');
}

test('a first visit downloads its screen, a return keeps the rest, then only changes are downloaded', async ({ context, page }) => {
  const { server, stop } = await startServer();
  try {
    const log = networkLog(context);
    await start(page, `${server.url}/`);
    const first = log.splice(0);
    const total = first.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`first visit to / with the service worker: ${(total / 1024).toFixed(1)} KiB\n${describe(first)}`);
    expect(total / 1024, describe(first)).toBeLessThanOrEqual(FIRST_VISIT_CEILING_KIB);
    expect(first.filter((f) => isPageCode(f.path)), 'no page chunk on a first visit to /').toEqual([]);

    // The citizen comes back: the worker now answers, and keeps the rest of the app.
    await start(page, `${server.url}/`);
    await waitForKeptApp(page);
    const openEvent = async () => {
      await page.goto(`${server.url}/events/newborn`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');
      await page.waitForLoadState('networkidle');
    };
    await openEvent();
    log.splice(0);

    // Any later start, on the home page or a page seen before: nothing is downloaded but
    // "not changed" answers (no body).
    await start(page, `${server.url}/`);
    await page.waitForTimeout(4000); // past the moment the app asks the worker to keep the rest
    await openEvent();
    const later = log.splice(0);
    expect(later.length, 'the start asks whether the page and the catalogue changed').toBeGreaterThan(0);
    expect(later.filter((f) => f.body > 0), `downloaded again:\n${describe(later)}`).toEqual([]);
  } finally {
    stop();
  }
});

test('a browser that asks to save data is not sent the rest of the app', async ({ context, page }) => {
  await context.addInitScript(() => {
    Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData: true, effectiveType: '3g' } });
  });
  const { server, stop } = await startServer();
  try {
    const log = networkLog(context);
    await start(page, `${server.url}/`);
    await start(page, `${server.url}/`);
    await page.waitForTimeout(4000); // past the moment the app would ask the worker
    await page.waitForLoadState('networkidle');
    expect(log.filter((f) => isPageCode(f.path)), describe(log)).toEqual([]);
    // Still a working app: a page's code is fetched when the page is opened, and kept.
    await page.goto(`${server.url}/privacy`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('隐私说明');
    expect(log.filter((f) => f.path.startsWith('/split_account-')).length).toBe(1);
  } finally {
    stop();
  }
});
