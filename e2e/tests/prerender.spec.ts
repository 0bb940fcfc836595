// Issue 14, HTML first: the public pages arrive as HTML drawn by the app itself
// (scripts/prerender.mjs, run by scripts/build.sh; the reference server sends them), so the first
// paint is the page's content, a reader without scripts gets the content and working links, and
// the app takes the page over without a visible change. Without JavaScript the pages must read;
// when the app's WASM cannot be had, the prerendered page must stay usable.
import { test, expect, open, signInByApi } from '../fixtures';
import type { Page } from '@playwright/test';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page, a life event, its whole checklist and a matter guide read, and their links lead on', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
    // The life events, each a real link.
    const newborn = page.getByRole('link', { name: /新生儿出生/ }).first();
    await expect(newborn).toBeVisible();
    await newborn.click();
    await expect(page).toHaveURL(/\/events\/newborn$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');
    // The facts that matter, and the way to the whole checklist without answering.
    await expect(page.locator('.ys-facts')).toContainText('承诺');
    await page.getByRole('link', { name: '跳过问题，直接查看全部事项和材料' }).click();
    await expect(page).toHaveURL(/\/events\/newborn\?view=plan$/);
    await expect(page.getByRole('heading', { name: '材料清单（一次性告知）' })).toBeVisible();
    await expect(page.locator('.ys-check__name').first()).toBeVisible();
    // A matter of the plan opens its guide: what to bring, where, how long.
    await page.goto('/matters/birth-hukou-registration');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('国（境）内出生登记');
    await expect(page.locator('main')).toContainText('出生医学证明');
    // The search form submits as a plain form; the page it leads to says what to do instead.
    await page.goto('/');
    await page.getByRole('combobox').first().fill('出生');
    await page.getByRole('combobox').first().press('Enter');
    await expect(page).toHaveURL(/\/search\?q=%E5%87%BA%E7%94%9F$/);
    await expect(page.locator('noscript, .ys-noscript').first()).toBeAttached();
    await page.getByRole('link', { name: '在首页按生活事件查找' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('办好一件事');
  });
});

/** The sum of layout shifts and the largest contentful paint so far, read in the page. */
async function paintRecord(page: Page) {
  return page.evaluate(() => new Promise<{ cls: number; lcp: number; lcpTag: string; takeover: number }>((resolve) => {
    let cls = 0;
    let lcp = 0;
    let lcpTag = '';
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      const last = list.getEntries().at(-1) as any;
      lcp = last.startTime;
      lcpTag = last.element ? last.element.tagName : '(removed)';
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    const takeover = performance.getEntriesByName('yishi-takeover')[0]?.startTime ?? -1;
    setTimeout(() => resolve({ cls, lcp, lcpTag, takeover }), 300);
  }));
}

test('a prerendered life event is the first paint, and the app takes it over without a shift', async ({ page, request }) => {
  // The server sends the page's content in its HTML: no script needed to see it.
  const html = await (await request.get('/events/newborn')).text();
  expect(html).toContain('<div id="pre"');
  expect(html).toContain('新生儿出生');
  // Nothing of the app is fetched before the first paint: the preloads come after it, with
  // what this page needs (its chunks, its life event, the catalogue for a device without one).
  const head = html.slice(0, html.indexOf('</head>')).replace(/<script[\s\S]*?<\/script>/g, '');
  expect(head).toContain('rel="stylesheet"');
  expect(head).not.toMatch(/rel="(module)?preload"/);
  const ahead = (html.match(/data-preload="([^"]*)"/)?.[1] ?? '').split(' ');
  expect(ahead).toContain('/api/v1/events/newborn');
  expect(ahead.some((href) => /^\/[a-z_0-9]+-[0-9a-f]{16}\.wasm$/.test(href)), `chunks in ${ahead}`).toBe(true);
  expect(html).toContain('data-catalogue="/api/v1/catalogue"');
  // Answers in the address are another screen: the plain app page, not a prerendered one.
  expect(await (await request.get('/events/newborn?a.married=yes')).text()).not.toContain('<div id="pre"');

  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await open(page, '/events/newborn');
  await expect(page.locator('#app #main h1')).toHaveText('新生儿出生');
  // Each preloaded file was fetched once: the app used what the loader asked for ahead.
  for (const href of [...ahead, '/api/v1/catalogue']) {
    expect(asked.filter((p) => p === href), `${href} fetched once`).toHaveLength(1);
  }
  // The main WASM was asked for after the first paint.
  const order = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
    wasm: performance.getEntriesByType('resource').find((r) => /_bg\.wasm$/.test(r.name))?.startTime ?? -1,
  }));
  expect(order.paint, 'a first paint').toBeGreaterThan(0);
  expect(order.wasm, 'the WASM after the first paint').toBeGreaterThanOrEqual(order.paint);
  const paint = await paintRecord(page);
  expect(paint.takeover, 'the app took the prerendered page over').toBeGreaterThan(0);
  expect(paint.cls, 'no layout shift').toBe(0);
  // The largest paint was the prerendered content, before the app drew anything.
  expect(paint.lcp, `LCP (${paint.lcpTag}) before the takeover`).toBeLessThan(paint.takeover);
  // The app's page works: the first question answered leads to the next.
  await page.getByRole('radio', { name: '是', exact: true }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page).toHaveURL(/a\.married=yes/);
});

test('in English and 长辈版 the prerendered Chinese words are not shown, and the page comes in English', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('yishi.d.lang', 'en');
    localStorage.setItem('yishi.d.mode', 'elderly');
  });
  // Read when the HTML has been parsed, before the app could start: the prerendered page is
  // hidden behind the loading line.
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    const pre = document.getElementById('pre');
    (window as any).__preHidden = pre ? pre.hidden : 'not prerendered';
    (window as any).__bootBrand = document.querySelector('.ys-boot .ys-brand__name')?.textContent ?? null;
  }));
  await open(page, '/matters/birth-hukou-registration');
  expect(await page.evaluate(() => (window as any).__preHidden), 'the Chinese words stayed hidden').toBe(true);
  // In their place the boot screen of any other page: the brand bar and the loading line.
  expect(await page.evaluate(() => (window as any).__bootBrand), 'the brand bar while loading').toBe('一事');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Birth registration (hukou for a newborn)');
  await expect(page.locator('html')).toHaveClass(/ys-elderly/);
});

test('when the app cannot be loaded, the prerendered page stays and works as a plain page', {
  // The refused WASM is an uncaught error in the page, on purpose.
  annotation: { type: 'expect-panic' },
}, async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto('/events/newborn');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新生儿出生');
  // Not inert any more: its links are followed (the home page, prerendered too).
  await expect(page.locator('#pre')).not.toHaveAttribute('inert', /.*/, { timeout: 15_000 });
  await page.getByRole('link', { name: '跳过问题，直接查看全部事项和材料' }).click();
  await expect(page.getByRole('heading', { name: '材料清单（一次性告知）' })).toBeVisible();
});

test('a page that is not prerendered asks for its chunks with the main module, each once', async ({ page, server }) => {
  await signInByApi(page, server, '13800000001');
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await open(page, '/cases/case-lj10000102');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The loader added the route's preloads (the case split and the chunks it waits for)…
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload][fetchpriority=low]')]
    .map((l) => new URL((l as HTMLLinkElement).href).pathname));
  expect(preloaded.some((href) => /^\/split_case-[0-9a-f]{16}\.wasm$/.test(href)), `${preloaded}`).toBe(true);
  expect(preloaded.filter((href) => /^\/chunk_\d+-/.test(href)).length).toBeGreaterThan(0);
  // …and the app used them: no file of the split was fetched twice.
  for (const href of preloaded) {
    expect(asked.filter((p) => p === href), `${href} fetched once`).toHaveLength(1);
  }
});
