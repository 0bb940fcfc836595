// Issue 11: journeys that start where citizens start (a shared link, signed out) and cross every
// hand-over between pages, as a parent, a citizen with a case needing action, a citizen rating a
// closed case, and someone reading a guide. Each runs in zh-CN, and once each in English, in
// 长辈版 and inside a mini-program web-view. Words come from locales/*.toml, so a journey checks
// what the citizen reads in their language, not a copy of it.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, open, signInByApi, sessionToken, type Server } from '../fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Lang = 'zh' | 'en';
type Profile = { name: string; lang: Lang; elderly: boolean; mini: boolean };
const PROFILES: Profile[] = [
  { name: 'zh-CN', lang: 'zh', elderly: false, mini: false },
  { name: 'English', lang: 'en', elderly: false, mini: false },
  { name: '长辈版', lang: 'zh', elderly: true, mini: false },
  { name: 'mini-program', lang: 'zh', elderly: false, mini: true },
];

/** `key = "value"` lines of a locale file, by `section.key`. */
function loadLocale(file: string): Map<string, string> {
  const words = new Map<string, string>();
  let section = '';
  for (const line of readFileSync(path.join(__dirname, '../../locales', file), 'utf8').split('\n')) {
    const header = /^\[([\w.]+)\]\s*$/.exec(line);
    if (header) { section = header[1]; continue; }
    const entry = /^(\w+)\s*=\s*(".*")\s*$/.exec(line);
    if (entry) words.set(section ? `${section}.${entry[1]}` : entry[1], JSON.parse(entry[2]));
  }
  return words;
}
const LOCALES: Record<Lang, Map<string, string>> = { zh: loadLocale('zh-CN.toml'), en: loadLocale('en.toml') };

/** The text of `key` in `lang`, filled like the app fills it (values and plural forms). */
function words(lang: Lang, key: string, args: Record<string, string | number> = {}): string {
  const template = LOCALES[lang].get(key);
  if (template === undefined) throw new Error(`no ${key} in ${lang}`);
  return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (all, name, one, other) => {
    if (!(name in args)) return all;
    const v = String(args[name]);
    return one === undefined ? v : v === '1' ? one : other;
  });
}
const exact = (s: string) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
/** A template with its placeholders as wildcards, for text the test cannot predict exactly. */
const pattern = (lang: Lang, key: string) =>
  new RegExp(words(lang, key).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]*\\?\}|\{[^}]*\}/g, '.*'));

/** A device set up as the profile's citizen would have it, before the first page loads. */
async function setUp(page: Page, p: Profile) {
  await page.addInitScript(({ lang, elderly }) => {
    localStorage.setItem('yishi.d.lang', lang === 'en' ? 'en' : 'zh-CN');
    localStorage.setItem('yishi.d.mode', elderly ? 'elderly' : 'standard');
  }, { lang: p.lang, elderly: p.elderly });
  if (p.mini) {
    // A WeChat-style host: the app is embedded and reports to a recording bridge.
    await page.addInitScript(() => {
      (window as any).__wxjs_environment = 'miniprogram';
      (window as any).wx = { miniProgram: { postMessage() {}, navigateBack() {}, navigateTo() {} } };
    });
  }
}

/** Signs in through the page the gate led to (the UI, with the test-mode code). */
async function signInHere(page: Page, server: Server, lang: Lang, phone: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(words(lang, 'sign_in.title'));
  await page.getByLabel(words(lang, 'sign_in.phone')).fill(phone);
  await page.getByRole('button', { name: words(lang, 'sign_in.send_code') }).click();
  // Where the code went, masked; the resend button is a button, not program text.
  await expect(page.getByText(words(lang, 'sign_in.sent_to', { phone: `${phone.slice(0, 3)}****${phone.slice(7)}` }))).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('on : click');
  await page.getByLabel(words(lang, 'sign_in.code')).fill(await server.otp(phone));
  await page.getByRole('main').getByRole('button', { name: exact(words(lang, 'sign_in.action')) }).click();
}

/** The screen fits the phone (nothing scrolls sideways, 长辈版's large text included) and has
 * no axe-core WCAG 2.2 AA violation: the new screens between routes (check answers, the
 * confirmation, the upload review, the thank-you) are not in the route matrix of a11y.spec. */
async function fits(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: horizontal scrolling`).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${what}: ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A valid resident identity number from its first 17 digits (GB 11643 check character). */
function residentId(base17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return base17 + '10X98765432'[sum % 11];
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3f1a3f70000000049454e44ae426082', 'hex');

/** A fresh case of `phone`'s citizen, accepted, then moved by the office through `stages`. */
async function caseOf(page: Page, server: Server, phone: string, stages: unknown[]): Promise<string> {
  const token = await sessionToken(server, phone);
  const made = await page.request.post(`${server.url}/_test/cases`, {
    data: { count: 1 }, headers: { Authorization: `Bearer ${token}` },
  });
  expect(made.ok(), 'a test case').toBeTruthy();
  const id: string = (await made.json()).ids[0];
  for (const body of stages) await server.operator(`/cases/${id}/advance`, body);
  await page.request.delete(`${server.url}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } });
  await page.waitForTimeout(1_100);
  return id;
}

for (const p of PROFILES) {
  const L = p.lang;
  const w = (key: string, args: Record<string, string | number> = {}) => words(L, key, args);

  test.describe(`${p.name}`, () => {
    test(`plan → apply → sign in → back with the answers → check → submit → the new case (${p.name})`, async ({ page, server }) => {
      await setUp(page, p);
      // A shared link with two answers: the third question is asked, then a fourth that
      // depends on it; the count never goes up.
      await open(page, '/events/newborn?a.married=yes&a.hukou_parent=father');
      await expect(page.getByText(w('event.question_progress_at_most', { n: 3, total: 4 }))).toBeVisible();
      await page.getByRole('radio').nth(0).check(); // the mother is insured
      await page.getByRole('button', { name: w('event.next') }).click();
      await expect(page.getByText(w('event.question_progress', { n: 4, total: 4 }))).toBeVisible();
      // A number outside its bounds says which numbers are accepted.
      await page.locator('#question-number').fill('0');
      await page.getByRole('button', { name: w('event.next') }).click();
      await expect(page.locator('#question-error')).toHaveText(
        w('event.answer_out_of_range', { range: w('range.between', { min: 1, max: 6 }) }));
      await page.locator('#question-number').fill('1');
      await page.getByRole('button', { name: w('event.next') }).click();

      // The plan: what to bring, one line per person, nothing to tick for what the government
      // has, and the list ends with the way forward.
      await expect(page.getByRole('heading', { name: w('plan.title') })).toBeVisible();
      const bring = page.locator('.ys-checklist');
      const card = L === 'zh' ? '居民身份证' : 'Resident identity card';
      await expect(bring.getByText(w('plan.whose', { who: w('holder.father'), what: card }))).toBeVisible();
      await expect(bring.getByText(w('plan.whose', { who: w('holder.mother'), what: card }))).toBeVisible();
      const nothing = page.locator('details', { hasText: w('plan.group_no_need') });
      await expect(nothing.locator('input[type=checkbox]')).toHaveCount(0);
      await expect(page.locator('.ys-checklist__fold', { hasText: w('plan.group_online') })).toBeVisible();
      await fits(page, 'plan');
      const next = page.locator('.ys-next');
      await expect(next.getByRole('heading', { name: w('plan.next_title') })).toBeVisible();
      await next.getByRole('link', { name: w('plan.apply') }).click();

      // Signed out: the gate says what signing in is for, and comes back with the answers.
      await expect(page.getByText(w('sign_in.needed_apply'))).toBeVisible();
      await page.getByRole('main').getByRole('link', { name: exact(w('sign_in.action')) }).click();
      expect(decodeURIComponent(page.url())).toContain('/events/newborn/apply?a.married=yes');
      await signInHere(page, server, L, '13800000002');
      await expect(page).toHaveURL(/\/events\/newborn\/apply\?.*a\.insured=mother/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(w('apply.title'));

      // The form: mistakes are explained, then fixed.
      const form = page.locator('form.ys-form');
      // Names in Chinese characters in every language: the form's pattern asks for them.
      await form.locator('#field-applicant_name').fill('李芳');
      await form.locator('#field-applicant_id').fill(residentId('11010119900307007'));
      await form.locator('#field-other_parent_name').fill('王强');
      // A mistyped digit: the check character no longer matches.
      const right = residentId('44110019900101123');
      await form.locator('#field-other_parent_id').fill(right.slice(0, 16) + (right[16] === '9' ? '8' : '9') + right[17]);
      await form.locator('#field-baby_name').fill('王小满');
      await form.locator('#field-baby_birth_date').fill('2099-01-01');
      await form.locator('#field-reimbursement_account').fill('62220202');
      await page.getByRole('button', { name: w('apply.continue') }).click();
      const summary = page.locator('#form-errors');
      await expect(summary).toBeFocused();
      await expect(summary).toContainText(w('form.id_check'));
      await expect(summary).toContainText(w('form.date_future'));
      await expect(summary).toContainText(/至少|at least/);
      await form.locator('#field-other_parent_id').fill(residentId('44110019900101123'));
      const born = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
      await form.locator('#field-baby_birth_date').fill(born);
      await form.locator('#field-reimbursement_account').fill('6222020200112233445');
      for (const group of await page.locator('[role=radiogroup]').all()) await group.getByRole('radio').first().check();
      await form.locator('input[type=file]').first().setInputFiles({ name: 'baby.png', mimeType: 'image/png', buffer: PNG });
      await expect(page.getByText(w('form.uploaded'))).toBeVisible();
      await page.getByRole('button', { name: w('apply.continue') }).click();

      // Check your answers: every answer with a way to change it, then back here.
      await expect(page.getByRole('heading', { name: w('apply.check_title') })).toBeVisible();
      await expect(page).toHaveURL(/view=check/);
      const check = page.locator('.ys-summary');
      await expect(check.first()).toContainText(L === 'zh' ? '孩子母亲' : 'The mother');
      await expect(check.last()).toContainText('baby.png');
      await check.last().getByRole('button', { name: new RegExp(w('apply.change')) }).first().click();
      await expect(page.locator('#field-applicant_name')).toBeFocused();
      await page.getByRole('button', { name: w('apply.continue') }).click();
      await expect(page.getByRole('heading', { name: w('apply.check_title') })).toBeVisible();
      await fits(page, 'check answers');
      await page.getByRole('button', { name: w('apply.submit') }).dblclick();

      // The confirmation says what happens next, when and how; then the new case.
      await expect(page.getByRole('heading', { name: w('apply.done') })).toBeVisible();
      const number = (await page.locator('.ys-panel__number').innerText()).trim();
      expect(number).toMatch(/^LJ\d+$/);
      await expect(page.getByText(w('apply.next_when', {
        promised: L === 'zh' ? '5 个工作日' : '5 working days', legal: L === 'zh' ? '20 个工作日' : '20 working days',
      }))).toBeVisible();
      await fits(page, 'confirmation');
      await page.getByRole('link', { name: w('apply.track') }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(L === 'zh' ? '新生儿出生' : 'A new baby');
      await expect(page.getByText(number)).toBeVisible();
      // The same promise the event page made, and the law's limit beside it.
      await expect(page.locator('.ys-deadline')).toContainText(L === 'zh' ? '5 个工作日' : '5 working days');
      await expect(page.locator('.ys-deadline')).toContainText(w('limit.legal_beside', { limit: L === 'zh' ? '20 个工作日' : '20 working days' }));
      // And what the promise does not count, as the event page said.
      await expect(page.locator('.ys-deadline')).toContainText(L === 'zh'
        ? '不含出生医学证明签发前的时间及制证、邮寄时间'
        : 'Excluding time before the birth certificate is issued, card production and postage');
      await fits(page, 'new case');
    });

    test(`guide → handle it online, and back to its life event (${p.name})`, async ({ page }) => {
      await setUp(page, p);
      await open(page, '/matters/birth-hukou-registration');
      // What the citizen can do comes first.
      const how = page.locator('.ys-how');
      await expect(how.getByRole('heading', { name: w('guide.how_title') })).toBeVisible();
      const event = L === 'zh' ? '新生儿出生' : 'A new baby';
      await expect(how.getByRole('link', { name: w('guide.part_of', { event }) })).toBeVisible();
      // A conditional material says when it is needed, and is not "required".
      const conditional = page.locator('.ys-material', { hasText: L === 'zh' ? '亲子鉴定证明' : 'Paternity' });
      await expect(conditional).toContainText(L === 'zh' ? '非婚生育且随父落户时提供' : 'If the parents are not married');
      await expect(conditional).not.toContainText(w('material.required'));
      // The office's own terms are folded away.
      await expect(page.locator('.ys-guide__admin')).not.toHaveAttribute('open', '');
      await fits(page, 'guide');
      await how.getByRole('link', { name: w('guide.apply_online_via', { event }) }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(event);
      await expect(page.getByText(w('event.question_progress_at_most', { n: 1, total: 4 }))).toBeVisible();
    });

    test(`a case needing action → review the upload → send → done (${p.name})`, async ({ page, server }) => {
      await setUp(page, p);
      const phone = '13800000003';
      const id = await caseOf(page, server, phone, [
        { to: 'under_review' },
        {
          to: 'supplement_required',
          supplement_items: [
            { material_id: 'resident_id_card', name: { 'zh-CN': '居民身份证（反面）', en: 'Resident identity card (back)' } },
            { material_id: 'household_register', name: { 'zh-CN': '户口簿本人页', en: 'Household register, own page' } },
          ],
        },
      ]);
      // A shared link to the case, signed out: the gate says why, then the case.
      await open(page, `/cases/${id}`);
      await expect(page.getByText(w('sign_in.needed_case'))).toBeVisible();
      await page.getByRole('main').getByRole('link', { name: exact(w('sign_in.action')) }).click();
      await signInHere(page, server, L, phone);
      await expect(page).toHaveURL(new RegExp(`/cases/${id}$`));
      const box = page.locator('.ys-callout--action');
      await expect(box.getByRole('heading', { name: w('case.supplement_title') })).toBeVisible();
      await expect(box.locator('.ys-office')).toContainText(w('guide.address'));

      // The wrong kind of file is refused before anything is sent.
      const first = box.locator('.ys-supplement__item').first();
      await first.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await expect(first.getByRole('alert')).toHaveText(w('form.file_type'));
      // A photo: previewed, not sent; removed; chosen again; sent.
      await first.locator('input[type=file]').setInputFiles({ name: 'back.png', mimeType: 'image/png', buffer: PNG });
      await expect(first.locator('.ys-review img')).toBeVisible();
      await expect(first.getByText(pattern(L, 'case.supplement_chosen'))).toBeVisible();
      await first.getByRole('button', { name: w('case.supplement_remove') }).click();
      await expect(first.locator('.ys-review')).toHaveCount(0);
      await first.locator('input[type=file]').setInputFiles({ name: 'back.png', mimeType: 'image/png', buffer: PNG });
      await fits(page, 'upload review');
      await first.getByRole('button', { name: w('case.supplement_send') }).click();
      await expect(box.locator('.ys-supplement__item').first()).toContainText(w('case.supplement_received'));
      const second = box.locator('.ys-supplement__item').nth(1);
      await second.locator('input[type=file]').setInputFiles({ name: 'page.png', mimeType: 'image/png', buffer: PNG });
      await second.getByRole('button', { name: w('case.supplement_send') }).click();
      // Everything supplied: no action box any more, the request is history.
      await expect(page.locator('.ys-callout--action')).toHaveCount(0);
      await expect(page.locator('.ys-past-supplement')).toBeVisible();
      // My cases no longer asks for action on it.
      await page.getByRole('link', { name: w('case.back_to_list') }).click();
      await expect(page.locator('.ys-case-card', { hasText: w('case.number') }).first()).toBeVisible();
      const card = page.locator('.ys-case-card').filter({ has: page.locator(`a[href="/cases/${id}"]`) });
      await expect(card).not.toHaveClass(/ys-case-card--action/);
    });

    test(`a closed case → rate → thank-you → my ratings (${p.name})`, async ({ page, server }) => {
      await setUp(page, p);
      const phone = '13800000001';
      const id = await caseOf(page, server, phone, [
        { to: 'under_review' },
        { to: 'approved' },
        { to: 'delivered', delivery: { method: 'pickup', detail: { 'zh-CN': '窗口领取', en: 'At the window' } } },
        { to: 'closed' },
      ]);
      await open(page, `/cases/${id}/rate?stage=completion`);
      await expect(page.getByText(w('sign_in.needed_rate'))).toBeVisible();
      await page.getByRole('main').getByRole('link', { name: exact(w('sign_in.action')) }).click();
      await signInHere(page, server, L, phone);
      await expect(page).toHaveURL(new RegExp(`/cases/${id}/rate\\?stage=completion$`));
      // A bad rating at a window, with a reason and one aspect scored.
      await page.getByRole('radio', { name: w('rating.level2'), exact: true }).check();
      await page.locator('input[type=checkbox]').first().check();
      await page.getByLabel(w('rating.channel_window')).check();
      await page.getByLabel(w('dimension.attitude')).selectOption('2');
      await page.getByRole('button', { name: w('rating.preview') }).click();
      const preview = page.locator('.ys-preview');
      // Which of the two ratings of a case (受理, 办结) this is, here and in every list after.
      await expect(preview).toContainText(w('rating.stage_completion'));
      await expect(preview).toContainText(w('rating.channel_window'));
      await expect(preview).toContainText(w('dimension.attitude'));
      await fits(page, 'rating preview');
      await page.getByRole('button', { name: w('rating.submit') }).click();
      // Thanks, what happens now and by when, and the way to follow it.
      const thanks = page.locator('#rating-thanks');
      await expect(thanks.getByRole('heading', { name: w('rating.thanks_title') })).toBeVisible();
      await expect(thanks).toContainText(pattern(L, 'rating.thanks_bad'));
      await fits(page, 'thank-you');
      await thanks.getByRole('link', { name: w('ratings.title') }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(w('ratings.title'));
      const mine = page.locator('.ys-case-card').first();
      await expect(mine).toContainText(w('rating.level2'));
      await expect(mine).toContainText(w('rating.stage_completion'));
      await mine.getByRole('link').click();
      // The detail shows what was chosen: the channel, the reason's label, the aspect.
      const facts = page.locator('.ys-facts');
      await expect(facts).toContainText(w('rating.channel_window'));
      await expect(facts).toContainText(w('rating.stage_completion'));
      await expect(facts).toContainText(w('dimension.attitude'));
      await expect(facts.locator('dt', { hasText: w('rating.reasons_legend') })).toBeVisible();
      // Rating the same stage again is refused in words, with the way to the first rating.
      await page.goto(`/cases/${id}/rate?stage=completion`);
      await page.getByRole('radio', { name: w('rating.level5'), exact: true }).check();
      await page.getByRole('button', { name: w('rating.preview') }).click();
      await page.getByRole('button', { name: w('rating.submit') }).click();
      await expect(page.getByText(w('rating.already_rated'))).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText('conflict');
      // Back on the closed case: what may come next (issue 16), a link that lands on its page.
      await open(page, `/cases/${id}`);
      const next = page.getByRole('region', { name: w('case.next_title') });
      await expect(next).toBeVisible();
      await fits(page, 'a closed case with what comes next');
      const first = next.getByRole('link').first();
      const name = (await first.textContent())!.trim();
      await first.click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    });
  });
}

// A code asked for too soon (one went out to the number a moment before, from another tab or
// a double press) is refused with Retry-After: the page counts down to 重新发送 as after a code
// sent, rather than staying on "1 秒后可重新发送" for good.
test('a code asked for too soon counts down to the resend button all the same', async ({ page, server }) => {
  const phone = '13800000003';
  let asked = 0;
  await page.route('**/api/v1/session/code', (route) => {
    asked += 1;
    if (asked > 1) return route.continue();
    return route.fulfill({
      status: 429,
      headers: { 'Retry-After': '2' },
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'rate_limited' }),
    });
  });
  await open(page, '/sign-in');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert')).toContainText('验证码已发送，请稍后再试。');
  await expect(page.getByRole('button', { name: /秒后可重新发送/ })).toBeDisabled();
  const resend = page.getByRole('button', { name: '重新发送', exact: true });
  await expect(resend).toBeEnabled({ timeout: 10_000 });
  await resend.click();
  await expect(page.locator('#sign-in-sent')).toBeVisible();
  expect(asked).toBe(2);
  expect(await server.otp(phone)).toMatch(/^\d{6}$/);
});

test('the resend button works after the countdown (a citizen whose text message never came)', async ({ page, server }) => {
  // The page's clock stands still until the test moves it, so the countdown is deterministic.
  await page.clock.install();
  await open(page, '/sign-in');
  await page.clock.pauseAt(Date.now() + 1_000);
  const phone = '13800000002';
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发送至 138****0002。', { exact: false })).toBeVisible();
  const waiting = page.getByRole('button', { name: /秒后可重新发送/ });
  await expect(waiting).toBeDisabled();
  await expect(page.getByRole('main')).not.toContainText('on : click');
  const first = await server.otp(phone);
  // The countdown runs out (the server's own interval is a second in test mode).
  await page.waitForTimeout(1_100);
  await page.clock.fastForward(61_000);
  const resend = page.getByRole('button', { name: '重新发送', exact: true });
  await expect(resend).toBeEnabled();
  await resend.click();
  await expect.poll(() => server.otp(phone)).not.toBe(first);
});

test('public reads carry no session token (no preflight, shared caches work)', async ({ page, server }) => {
  const seen: { url: string; auth: string | undefined }[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) seen.push({ url: r.url(), auth: r.headers()['authorization'] }); });
  const token = await sessionToken(server, '13800000001');
  await page.addInitScript((t) => sessionStorage.setItem('yishi.token', t), token);
  await open(page, '/matters/birth-hukou-registration');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await open(page, '/cases/case-lj10000109/rate?stage=completion');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('input[name=level]').first()).toBeVisible();
  const publicReads = seen.filter((r) => /\/api\/v1\/(catalogue|matters|events|rating-options|calendar)/.test(r.url));
  expect(publicReads.length).toBeGreaterThan(1);
  expect(publicReads.filter((r) => r.auth !== undefined)).toEqual([]);
  // Reads of the citizen's own data still carry it.
  expect(seen.some((r) => /\/api\/v1\/cases\//.test(r.url) && r.auth === `Bearer ${token}`)).toBeTruthy();
});

test('consent is asked once on a device, not again at the next submission', { annotation: { type: 'no-consent' } }, async ({ page, server }) => {
  const phone = '13800000001';
  const closed = [
    { to: 'under_review' }, { to: 'approved' },
    { to: 'delivered', delivery: { method: 'pickup', detail: { 'zh-CN': '窗口领取' } } }, { to: 'closed' },
  ];
  const first = await caseOf(page, server, phone, closed);
  const second = await caseOf(page, server, phone, closed);
  await signInByApi(page, server, phone);
  const rate = async (id: string) => {
    await open(page, `/cases/${id}/rate?stage=completion`);
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '预览评价' }).click();
  };
  await rate(first);
  const consent = page.getByRole('checkbox', { name: /我已了解一事/ });
  await page.getByRole('button', { name: '提交评价' }).click();
  // Without the tick, nothing is sent and the box says why.
  await expect(page.getByText('请先勾选同意，才能提交。')).toBeVisible();
  await consent.check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#rating-thanks')).toBeVisible();
  // The next rating, after a reload, does not ask again.
  await rate(second);
  await expect(consent).toHaveCount(0);
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#rating-thanks')).toBeVisible();
});

test('back from the next page returns to the place on the checklist it was left from', async ({ page }) => {
  // The page returned to is drawn after the address changes back (its data, its lower part),
  // so the browser's own restoration lands near the top; the app's returns to the place.
  await open(page, '/events/newborn?view=plan');
  const link = page.locator('#main a[href^="/"]:visible').last();
  await link.scrollIntoViewIfNeeded();
  const place = await page.evaluate(() => Math.round(scrollY));
  expect(place, 'the last link is far down a phone screen').toBeGreaterThan(1000);
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await expect(page).toHaveURL((url) => url.pathname + url.search === href);
  await page.goBack();
  await expect(page).toHaveURL(/view=plan/);
  await expect.poll(() => page.evaluate(() => Math.round(scrollY)), { message: 'back at the place' }).toBeGreaterThan(place - 40);
  expect(await page.evaluate(() => Math.round(scrollY))).toBeLessThan(place + 40);
});
