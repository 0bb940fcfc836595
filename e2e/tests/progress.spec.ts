// Issue 5: a case moves through supplement required to closed, the page follows on refocus and
// on pull-to-refresh, and another citizen can never see it.
import { test, expect, open, signIn, apiAs, refocus, pullDown, afterFrames, sessionToken } from '../fixtures';

test('a case moves through 补正 to 办结 and the page follows it', async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases');
  await signIn(page, server, '13800000001');
  await page.locator('.ys-case-card', { hasText: 'LJ10000102' }).getByRole('link').click();
  await expect(page.locator('.ys-stage--large')).toHaveText('已受理');
  const caseId = page.url().split('/cases/')[1];

  await server.operator(`/cases/${caseId}/advance`, { to: 'under_review' });
  // A short drag does nothing; pulling down from the top refreshes.
  await page.evaluate(() => {
    const at = (y: number) => new Touch({ identifier: 1, target: document.body, clientX: 120, clientY: y });
    document.body.dispatchEvent(new TouchEvent('touchstart', { touches: [at(100)], changedTouches: [at(100)], bubbles: true }));
    document.body.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [at(130)], bubbles: true }));
  });
  await page.waitForTimeout(1500);
  await expect(page.locator('.ys-stage--large')).toHaveText('已受理');
  await pullDown(page);
  await expect(page.locator('.ys-stage--large')).toHaveText('审查中');

  await server.operator(`/cases/${caseId}/advance`, {
    to: 'supplement_required',
    supplement_items: [
      { material_id: 'household_register', name: { 'zh-CN': '居民户口簿（户主页及本人页）' } },
      { name: { 'zh-CN': '房屋租赁登记备案证明原件' } },
    ],
  });
  await refocus(page);
  await expect(page.locator('.ys-stage--large')).toHaveText('需要补正材料');
  const supplement = page.getByRole('region', { name: '请补正以下材料' });
  await expect(supplement).toContainText('居民户口簿（户主页及本人页）');
  await expect(supplement).toContainText('房屋租赁登记备案证明原件');
  await expect(page.locator('.ys-deadline')).toContainText('计时暂停');

  // Chosen, reviewed, then sent; the paper-only item says where to bring it.
  await supplement.locator('input[type=file]').setInputFiles({ name: 'hukou.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await expect(supplement.getByText(/hukou\.pdf/)).toBeVisible();
  // A phone's file picker or camera takes the page away; coming back refreshes the case. The
  // chosen file stays chosen, and the focus stays where it was, when the case has not changed.
  const send = supplement.getByRole('button', { name: '发送这份材料' });
  await send.focus();
  const refreshed = page.waitForResponse((r) => r.url().includes(`/api/v1/cases/${caseId}`));
  await refocus(page);
  await refreshed;
  await afterFrames(page);
  await expect(supplement.getByText(/hukou\.pdf/)).toBeVisible();
  await expect(send).toBeFocused();
  // Nor does a refresh that fails (the network gone on the way back) take the choice away.
  await page.context().setOffline(true);
  await refocus(page);
  await expect(page.locator('.ys-stale')).toBeVisible();
  await expect(supplement.getByText(/hukou\.pdf/)).toBeVisible();
  await page.context().setOffline(false);
  await supplement.getByRole('button', { name: '发送这份材料' }).click();
  await expect(supplement.getByText('已收到')).toBeVisible();
  await expect(supplement).toContainText('请把这份材料送到下面的窗口。');

  for (const to of ['under_review', 'approved']) await server.operator(`/cases/${caseId}/advance`, { to });
  await server.operator(`/cases/${caseId}/advance`, { to: 'delivered', delivery: { method: 'post', detail: { 'zh-CN': 'EMS 1234567890' } } });
  await server.operator(`/cases/${caseId}/advance`, { to: 'closed' });
  await refocus(page);
  await expect(page.locator('.ys-stage--large')).toHaveText('已办结');
  await expect(page.locator('.ys-timeline__item--current')).toContainText('已办结');
  await expect(page.getByRole('link', { name: '评价本次办事' })).toBeVisible();
});

test('a citizen can withdraw an undecided case after confirming', async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases%2Fcase-lj10000101');
  await signIn(page, server, '13800000001');
  await page.getByRole('button', { name: '撤回这件申请' }).click();
  await page.getByRole('button', { name: '不撤回' }).click();
  await expect(page.locator('.ys-stage--large')).toHaveText('已收件');
  await page.getByRole('button', { name: '撤回这件申请' }).click();
  await page.getByRole('button', { name: '确定撤回' }).click();
  await expect(page.locator('.ys-stage--large')).toHaveText('已撤回');
  await expect(page.getByRole('button', { name: '撤回这件申请' })).toHaveCount(0);
});

test('another citizen cannot see the case by list, by URL or by lookup without its query code', async ({ page, server }) => {
  await open(page, '/sign-in?next=%2Fcases');
  await signIn(page, server, '13800000002');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办件');
  await expect(page.locator('.ys-case-card').first()).toBeVisible();
  await expect(page.locator('.ys-case-card', { hasText: 'LJ10000102' })).toHaveCount(0);
  const mine = await apiAs(page, '/cases');
  expect(JSON.stringify(mine)).not.toContain('LJ10000102');

  await open(page, '/cases/case-lj10000102');
  await expect(page.getByRole('alert')).toContainText('没有找到这项内容');
  await expect(page.getByText('LJ10000102')).toHaveCount(0);

  await open(page, '/lookup');
  await page.getByLabel('办件编号').fill('LJ10000102');
  await page.getByLabel('查询码').fill('2222-2222');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('alert')).toContainText('没有找到这个办件');
  // With the code on the applicant's receipt, the public view has the stage but no personal data.
  const token = await sessionToken(server, '13800000001');
  const receipt = await (await fetch(`${server.url}/api/v1/cases/case-lj10000102`, { headers: { Authorization: `Bearer ${token}` } })).json();
  await page.getByLabel('查询码').fill(receipt.query_code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.ys-lookup-result')).toBeVisible();
  await expect(page.locator('.ys-lookup-result')).not.toContainText('张晓明');
});
