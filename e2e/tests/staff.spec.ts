// The staff workspace end to end: accounts made with the server CLI, a citizen's marriage
// registration submitted through the API (as the app's outbox does), an officer processing it to
// done in the server-rendered pages, the citizen's tracking page showing it, a leader issuing the
// congratulation letter whose PDF text (pdftotext) has the couple's names with diacritics, and
// axe on every staff page.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMUNE, expectAccessible, ready, structureProblems } from './helpers';
import { cli, signIn } from './staff-helpers';

const GROOM = 'Trần Văn Đức';
const BRIDE = 'Lê Thị Hồng Nhung';

// Staff work at a desk: a desktop viewport (the app's phone viewport is for citizens).
test.use({ viewport: { width: 1280, height: 900 } });

test('an officer processes a citizen marriage registration; a leader issues the letter', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const officer = `can-bo-${run}@thuynguyen.gov.vn`;
  const leader = `chu-tich-${run}@thuynguyen.gov.vn`;
  expect(cli(['create-staff', '--email', officer, '--name', 'Nguyễn Thị Cán', '--role', 'officer', '--commune', COMMUNE])).toContain('created officer');
  expect(
    cli(['create-staff', '--email', leader, '--name', 'Phạm Quốc Hưng', '--role', 'leader', '--commune', COMMUNE, '--title', 'Chủ tịch UBND phường']),
  ).toContain('created leader');

  // The citizen's phone submits (the outbox's request: no client timestamps, an idempotency key).
  const answers: Record<string, string> = { contact_phone: '0987 654 321' };
  for (const [p, name, born, id] of [
    ['groom', GROOM, '1996-05-01', '031096001111'],
    ['bride', BRIDE, '1999-07-09', '031199002222'],
  ]) {
    Object.assign(answers, {
      [`${p}_name`]: name,
      [`${p}_birth_date`]: born,
      [`${p}_citizen_id`]: id,
      [`${p}_ethnicity`]: 'Kinh',
      [`${p}_address`]: 'Thôn 1, xã Lưu Kiếm',
      [`${p}_marital_history`]: 'chua_ket_hon',
    });
  }
  const submitted = await request.post('/api/v1/submissions', {
    headers: { 'idempotency-key': `e2e-staff-${run}-key-0000` },
    data: { draft_id: `e2e-staff-${run}-draft`, procedure: '1.000894', commune: COMMUNE, form_version: 1, answers, attachments: [] },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const { receipt, tracking_secret: secret } = await submitted.json();

  // The officer signs in, finds it in the inbox and takes it to done.
  await signIn(page, officer);
  await expectAccessible(page, 'staff home');
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ' }).click();
  await expect(page.getByRole('link', { name: receipt })).toBeVisible();
  await expectAccessible(page, 'staff inbox');
  await page.getByRole('link', { name: receipt }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(receipt);
  await expect(page.locator('dl.summary').first()).toContainText(GROOM);
  await expectAccessible(page, 'submission page');
  await page.getByLabel('Đang xử lý').check();
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('dl.summary').first()).toContainText('Đang xử lý');
  await page.getByLabel('Đã có kết quả').check();
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('dl.summary').first()).toContainText('Đã có kết quả');
  await expect(page.locator('#letter')).toContainText('Thư chúc mừng kết hôn');
  await expect(page.locator('table').last()).toContainText('Đang xử lý → Đã có kết quả');
  await expectAccessible(page, 'submission page, done, letter suggested');
  // In English too.
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, 'submission page (en)');
  await page.getByRole('link', { name: 'Tiếng Việt' }).click();

  // The citizen's tracking page (the app) shows it.
  const citizen = await browser.newPage();
  await citizen.goto(`/track/${receipt}?s=${secret}`);
  await ready(citizen);
  await expect(citizen.locator('main')).toContainText('Đã có kết quả');
  await citizen.close();

  // A leader issues the congratulation letter; the PDF carries the names with diacritics.
  // A separate browser context: the leader's own cookies (axe needs a page of a context).
  const leaderContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const leaderPage = await leaderContext.newPage();
  await signIn(leaderPage, leader);
  const staffPages = ['/staff', '/staff/inbox', `/staff/submissions/${receipt}`, '/staff/office', '/staff/procedures', '/staff/templates', '/staff/templates/congratulation_marriage', '/staff/holidays'];
  for (const path of staffPages) {
    await leaderPage.goto(path);
    await expectAccessible(leaderPage, path);
    expect.soft(await structureProblems(leaderPage), `headings and landmarks on ${path}`).toEqual([]);
  }
  // Every staff page in English too (issue 9: both languages).
  await leaderPage.getByRole('link', { name: 'English' }).click();
  for (const path of staffPages) {
    await leaderPage.goto(path);
    await expect(leaderPage.locator('html')).toHaveAttribute('lang', 'en');
    await expectAccessible(leaderPage, `${path} (en)`);
    expect.soft(await structureProblems(leaderPage), `headings and landmarks on ${path} (en)`).toEqual([]);
  }
  await leaderPage.getByRole('link', { name: 'Tiếng Việt' }).click();
  await leaderPage.goto(`/staff/submissions/${receipt}`);
  await leaderPage.getByRole('button', { name: 'Ký và phát hành thư' }).click();
  await expect(leaderPage.getByRole('heading', { level: 1 })).toHaveText('THƯ CHÚC MỪNG');
  await expect(leaderPage.locator('main')).toContainText(`${GROOM} và chị ${BRIDE}`);
  await expectAccessible(leaderPage, 'printable letter');
  const download = leaderPage.waitForEvent('download');
  await leaderPage.getByRole('link', { name: 'Tải tệp PDF' }).click();
  const file = await (await download).path();
  const pdf = readFileSync(file!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-letter-'));
  writeFileSync(join(dir, 'letter.pdf'), pdf);
  const text = execFileSync('pdftotext', [join(dir, 'letter.pdf'), '-']).toString();
  expect(text).toContain(GROOM);
  expect(text).toContain(BRIDE);
  expect(text).toContain('Phạm Quốc Hưng');
  await leaderContext.close();
});

test('staff sign-in refuses a wrong password with a clear message (axe on the sign-in page)', async ({ page }) => {
  await page.goto('/staff/inbox');
  await expect(page).toHaveURL(/\/staff\/login/);
  await expectAccessible(page, 'staff sign-in');
  await page.getByLabel('Thư điện tử').fill('khong-co@x.vn');
  await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Thư điện tử hoặc mật khẩu không đúng');
  await expectAccessible(page, 'staff sign-in with an error');
});
