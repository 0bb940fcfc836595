// Issue 15: the messages centre (消息中心). The office asks for more material, the citizen sees
// the unread count in the top bar without a reload, opens the message and lands on the case;
// polling revalidates with the inbox's ETag and stops while the page is hidden; the inbox is
// kept on the device for its subject only and goes at sign-out; a backend without messages
// leaves no trace of them in the app; a message read offline stays read, its read waits in the
// outbox and reaches the backend when the network returns.
import AxeBuilder from '@axe-core/playwright';
import { withOwnServer, expect, open, signIn, signInByApi, refocus, apiAs, expectNoHorizontalScroll, type Server } from '../fixtures';
import type { Page } from '@playwright/test';

const ZHANG = '13800000001';

// A server of its own (so a worker of its own): these journeys move LJ10000102 through 补正,
// which other specs sharing a worker's server expect to find just accepted.
const test = withOwnServer();

/** The top bar's link to the inbox. */
const inboxLink = (page: Page) => page.locator('.ys-topbar__messages');

/** The unread count the top bar says to a screen reader ("消息，N 条未读" read as one link). */
async function unreadInTopBar(page: Page): Promise<number> {
  const badge = inboxLink(page).locator('.ys-badge');
  if ((await badge.count()) === 0) return 0;
  return Number(await badge.innerText());
}

async function askForSupplement(server: any, caseId: string) {
  await server.operator(`/cases/${caseId}/advance`, { to: 'under_review' });
  await server.operator(`/cases/${caseId}/advance`, {
    to: 'supplement_required',
    supplement_items: [
      { material_id: 'household_register', name: { 'zh-CN': '居民户口簿（户主页及本人页）', en: 'Household register' } },
      { name: { 'zh-CN': '房屋租赁登记备案证明原件', en: 'Tenancy registration certificate' } },
    ],
  });
}

test('operator asks for a supplement → the unread count → the message → the case', async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases');
  await signIn(page, server, ZHANG);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await expect(inboxLink(page)).toBeVisible();
  const inbox = await apiAs(page, '/messages');
  await expect.poll(() => unreadInTopBar(page)).toBe(inbox.unread);
  const before = inbox.unread;
  expect(before, 'the demo citizen has an open supplement request, unread').toBeGreaterThan(0);
  const caseId = (await apiAs(page, '/cases?limit=100')).items.find((c: any) => c.number === 'LJ10000102').id;

  // The office asks; the citizen comes back to the app (no reload) and sees one more unread.
  await askForSupplement(server, caseId);
  await refocus(page);
  await expect.poll(() => unreadInTopBar(page)).toBe(before + 1);
  // One link for a screen reader: its name says the count (the badge itself is hidden from it).
  await expect(inboxLink(page)).toHaveAccessibleName(new RegExp(`^消息\\s*${before + 1} 条未读$`));

  await inboxLink(page).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('消息');
  await expect(page).toHaveURL(/\/messages$/);
  const list = page.getByRole('list', { name: '消息列表' });
  const first = list.getByRole('listitem').first();
  await expect(first).toHaveClass(/ys-message--unread/);
  await expect(first).toContainText('请补正材料');
  await expect(first).toContainText('居民户口簿（户主页及本人页）');
  await expect(first).toContainText('LJ10000102');
  await expect(first).toContainText(/请于 \d{4}年\d{1,2}月\d{1,2}日 前处理/);
  await expect(page.locator('main .ys-messages__count')).toHaveText(`${before + 1} 条未读`);

  // By keyboard: the message is a link; Enter opens the case, and the message is read.
  await first.getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.locator('.ys-stage--large')).toHaveText('需要补正材料');
  await expect.poll(() => unreadInTopBar(page)).toBe(before);
  await expect.poll(async () => (await apiAs(page, '/messages')).unread, { message: 'the backend knows it was read' }).toBe(before);

  // Back in the inbox it is read; "mark all read" clears the badge, here and on the backend.
  await inboxLink(page).click();
  await expect(list.getByRole('listitem').first()).not.toHaveClass(/ys-message--unread/);
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已全部标为已读。' })).toBeAttached();
  await expect(page.getByRole('button', { name: '全部标为已读' })).toBeDisabled();
  await expect(inboxLink(page).locator('.ys-badge')).toHaveCount(0);
  await expect.poll(async () => (await apiAs(page, '/messages')).unread).toBe(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('消息');
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expect(inboxLink(page).locator('.ys-badge')).toHaveCount(0);
});

test('polling revalidates with the ETag, and asks nothing while the page is hidden', async ({ page, server }) => {
  await page.clock.install();
  await signInByApi(page, server, ZHANG);
  const polls: { status: number; ifNoneMatch?: string }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/messages') {
      polls.push({ status: r.status(), ifNoneMatch: r.request().headers()['if-none-match'] });
    }
  });
  await open(page, '/cases');
  await expect(inboxLink(page)).toBeVisible();
  await expect.poll(() => polls.length).toBeGreaterThan(0);
  expect(polls[0].status).toBe(200);

  // Coming back to the page: the kept copy's ETag, and a 304 without a body.
  await refocus(page);
  await expect.poll(() => polls.length).toBe(2);
  expect(polls[1].ifNoneMatch).toMatch(/^".+"$/);
  expect(polls[1].status).toBe(304);

  // The interval: once a minute while visible.
  await page.clock.fastForward('01:05');
  await expect.poll(() => polls.length).toBe(3);

  // Hidden: neither the interval nor a visibility event asks.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.clock.fastForward('05:00');
  await page.waitForTimeout(1000);
  expect(polls.length, 'no poll while hidden').toBe(3);

  // Visible again: it asks at once, and a message that came meanwhile shows.
  const caseId = (await apiAs(page, '/cases?limit=100')).items.find((c: any) => c.number === 'LJ10000102').id;
  const before = await unreadInTopBar(page);
  await askForSupplement(server, caseId);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => polls.length).toBe(4);
  expect(polls[3].status).toBe(200);
  await expect.poll(() => unreadInTopBar(page)).toBe(before + 1);
});

test('kept on the device for its subject, readable offline, gone at sign-out', async ({ page, server, context }) => {
  await signInByApi(page, server, ZHANG);
  await open(page, '/messages');
  await expect(page.getByRole('list', { name: '消息列表' }).getByRole('listitem').first()).toBeVisible();
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => /^yishi\.p\.[^.]+\.inbox/.test(k)));
  expect((await kept()).length, 'kept under the signed-in subject').toBeGreaterThan(0);
  expect((await kept()).every((k) => !k.startsWith('yishi.p.anon.'))).toBeTruthy();

  // Offline: the kept copy is still shown, with a clear word about the network.
  await context.setOffline(true);
  await refocus(page);
  await expect(page.locator('.ys-stale')).toBeVisible();
  await expect(page.getByRole('list', { name: '消息列表' }).getByRole('listitem').first()).toBeVisible();
  await context.setOffline(false);
  await page.locator('.ys-stale').getByRole('button', { name: '重试' }).click();
  await expect(page.locator('.ys-stale')).toHaveCount(0);

  await open(page, '/settings');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(inboxLink(page)).toHaveCount(0);
  expect(await kept(), 'wiped at sign-out').toEqual([]);
  await open(page, '/messages');
  await expect(page.getByText('登录后查看发给您的消息')).toBeVisible();
});

test('a backend without messages: no link, no badge, no polling, a clear word on the page', async ({ page, server }) => {
  let asked = 0;
  await page.route('**/api/v1/messages*', (r) => {
    asked++;
    return r.fulfill({ status: 404, contentType: 'application/problem+json', body: '{"type":"/api/v1/problems/not_found","title":"Not found","status":404,"code":"not_found"}' });
  });
  await signInByApi(page, server, ZHANG);
  await open(page, '/cases');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await expect.poll(() => asked).toBe(1);
  await expect(inboxLink(page)).toHaveCount(0);
  await refocus(page);
  await page.waitForTimeout(800);
  expect(asked, 'not asked again once the backend said no').toBe(1);
  // A deep link (a new start, which asks once more) still says something clear.
  await open(page, '/messages');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('消息');
  await expect(page.getByText('当前服务暂不提供消息')).toBeVisible();
  await expect(inboxLink(page)).toHaveCount(0);
  expect(asked).toBe(2);
});

for (const profile of [
  { name: 'English', lang: 'en', elderly: false },
  { name: '长辈版', lang: 'zh-CN', elderly: true },
]) {
  test(`the inbox in ${profile.name}: words, reflow and accessibility`, async ({ page, server }) => {
    await page.addInitScript(({ lang, elderly }) => {
      localStorage.setItem('yishi.d.lang', lang);
      localStorage.setItem('yishi.d.mode', elderly ? 'elderly' : 'standard');
    }, profile);
    await signInByApi(page, server, ZHANG);
    await askForSupplement(server, 'case-lj10000102');
    await open(page, '/messages');
    const heading = profile.lang === 'en' ? 'Messages' : '消息';
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    const first = page.locator('.ys-message').first();
    if (profile.lang === 'en') {
      await expect(first).toContainText('more material needed');
      await expect(first).toContainText('Household register');
      await expect(first).toContainText(/Due by \d{1,2} \w+ \d{4}/);
      await expect(page.getByRole('button', { name: 'Mark all as read' })).toBeEnabled();
    } else {
      await expect(page.locator('html')).toHaveClass(/ys-elderly/);
      await expect(first).toContainText('请补正材料');
    }
    await expect(page.locator('.ys-loading')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath(`inbox-${profile.name}.png`) });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page, `inbox at 320 px (${profile.name})`);
  });
}

test('inside a mini-program, "notify me in WeChat" hands over to the host; a plain browser has no such button', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  await page.route('**/config.json', (r) => r.fulfill({ json: { api_base: '/api/v1', subscribe_page: '/pages/subscribe/index?topic=messages' } }));
  await open(page, '/messages');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('消息');
  await expect(page.locator('.ys-message').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '在微信中接收消息通知' })).toHaveCount(0);

  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as any).__bridgeCalls = calls;
    (window as any).__wxjs_environment = 'miniprogram';
    (window as any).wx = { miniProgram: { postMessage() {}, navigateBack() {}, navigateTo: (o: unknown) => calls.push(['navigateTo', o]) } };
  });
  await open(page, '/messages');
  await page.getByRole('button', { name: '在微信中接收消息通知' }).click();
  expect(await page.evaluate(() => (window as any).__bridgeCalls)).toEqual([['navigateTo', { url: '/pages/subscribe/index?topic=messages' }]]);
});

test('read offline: the count drops at once, the read waits on the device and is sent when back online', async ({ page, server, context }) => {
  const token = await signInByApi(page, server, ZHANG);
  const serverUnread = async () => (await fetch(`${server.url}/api/v1/messages`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())).unread;
  // The office asks first, so the inbox's first answer already has the new message.
  const cases = await fetch(`${server.url}/api/v1/cases?limit=100`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
  await askForSupplement(server, cases.items.find((c: any) => c.number === 'LJ10000102').id);
  await open(page, '/messages');
  const list = page.getByRole('list', { name: '消息列表' });
  await expect(list.getByRole('listitem').first()).toHaveClass(/ys-message--unread/);
  const before = await serverUnread();
  expect(before).toBeGreaterThan(1);
  await expect.poll(() => unreadInTopBar(page)).toBe(before);
  const waiting = () => page.evaluate(() => Object.entries(localStorage)
    .filter(([k]) => /^yishi\.p\.[^.]+\.outbox$/.test(k))
    .flatMap(([, v]) => JSON.parse(v)).filter((e: any) => e.kind === 'read' || e.kind === 'read_all').length);

  // Offline: opening a message marks it read here at once; the backend does not know yet.
  await context.setOffline(true);
  await list.getByRole('listitem').first().getByRole('link').click();
  await expect.poll(() => unreadInTopBar(page)).toBe(before - 1);
  expect(await waiting(), 'the read waits in the outbox').toBe(1);
  expect(await serverUnread()).toBe(before);
  // Back in the inbox (still offline, the kept copy), the message shows read and the count holds.
  await inboxLink(page).click();
  await expect(list.getByRole('listitem').first()).not.toHaveClass(/ys-message--unread/);
  await refocus(page);
  expect(await unreadInTopBar(page)).toBe(before - 1);

  // Online again: the read is delivered, the outbox empties, the backend agrees, the count holds.
  await context.setOffline(false);
  await expect.poll(serverUnread, { message: 'the backend heard of the read' }).toBe(before - 1);
  await expect.poll(waiting).toBe(0);
  await refocus(page);
  await expect.poll(() => unreadInTopBar(page)).toBe(before - 1);

  // "Mark all read" offline, the same way.
  await context.setOffline(true);
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect.poll(() => unreadInTopBar(page)).toBe(0);
  expect(await serverUnread()).toBe(before - 1);
  await context.setOffline(false);
  await expect.poll(serverUnread).toBe(0);
  await expect.poll(waiting).toBe(0);
  expect(await unreadInTopBar(page)).toBe(0);
});
