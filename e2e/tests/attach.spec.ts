// Issue 16: a form that attaches a held licence instead of an upload. On the combined form a
// material the citizen holds as an electronic licence offers "use my electronic licence" (the
// default) or an upload; the licences used are named in a consent ticked once per application;
// check-your-answers lists the licence, the case lists it (name, masked number) where a file
// would be, and 用证记录 shows the use with the case number. In English and 长辈版 too; a backend
// without licences leaves the form with uploads only.
import AxeBuilder from '@axe-core/playwright';
import { withOwnServer, expect, open, signInByApi, apiAs, expectNoHorizontalScroll } from '../fixtures';
import type { Page } from '@playwright/test';

const ZHANG = '13800000001';
// A server of its own: the licence uses these journeys record must not meet other specs'.
const test = withOwnServer();

const APPLY = '/events/school-enrolment/apply?a.stage=primary&a.local_hukou=yes&a.housing=rent';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

function residentId(base17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return base17 + '10X98765432'[sum % 11];
}

const axe = async (page: Page) => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
};

/** Fills what the profile does not prefill; the register stays a licence, the lease a file. */
async function fillSchoolForm(page: Page, w: Words) {
  await page.getByLabel(w.childName).fill('张小宝');
  await page.getByLabel(w.childId).fill(residentId('22068120190615001'));
  await page.getByLabel(w.childBirth).fill('2019-06-15');
  await page.locator('#field-lease').setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.locator('.ys-uploaded').filter({ hasText: 'lease.pdf' })).toBeVisible();
}

type Words = {
  childName: string; childId: string; childBirth: string; register: string; lease: string;
  useLicence: string; upload: string; given: string; continue: string; checkTitle: string;
  consentTitle: string; consentMissing: string; appConsent: RegExp; submit: string; done: string;
  track: string; materials: string; file: string; usesShow: string; usesList: string; attached: string;
};

const ZH: Words = {
  childName: '孩子姓名', childId: '孩子公民身份号码', childBirth: '孩子出生日期',
  register: '孩子所在户的居民户口簿', lease: '住房租赁合同（已登记备案）',
  useLicence: '使用我的电子证照', upload: '上传文件', given: '电子证照：居民户口簿（2206****5021）',
  continue: '继续：检查申请', checkTitle: '检查您的申请', consentTitle: '同意使用电子证照',
  consentMissing: '请勾选同意使用电子证照，或改为上传文件。', appConsent: /我已了解一事会/,
  submit: '确认并提交申请', done: '申请已提交', track: '查看办理进度', materials: '提交的材料',
  file: '文件：lease.pdf', usesShow: '查看用证记录', usesList: '用证记录列表', attached: '居民户口簿 · 随申请引用',
};

const EN: Words = {
  childName: "Child's name", childId: "Child's citizen ID number", childBirth: "Child's date of birth",
  register: 'The household register the child is on', lease: 'Registered tenancy agreement',
  useLicence: 'Use my electronic licence', upload: 'Upload a file', given: 'Electronic licence: Household register (2206****5021)',
  continue: 'Continue: check your application', checkTitle: 'Check your application', consentTitle: 'Consent to use your electronic licences',
  consentMissing: 'Tick to agree to the use of your electronic licences, or upload the files instead.', appConsent: /I understand that Yishi/,
  submit: 'Confirm and send the application', done: 'Application submitted', track: 'Track its progress', materials: 'Material you gave',
  file: 'File: lease.pdf', usesShow: 'Show who used my licences', usesList: 'Licence uses', attached: 'Household register · Attached to an application',
};

for (const profile of [
  { name: 'zh-CN', lang: 'zh-CN', elderly: false, w: ZH },
  { name: 'English', lang: 'en', elderly: false, w: EN },
  { name: '长辈版', lang: 'zh-CN', elderly: true, w: ZH },
]) {
  test(`a citizen applies with a held licence instead of an upload (${profile.name})`, async ({ page, server }) => {
    const { w } = profile;
    await page.addInitScript(({ lang, elderly }) => {
      localStorage.setItem('yishi.d.lang', lang);
      localStorage.setItem('yishi.d.mode', elderly ? 'elderly' : 'standard');
    }, profile);
    await signInByApi(page, server, ZHANG);
    await open(page, APPLY);
    if (profile.elderly) await expect(page.locator('html')).toHaveClass(/ys-elderly/);

    // The register is held: "use my electronic licence" is chosen, and no file is asked.
    const register = page.locator('.ys-field').filter({ hasText: w.register });
    const useIt = register.getByRole('radio', { name: new RegExp(w.useLicence) });
    await expect(useIt).toBeChecked();
    await expect(register).toContainText('2206****5021');
    await expect(page.locator('#field-hukou_file')).toBeHidden();
    // The lease is no licence: a file as always.
    await expect(page.locator('.ys-field').filter({ hasText: w.lease }).getByRole('radio')).toHaveCount(0);
    // By keyboard: the other choice shows the file input, and back.
    await useIt.focus();
    await page.keyboard.press('ArrowDown');
    await expect(register.getByRole('radio', { name: w.upload })).toBeChecked();
    await expect(page.locator('#field-hukou_file')).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await expect(useIt).toBeChecked();
    await expect(page.locator('#field-hukou_file')).toBeHidden();

    await fillSchoolForm(page, w);
    await page.screenshot({ path: test.info().outputPath(`attach-form-${profile.name}.png`), fullPage: true });
    await axe(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page, `the form at 320 px (${profile.name})`);
    await page.setViewportSize({ width: 412, height: 915 });

    // Check your answers: the licence where a file would be, and the consent naming it.
    await page.getByRole('button', { name: w.continue }).click();
    await expect(page.getByRole('heading', { name: w.checkTitle })).toBeVisible();
    const row = page.locator('.ys-summary__row').filter({ hasText: w.register });
    await expect(row.locator('.ys-summary__value')).toHaveText(w.given);
    await expect(page.locator('.ys-summary__row').filter({ hasText: w.lease })).toContainText('lease.pdf');
    const consent = page.getByRole('group', { name: w.consentTitle });
    await expect(consent).toContainText(profile.lang === 'en' ? 'Starting school' : '教育入学');
    await expect(consent.getByRole('listitem')).toHaveCount(1);
    await expect(consent.getByRole('listitem')).toContainText('2206****5021');
    // The app's own consent (once per device) may have been given already.
    const appConsent = page.getByRole('checkbox', { name: w.appConsent });
    if (await appConsent.count()) await appConsent.check();
    // Not ticked: nothing is sent, and the summary says why.
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/applications')) posted++; });
    await page.getByRole('button', { name: w.submit }).click();
    await expect(page.locator('#check-errors')).toContainText(w.consentMissing);
    await expect(page.locator('#check-errors')).toBeFocused();
    expect(posted).toBe(0);
    await consent.getByRole('checkbox').check();
    await page.screenshot({ path: test.info().outputPath(`attach-check-${profile.name}.png`), fullPage: true });
    await axe(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page, `check your answers at 320 px (${profile.name})`);
    await page.setViewportSize({ width: 412, height: 915 });
    await page.getByRole('button', { name: w.submit }).dblclick();
    await expect(page.getByRole('heading', { name: w.done })).toBeVisible();
    expect(posted, 'a double tap sends one application (or its replay)').toBeGreaterThanOrEqual(1);
    const number = (await page.locator('.ys-panel__number').innerText()).trim();

    // The case lists the licence and the file.
    await page.getByRole('link', { name: w.track }).click();
    const materials = page.locator('section').filter({ has: page.getByRole('heading', { name: w.materials }) });
    await expect(materials).toContainText(w.given);
    await expect(materials).toContainText(w.file);
    await expect(materials).not.toContainText('220681');
    await page.screenshot({ path: test.info().outputPath(`attach-case-${profile.name}.png`), fullPage: true });
    await axe(page);

    // 用证记录: the use, with the case, recorded once.
    const uses = await apiAs(page, '/licences/uses');
    const attached = uses.items.filter((u: any) => u.purpose === 'attached_to_application');
    // (Other journeys on this worker's server may have recorded theirs.)
    expect(attached.filter((u: any) => u.case_number === number).map((u: any) => u.licence_id)).toEqual(['l-zhang-hukou']);
    await open(page, '/licences');
    await page.getByRole('button', { name: w.usesShow }).click();
    const list = page.getByRole('list', { name: w.usesList });
    const use = list.getByRole('listitem').filter({ hasText: number });
    await expect(use).toHaveCount(1);
    await expect(use).toContainText(w.attached);
    await page.screenshot({ path: test.info().outputPath(`attach-uses-${profile.name}.png`), fullPage: true });
  });
}

test('the citizen may upload instead: no consent asked, nothing recorded', async ({ page, server }) => {
  await signInByApi(page, server, ZHANG);
  await open(page, APPLY);
  const before = (await apiAs(page, '/licences/uses')).items.length;
  const register = page.locator('.ys-field').filter({ hasText: ZH.register });
  await register.getByRole('radio', { name: ZH.upload }).check();
  await page.locator('#field-hukou_file').setInputFiles({ name: 'hukou.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(register.locator('.ys-uploaded')).toContainText('hukou.pdf');
  await fillSchoolForm(page, ZH);
  await page.getByRole('button', { name: ZH.continue }).click();
  await expect(page.locator('.ys-summary__row').filter({ hasText: ZH.register })).toContainText('hukou.pdf');
  await expect(page.getByRole('group', { name: ZH.consentTitle })).toHaveCount(0);
  const consentBox = page.getByRole('checkbox', { name: ZH.appConsent });
  if (await consentBox.count()) await consentBox.check();
  await page.getByRole('button', { name: ZH.submit }).click();
  await expect(page.getByRole('heading', { name: ZH.done })).toBeVisible();
  await page.getByRole('link', { name: ZH.track }).click();
  const materials = page.locator('section').filter({ has: page.getByRole('heading', { name: ZH.materials }) });
  await expect(materials).toContainText('文件：hukou.pdf');
  await expect(materials).not.toContainText('电子证照');
  expect((await apiAs(page, '/licences/uses')).items.length).toBe(before);
});

test('a backend without licences: the form asks for uploads only', async ({ page, server }) => {
  let asked = 0;
  await page.route('**/api/v1/licences', (r) => {
    asked++;
    return r.fulfill({ status: 404, contentType: 'application/problem+json', body: '{"type":"about:blank","title":"Not found","status":404,"code":"not_found"}' });
  });
  await signInByApi(page, server, ZHANG);
  await open(page, APPLY);
  await expect.poll(() => asked).toBeGreaterThanOrEqual(1);
  await expect(page.getByLabel(ZH.childName)).toBeVisible();
  await expect(page.getByRole('radio', { name: new RegExp(ZH.useLicence) })).toHaveCount(0);
  await expect(page.locator('#field-hukou_file')).toBeVisible();
  await fillSchoolForm(page, ZH);
  // The register is missing: an upload is asked for.
  await page.getByRole('button', { name: ZH.continue }).click();
  await expect(page.locator('#form-errors')).toContainText(ZH.register);
  // 继续 pressed while the file is still uploading (slowed here) waits for it and says so, then
  // goes on by itself: it neither calls the file missing nor stays put (seen in CI at 41648e1).
  let release!: () => void;
  const held = new Promise<void>((go) => { release = go; });
  await page.route('**/api/v1/attachments', async (r) => { await held; await r.continue(); });
  await page.locator('#field-hukou_file').setInputFiles({ name: 'hukou.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.locator('progress.ys-progress')).toBeVisible();
  await page.getByRole('button', { name: ZH.continue }).click();
  await expect(page.getByRole('status').filter({ hasText: '文件还在上传，上传完成后自动继续。' })).toBeVisible();
  await expect(page.getByRole('heading', { name: ZH.checkTitle })).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { name: ZH.checkTitle })).toBeVisible();
  await expect(page.getByRole('group', { name: ZH.consentTitle })).toHaveCount(0);
  await expect(page.locator('.ys-error')).toHaveCount(0);
});
