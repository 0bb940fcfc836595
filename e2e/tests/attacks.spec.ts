// Issue 12: what an attacker found — an open redirect after sign-in, a session swapped in
// through `#token=`, one citizen's draft shown to the next on a shared phone, and cases looked
// up and rated by number and name alone.
import { test, expect, open, signIn, sessionToken, type Server } from '../fixtures';
import type { Page } from '@playwright/test';

const ZHANG = '13800000001';
const LI = '13800000002';
const APPLY = '/events/newborn/apply?a.married=yes&a.hukou_parent=father&a.insured=neither';
// What 李芳 types on the shared phone: none of it may reach the next person.
const A_ADDRESS = '幸福路1号（李芳填写）';
const A_BABY = '李小芳';
const A_OTHER_PARENT = '王五';
const LI_RESIDENT_ID = '220681199208150044';
const ZHANG_ADDRESS = '临江市建设大街88号3单元502室';

async function api(server: Server, token: string, path: string): Promise<any> {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.ok, `GET ${path}`).toBeTruthy();
  return res.json();
}

/** Everything the app keeps in this browser's localStorage, as one string. */
const deviceStore = (page: Page) => page.evaluate(() => JSON.stringify(localStorage));

/** 李芳 starts the newborn application on the shared phone: she changes the prefilled address
 *  and types her child's details; the draft is saved on the device. */
async function liFillsADraft(page: Page, server: Server) {
  await open(page, `/sign-in?next=${encodeURIComponent(APPLY)}`);
  await signIn(page, server, LI);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上申请');
  await expect(page.getByLabel('申请人公民身份号码')).toHaveValue(LI_RESIDENT_ID);
  await page.getByLabel('现居住地址').fill(A_ADDRESS);
  await page.getByLabel('孩子另一方父母姓名').fill(A_OTHER_PARENT);
  await page.getByLabel('新生儿姓名').fill(A_BABY);
  await expect(page.getByText(/草稿已于/)).toBeVisible();
  // And she searched for something.
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).fill('离婚登记');
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  expect(await deviceStore(page)).toContain(A_BABY);
}

/** 张晓明 signs in on the same browser and opens the same form: his profile, none of hers. */
async function zhangSeesOnlyHisOwn(page: Page, server: Server) {
  await open(page, `/sign-in?next=${encodeURIComponent(APPLY)}`);
  await signIn(page, server, ZHANG);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上申请');
  await expect(page.getByLabel('申请人（父亲或母亲）姓名')).toHaveValue('张晓明');
  await expect(page.getByLabel('现居住地址')).toHaveValue(ZHANG_ADDRESS);
  await expect(page.getByLabel('新生儿姓名')).toHaveValue('');
  await expect(page.getByLabel('孩子另一方父母姓名')).toHaveValue('');
  const kept = await deviceStore(page);
  for (const hers of [A_ADDRESS, A_BABY, A_OTHER_PARENT, LI_RESIDENT_ID, '离婚登记']) {
    expect(kept, `${hers} is still on the device`).not.toContain(hers);
  }
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).focus();
  await expect(page.getByText('离婚登记')).toHaveCount(0);
}

test('shared phone: a citizen who closes the tab without signing out leaves nothing for the next', async ({ page, server, context }) => {
  await liFillsADraft(page, server);
  await page.close(); // the tab is closed; her session token goes with it
  const next = await context.newPage();
  await open(next, '/');
  // The next person, signed out, already finds nothing of hers.
  const kept = await deviceStore(next);
  expect(kept).not.toContain(A_BABY);
  expect(kept).not.toContain(A_ADDRESS);
  await zhangSeesOnlyHisOwn(next, server);
  await next.close();
});

/** Ends the page's session on the server, as expiry or a sign-out elsewhere does: the page
 *  is not told; its next request is refused. */
async function endSessionBehindThePage(page: Page, server: Server) {
  const token = await page.evaluate(() => sessionStorage.getItem('yishi.token'));
  const res = await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(204);
}

test('shared phone: when her session ends without sign-out, the next citizen to sign in sees none of her draft', async ({ page, server }) => {
  await liFillsADraft(page, server);
  await endSessionBehindThePage(page, server);
  // Her next step finds the session gone…
  await page.getByRole('link', { name: '我的办件' }).first().click();
  await expect(page.getByText('登录后查看您的办件。')).toBeVisible();
  // …and what she kept is not shown to whoever uses the phone now.
  await page.getByRole('combobox', { name: '搜索事项或一件事' }).focus();
  await expect(page.getByText('离婚登记')).toHaveCount(0);
  await page.keyboard.press('Escape');
  // The next citizen signs in on the same tab.
  await page.getByRole('main').getByRole('link', { name: '登录' }).click();
  await signIn(page, server, ZHANG);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  expect(await deviceStore(page)).not.toContain(A_BABY);
  await zhangSeesOnlyHisOwn(page, server);
});

test('shared phone: the same citizen signing in again after expiry finds her draft', async ({ page, server }) => {
  await liFillsADraft(page, server);
  await open(page, APPLY);
  await expect(page.getByLabel('新生儿姓名')).toHaveValue(A_BABY);
  await endSessionBehindThePage(page, server);
  await page.getByRole('link', { name: '我的办件' }).first().click();
  await expect(page.getByText('登录后查看您的办件。')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: '登录' }).click();
  await signIn(page, server, LI);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await open(page, APPLY);
  await expect(page.getByLabel('新生儿姓名')).toHaveValue(A_BABY);
  await expect(page.getByLabel('现居住地址')).toHaveValue(A_ADDRESS);
});

for (const next of ['/\t/evil.example/', '/%09/evil.example/', '/\\/evil.example/', '//evil.example/', 'https://evil.example/']) {
  test(`sign-in never leaves the app for next=${JSON.stringify(next)}`, async ({ page, server }) => {
    const outside: string[] = [];
    await page.route((url) => url.hostname.endsWith('evil.example'), (r) => { outside.push(r.request().url()); return r.abort(); });
    await open(page, `/sign-in?next=${encodeURIComponent(next)}`);
    await signIn(page, server, ZHANG);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(outside).toEqual([]);
  });
}

test('a #token= link in an ordinary browser signs nobody in and replaces no session', async ({ page, server }) => {
  const attacker = await sessionToken(server, LI);
  // Signed out: the link does not sign the citizen into the attacker's account.
  await open(page, `/cases#token=${encodeURIComponent(attacker)}`);
  await expect(page.getByText('登录后查看您的办件。')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '只能在小程序中使用' })).toBeVisible();
  expect(page.url()).not.toContain('token');
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).toBeNull();
  // Signed in: the citizen stays who they are.
  await open(page, '/sign-in');
  await signIn(page, server, ZHANG);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await open(page, `/cases#token=${encodeURIComponent(attacker)}`);
  await expect(page.locator('.ys-case-card', { hasText: 'LJ10000101' })).toBeVisible();
  await expect(page.locator('.ys-case-card', { hasText: 'LJ20000101' })).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('yishi.token'))).not.toBe(attacker);
});

test('lookup and rating without sign-in need the query code from the receipt', async ({ page, server }) => {
  const owner = await sessionToken(server, ZHANG);
  const closed = await api(server, owner, '/cases/case-lj10000109');
  const code: string = closed.query_code;
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

  await open(page, '/lookup');
  await page.getByLabel('办件编号').fill('LJ10000109');
  // The applicant's name is not a key: a wrong code finds nothing.
  await page.getByLabel('查询码').fill('2222-2222');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('alert')).toContainText('没有找到这个办件');
  // Typed as people type it: lower case, no hyphen.
  await page.getByLabel('查询码').fill(code.toLowerCase().replace('-', ''));
  await page.getByRole('button', { name: '查询' }).click();
  const result = page.locator('.ys-lookup-result');
  await expect(result).toBeVisible();
  await expect(result).toContainText('已办结');
  await expect(result).not.toContainText('张');
  // Only the fixed stage names: no office note.
  await expect(result.locator('.ys-timeline__note')).toHaveCount(0);
  await expect(result).not.toContainText('运单号');

  await result.getByRole('button', { name: '评价本次办事' }).click();
  await page.getByLabel('非常满意').check();
  await page.getByRole('button', { name: '预览评价' }).click();
  await page.getByRole('button', { name: '提交评价' }).click();
  // Delivered at once (not waiting on the device): the thank-you without the waiting line.
  await expect(result.getByRole('status')).toContainText('谢谢您的评价');
  await expect(result.getByRole('status')).not.toContainText('等待发送');
  // Marked as sent without signing in, and the applicant's own rating is still open to him.
  const mine = await api(server, owner, '/cases/case-lj10000109');
  expect(mine.ratable).toContain('completion');
  const ratings = await api(server, owner, '/ratings');
  expect(ratings.items.filter((r: any) => r.case_number === 'LJ10000109')).toEqual([]);
});

test('the case page shows its query code to the applicant', async ({ page, server }) => {
  const owner = await sessionToken(server, ZHANG);
  const { query_code } = await api(server, owner, '/cases/case-lj10000105');
  await open(page, `/sign-in?next=${encodeURIComponent('/cases/case-lj10000105')}`);
  await signIn(page, server, ZHANG);
  await expect(page.locator('.ys-query-code')).toHaveText(query_code);
  await expect(page.getByText('不要告诉陌生人')).toBeVisible();
});
