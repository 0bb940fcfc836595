// The citizen's core journeys in an engine Playwright cannot drive here (issue 12): WebKitGTK
// (the engine of iPhones and of WeChat on iOS) or Firefox ESR, over W3C WebDriver, against the
// reference server in test mode with a fresh database. Run by run.sh:
//   YISHI_ENGINE=webkit node --test-reporter=spec e2e/engines/journeys.test.mjs
// The journeys run in order in one browser, as one citizen on one device: signed out from a
// link, through search, a life event and a guide, sign-in, a case, and a rating sent while the
// backend is down. Each fails on an uncaught error, a panic or a CSP violation in the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, TestServer } from './webdriver.mjs';

const ENGINE = process.env.YISHI_ENGINE ?? 'webkit';
const SCREENSHOTS = process.env.YISHI_ENGINE_SCREENSHOTS === '1';
const PHONE = '13800000001';
const SEARCH = '搜索事项或一件事';
const HEADINGS = 'h1, h2, h3, h4, [role=heading]';

let server;
let browser;

/** One journey: fails on errors in the page; a screenshot on failure (and on request). */
function journey(name, fn) {
  it(name, async () => {
    try {
      await fn();
      await browser.assertNoErrors();
      if (SCREENSHOTS) await browser.screenshot(name);
    } catch (e) {
      const shot = await browser.screenshot(`FAILED-${name}`).catch(() => 'none');
      e.message += `\n  url: ${await browser.path().catch(() => '?')}\n  screenshot: ${shot}`;
      throw e;
    }
  });
}

/** 'ready' once the page's service worker is active, else (after 15 s) what the registration
 *  and the caches hold, for the failure message. */
function workerState() {
  return browser.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    const timer = setTimeout(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      const names = await caches.keys();
      const kept = await Promise.all(names.map(async (n) => n + ' ' + (await (await caches.open(n)).keys()).length));
      done(r ? 'not ready: installing ' + (r.installing && r.installing.state) + ', active ' + (r.active && r.active.state) + '; caches: ' + kept.join(', ')
        : 'not ready: no registration');
    }, 15000);
    navigator.serviceWorker.ready.then(() => { clearTimeout(timer); done('ready'); }, (e) => done('failed: ' + e));`);
}

/** 'kept' once the service worker holds every file it keeps when the citizen comes back
 *  (`LATER_FILES` in sw.js), else (after 15 s) what is missing. */
function keptApp() {
  return browser.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    const started = Date.now();
    const check = async () => {
      const source = await (await fetch('/sw.js')).text();
      const later = JSON.parse(/const LATER_FILES = (\\[.*\\]);/.exec(source)[1]);
      const name = (await caches.keys()).find((n) => n.startsWith('yishi-shell-'));
      const kept = name ? new Set((await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)) : new Set();
      const missing = later.filter((f) => !kept.has(f));
      if (missing.length === 0) return done('kept');
      if (Date.now() - started > 15000) return done('missing: ' + missing.join(', '));
      setTimeout(check, 250);
    };
    check().catch((e) => done('failed: ' + e));`);
}

async function heading1() {
  return (await browser.find('main h1', null, 'the page heading')).getText();
}

async function expectNoHorizontalScroll(what) {
  const overflow = await browser.eval('return document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.ok(overflow <= 0, `${what}: the page scrolls sideways by ${overflow}px`);
}

/** Types a query into the search box and waits for the first suggestion to name `expected`. */
async function expectFirstSuggestion(query, expected) {
  await browser.fill(SEARCH, query);
  await browser.waitFor(async () => {
    const first = await browser.eval('const o = document.querySelector("[role=option]"); return o && o.getAttribute("aria-label")');
    return first && first.includes(expected) ? first : null;
  }, `the first suggestion for ${query} to name ${expected}`);
}

/** Answers the visible situational question with a choice and goes on. */
async function answer(choice) {
  await browser.check(choice);
  await browser.click('button', '下一步');
}

describe(`${ENGINE}: the core journeys`, () => {
  before(async () => {
    server = new TestServer();
    await server.start();
    browser = await Browser.launch(ENGINE);
    browser.baseUrl = server.url;
    await browser.driver.get(server.url + '/');
    // The first visit stays until the service worker has installed: WebKitGTK 2.50 can leave a
    // first install hung for good (and every later register or unregister queued behind it)
    // when its page is navigated away mid-install (docs/engines.md, "What they found").
    await workerState();
    const ran = await browser.describe();
    // Which engine ran, for the log (docs/engines.md records them).
    console.log(`ENGINE ${ran.engine}: ${ran.browser} (package ${ran.package}), viewport ${ran.viewport}, UA ${ran.userAgent}`);
  });

  after(async () => {
    if (browser) await browser.quit();
    if (server) await server.dispose();
  });

  journey('home', async () => {
    await browser.open('/');
    assert.equal(await heading1(), '办好一件事');
    const events = await browser.texts('.ys-card');
    assert.ok(events.length >= 5, `life events on the home page: ${events.length}`);
    assert.ok(events.some((e) => e.includes('新生儿出生')), '新生儿出生 is offered');
    await expectNoHorizontalScroll('home');
  });

  journey('search: initials, pinyin and a typo find 社会保障卡', async () => {
    await browser.open('/');
    await expectFirstSuggestion('sbk', '社会保障卡');
    await expectFirstSuggestion('shebaoka', '社会保障卡');
    // 章 for 障 (both zhang): the typo a pinyin keyboard makes.
    await expectFirstSuggestion('社会保章卡', '社会保障卡');
    await browser.click('[role=option]');
    await browser.waitFor(async () => /\/(matters|events)\//.test(await browser.path()), 'the suggestion to open its page');
    assert.match(await heading1(), /社会保障卡/);
  });

  journey('a life event answered to its checklist', async () => {
    await browser.open('/events/newborn');
    assert.equal(await heading1(), '新生儿出生');
    await answer('是');
    await answer('随父亲');
    await answer('都没有');
    await browser.find(HEADINGS, '材料清单（一次性告知）');
    // Every line: what to bring (one per person), and the folded parts (fill in online, nothing
    // to do), read from the page whether folded or not.
    const lines = () => browser.texts('.ys-check__name, .ys-plain-item > .ys-strong');
    const materials = await lines();
    assert.ok(materials.includes('结婚证'), `the checklist asks for 结婚证: ${materials}`);
    assert.equal(materials.filter((m) => m === '结婚证').length, 1, 'a material several matters need is listed once');
    assert.ok(!materials.join().includes('亲子鉴定'), 'no paternity test for a married couple');
    // The answers live in the URL: a reload (or a shared link) shows the same plan.
    await browser.reload();
    await browser.find(HEADINGS, '材料清单（一次性告知）');
    assert.deepEqual(await lines(), materials);
    await expectNoHorizontalScroll('checklist');
  });

  journey('a matter guide, reached from the life event', async () => {
    await browser.click('button', '展开全部');
    const link = await browser.find('.ys-steps__matter > a');
    const name = (await link.getText()).trim();
    await browser.scrollIntoView(link);
    await link.click();
    await browser.waitFor(async () => (await heading1()) === name, `the guide of ${name}`);
    assert.match(await browser.path(), /^\/matters\//);
    await browser.find(HEADINGS, '申请材料');
    await browser.find(HEADINGS, '办理地点与时间');
    await expectNoHorizontalScroll('guide');
  });

  journey('sign-in with the one-time code, back to my cases', async () => {
    await browser.open('/cases');
    await browser.click('main a', '登录');
    await browser.fill('手机号码', PHONE);
    await browser.click('button', '获取验证码');
    await browser.control('短信验证码');
    await browser.fill('短信验证码', await server.otp(PHONE));
    await browser.click('main button', /^登录$/);
    await browser.waitFor(async () => (await browser.path()) === '/cases', 'sign-in to return to /cases');
    assert.equal(await heading1(), '我的办件');
  });

  journey('a case page with its whole timeline', async () => {
    await browser.click('a', /^已办结/);
    const card = await browser.find('.ys-case-card', 'LJ10000109');
    const link = await card.findElement({ css: 'a' });
    await browser.scrollIntoView(link);
    await link.click();
    await browser.find(HEADINGS, '办理过程');
    await browser.waitFor(async () => (await browser.texts('.ys-timeline__item')).length === 7, 'seven stages in the timeline');
    const current = await browser.texts('.ys-timeline__item--current');
    assert.ok(current.length === 1 && current[0].includes('已办结'), `the current stage: ${current}`);
    await expectNoHorizontalScroll('case');
  });

  journey('a rating sent while the backend is down is kept and delivered exactly once', async () => {
    const number = 'LJ10000108';
    await browser.open(`/cases/case-${number.toLowerCase()}`);
    await browser.click('a', '评价本次办事');
    await browser.check('非常不满意');
    const reason = await browser.find('input[type=checkbox]', null, 'a reason for the bad rating');
    await browser.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', reason);
    await (await reason.isDisplayed() ? reason.click() : browser.eval('arguments[0].labels[0].click()', reason));
    await browser.fill('意见和建议（选填）', '材料要求前后不一致。');
    await browser.click('button', '预览评价');
    // A fresh device: the first submission asks for consent.
    await browser.check('我已了解一事', { exact: false });

    await server.stop(); // the backend is unreachable; its database file stays
    await browser.click('button', '提交评价');
    await browser.find('main', '等待发送', 'the rating to wait on the device');
    if (SCREENSHOTS) await browser.screenshot('rating-waiting-backend-down');
    // Personal values are kept under the signed-in subject's tag: yishi.p.<owner>.outbox.
    const kept = await browser.eval(`const key = Object.keys(localStorage).find((k) => /^yishi\\.p\\.[^.]+\\.outbox$/.test(k));
      return JSON.parse((key && localStorage.getItem(key)) || "[]")`);
    assert.equal(kept.length, 1, 'one rating kept on the device');
    assert.equal(kept[0].status, 'waiting');
    // From the thank-you back to the case, which lists the rating waiting on the device.
    await browser.click('a', '返回办件');
    await browser.find('main', '等待发送', 'the case to list the waiting rating');

    await server.start(); // back on the same port with the same database
    // Nobody touches the page: the outbox's own retry timer delivers it.
    await browser.find('.ys-rating-done', '非常不满意', 'the rating to be delivered', 90_000);
    const token = await browser.eval('return sessionStorage.getItem("yishi.token")');
    const ratings = (await server.api('/ratings', token)).items.filter((r) => r.case_number === number);
    assert.equal(ratings.length, 1, `exactly one rating for ${number}: ${JSON.stringify(ratings)}`);
    assert.equal(ratings[0].level, 1);

    await browser.reload();
    await browser.find('.ys-rating-done', '非常不满意');
    assert.ok(!(await browser.has('a', '评价本次办事')), 'a rated case offers no second rating');
    const ratingsAfter = (await server.api('/ratings', token)).items.filter((r) => r.case_number === number);
    assert.equal(ratingsAfter.length, 1, 'still exactly one rating after a reload');
  });

  // Safari has service workers (iOS WeChat has none: docs/devices.md, check 9).
  journey('after a return, the app starts and searches with the backend down (service worker)', async () => {
    await browser.open('/');
    assert.equal(await workerState(), 'ready', 'the service worker is installed');
    // The citizen comes back (a navigation: Firefox's WebDriver reload bypasses the worker, as
    // a forced reload does); the worker answers this start, and the app asks it to keep the
    // rest of the app.
    await browser.open('/');
    assert.equal(await keptApp(), 'kept', 'the rest of the app kept on the return');
    await server.stop();
    try {
      await browser.open('/');
      assert.equal(await heading1(), '办好一件事');
      await expectFirstSuggestion('sbk', '社会保障卡');
      // A page never opened on this device: its code (a chunk) was kept on the return.
      await browser.open('/privacy');
      await browser.waitFor(async () => (await heading1()) === '隐私说明', 'the privacy page offline');
    } finally {
      await server.start();
    }
  });

  // The watch above must be able to fail on this engine: a real WASM panic (the app's test
  // hook) is seen, and public/crash.js draws its error screen.
  it('the error watch sees a WASM panic in this engine', async () => {
    await browser.open('/');
    await browser.eval('setTimeout(() => window.wasmBindings.yishi_simulate_crash(), 0)');
    await browser.find('.ys-crash', '页面出了点问题', 'the crash screen');
    await browser.drainErrors();
    const seen = browser.errors.splice(0);
    assert.ok(seen.some((e) => e.includes('simulated crash (test hook)')), `the panic is reported: ${seen}`);
    assert.ok(seen.some((e) => e.startsWith('crash screen shown')), `the crash screen is reported: ${seen}`);
  });
});

// WeChat on iOS opens the app in a mini-program web-view, and its engine is WebKit: the host
// draws the top bar, signs the citizen in before it opens a page (the token in the fragment), and
// has no service worker. One citizen there, in 长辈版, goes from the host's link to a case
// through the language switch to a rating and back, across full loads and in-app navigation.
// (Android's web-view is Chromium: Playwright's miniprogram project.)
const WECHAT_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
  + 'Mobile/15E148 MicroMessenger/8.0.50(0x1800323d) NetType/WIFI Language/zh_CN miniProgram/wx1234567890abcdef';

const htmlClass = () => browser.eval('return document.documentElement.className');

describe(`${ENGINE}: a mini-program web-view (WeChat on iOS), in 长辈版, then in English`,
  { skip: ENGINE !== 'webkit' && 'WeChat on iOS is WebKit; the other web-views are Chromium' }, () => {
    const CASE = 'LJ10000109';
    let token;

    before(async () => {
      server = new TestServer();
      await server.start();
      browser = await Browser.launch(ENGINE, { userAgent: WECHAT_IOS });
      browser.baseUrl = server.url;
      token = await server.signIn(PHONE);
    });

    after(async () => {
      if (browser) await browser.quit();
      if (server) await server.dispose();
    });

    journey('the web-view: the host draws the top bar; 长辈版 chosen on the home page', async () => {
      await browser.open('/');
      assert.match(await htmlClass(), /\bys-embedded\b/);
      assert.ok(!(await browser.has('.ys-topbar a', '一事')), 'no brand link of our own under the host\u2019s bar');
      await browser.click('button', '使用长辈版');
      await browser.waitFor(async () => /\bys-elderly\b/.test(await htmlClass()), '长辈版 to be on');
      await expectNoHorizontalScroll('home in 长辈版');
    });

    journey('the host\u2019s link to a case signs in, says who, and keeps 长辈版', async () => {
      await browser.open(`/cases/case-${CASE.toLowerCase()}#token=${encodeURIComponent(token)}`);
      await browser.find('[role=status]', '小程序已为您登录', 'the hand-over notice');
      await browser.find(HEADINGS, '办理过程');
      assert.ok((await browser.texts('main')).join(' ').includes(CASE), `the case ${CASE} is shown`);
      assert.ok(!(await browser.eval('return location.href')).includes('token'), 'the token left the address');
      assert.match(await htmlClass(), /\bys-elderly\b/);
      await expectNoHorizontalScroll('case in 长辈版');
    });

    journey('English from the settings page, then back to the case in English', async () => {
      await browser.click('footer a', /^我的$/);
      await browser.waitFor(async () => (await browser.path()) === '/settings', 'the settings page');
      // The language is fixed per page load: the choice reloads the page (so no wait for the
      // radio button to read as checked: its page is gone).
      const english = await browser.control('English');
      await browser.scrollIntoView(english);
      await (await english.isDisplayed() ? english.click() : browser.eval('arguments[0].labels[0].click()', english));
      await browser.waitFor(async () => (await browser.eval('return document.documentElement.lang')) === 'en',
        'the settings page again, in English');
      await browser.waitForApp();
      await browser.driver.navigate().back();
      await browser.waitFor(async () => (await browser.path()) === `/cases/case-${CASE.toLowerCase()}`, 'back on the case');
      await browser.waitForApp();
      await browser.find(HEADINGS, 'What has happened');
      assert.match(await htmlClass(), /\bys-elderly\b/);
      // Large English type on a narrow screen: the refresh button beside the time keeps its
      // word whole (it broke as "Refres/h").
      const lines = await browser.eval(`const range = document.createRange();
        range.selectNodeContents(document.querySelector('.ys-refresh button'));
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size`);
      assert.equal(lines, 1, 'the refresh button on one line');
      assert.ok(!(await browser.has('main a', 'Sign in')), 'still signed in after the reload and back');
    });

    journey('a rating in English, through its preview, and back to the rated case', async () => {
      await browser.click('main a', 'Rate this service');
      await browser.check('Very satisfied');
      await browser.click('button', 'Preview');
      await browser.check('I understand that Yishi', { exact: false });
      await browser.click('button', 'Submit rating');
      await browser.click('a', 'Back to the case');
      await browser.find('.ys-rating-done', 'Very satisfied', 'the rating on the case');
      const ratings = (await server.api('/ratings', token)).items.filter((r) => r.case_number === CASE);
      assert.equal(ratings.length, 1, `exactly one rating for ${CASE}: ${JSON.stringify(ratings)}`);
      assert.equal(ratings[0].level, 5);
      await expectNoHorizontalScroll('rated case in 长辈版, English');
    });
  });
