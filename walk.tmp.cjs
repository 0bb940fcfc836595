// Newcomer walk: a deep link to a case, signed out, through sign-in, back to the case, on to rate.
const { chromium } = require('playwright');
const base = process.argv[2];
const out = '/tmp/walk';
const profiles = [
  { name: 'zh', storage: {} },
  { name: 'en', storage: { 'yishi.d.lang': 'en' } },
  { name: 'elderly', storage: { 'yishi.d.mode': 'elderly' } },
  { name: 'mini', storage: {}, ua: 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 MicroMessenger/8.0 miniProgram' },
];
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  for (const p of profiles) {
    const ctx = await browser.newContext({ viewport: { width: 412, height: 915 }, userAgent: p.ua, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(r.status() + ' ' + r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base + '/config.json');
    await page.evaluate((s) => { for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v); }, p.storage);
    await page.goto(base + '/cases/case-lj10000102');
    await page.locator('.ys-sign-in-gate').waitFor();
    await page.screenshot({ path: `${out}/${p.name}-1-signed-out.png` });
    await page.locator('.ys-sign-in-gate a').click();
    await page.locator('#sign-in-phone').fill('13800000001');
    await page.locator('main form button[type=submit]').click();
    await page.locator('#sign-in-sent').waitFor();
    const { code } = await (await fetch(`${base}/_test/otp?phone=13800000001`)).json();
    await page.locator('#sign-in-code').fill(code);
    await page.screenshot({ path: `${out}/${p.name}-2-code.png` });
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/\/cases\/case-lj10000102$/);
    await page.getByText('LJ10000102').waitFor();
    await page.locator('.ys-rating-prompt a.ys-button').first().waitFor();
    await page.screenshot({ path: `${out}/${p.name}-3-case.png` });
    await page.locator('.ys-rating-prompt a.ys-button').first().click();
    await page.waitForURL(/\/rate/);
    await page.locator('main h1').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/${p.name}-4-rate.png` });
    // Reload the case: the session from sessionStorage, the page drawn before the check.
    await page.goto(base + '/cases/case-lj10000102');
    await page.getByText('LJ10000102').waitFor();
    await page.screenshot({ path: `${out}/${p.name}-5-reload.png` });
    console.log(p.name, 'ok', errors.length ? 'errors: ' + errors.join(' | ') : 'no console errors');
    await ctx.close();
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
