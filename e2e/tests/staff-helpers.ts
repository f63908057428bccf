// The staff side of the e2e specs: accounts made with the server's CLI (as the README says: there
// is no default account), signing in to the server-rendered workspace, and the steps a citizen's
// page depends on — taking a submission to done, publishing an official in the directory.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { serverBinary } from '../fixtures/server.mjs';
import { COMMUNE } from './helpers';

/** Every staff account of the specs has this password. */
export const PASSWORD = 'mật khẩu thật dài 2026';

/** Runs `motcua-server <args>` on the e2e database (the one Playwright's server uses). */
export function cli(args: string[]): string {
  return execFileSync(serverBinary(), args, {
    env: {
      ...process.env,
      MOTCUA_DATABASE_URL: `sqlite://${process.env.MOTCUA_E2E_DB_DIR}/e2e.db?mode=rwc`,
      MOTCUA_DATA_DIR: `${process.env.MOTCUA_E2E_DB_DIR}/data`,
      MOTCUA_STAFF_PASSWORD: PASSWORD,
      RUST_LOG: 'warn',
    },
  }).toString();
}

/** Signs `email` in on `page` (the workspace in Vietnamese, its default). */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/staff/login');
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

/**
 * A new leader of {@link COMMUNE} (who may also process submissions), signed in on a page of
 * its own browser context at a desk's viewport. Close the context when done.
 */
export async function leaderSignedIn(browser: Browser, tag: string): Promise<{ context: BrowserContext; page: Page }> {
  const email = `lanh-dao-${tag}-${Date.now().toString(36)}@thuynguyen.gov.vn`;
  expect(
    cli(['create-staff', '--email', email, '--name', 'Phạm Quốc Hưng', '--role', 'leader', '--commune', COMMUNE, '--title', 'Chủ tịch UBND phường']),
  ).toContain('created leader');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** In the workspace: takes submission `receipt` from received through processing to done. */
export async function finishSubmission(page: Page, receipt: string): Promise<void> {
  await page.goto(`/staff/submissions/${receipt}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(receipt);
  for (const status of ['Đang xử lý', 'Đã có kết quả']) {
    await page.getByLabel(status).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect(page.locator('dl.summary').first()).toContainText(status);
  }
}

/**
 * In the workspace (a leader): adds an official to the commune's public directory (`/staff/office`)
 * and returns the official's id, as printed in the QR code on the name tag.
 */
export async function publishOfficial(
  page: Page,
  official: { name: string; roleVi: string; roleEn: string; phone: string; desk: string },
): Promise<string> {
  await page.goto(`/staff/office?commune=${COMMUNE}`);
  await page.locator('#name').fill(official.name);
  await page.locator('#role_vi').fill(official.roleVi);
  await page.locator('#role_en').fill(official.roleEn);
  await page.locator('#member_phone').fill(official.phone);
  await page.locator('#desk').fill(official.desk);
  await page.getByRole('button', { name: 'Thêm cán bộ' }).click();
  await expect(page).toHaveURL(/saved=1/);
  const row = page.locator('tbody tr').filter({ hasText: official.name });
  await expect(row).toHaveCount(1);
  return (await row.locator('input[name=id]').getAttribute('value'))!;
}

/** In the workspace (a leader): removes official `id` from the directory again. */
export async function removeOfficial(page: Page, id: string): Promise<void> {
  await page.goto(`/staff/office?commune=${COMMUNE}`);
  await page.locator(`tbody tr:has(input[name=id][value="${id}"]) button[type=submit]`).click();
  await expect(page).toHaveURL(/saved=1/);
  await expect(page.locator(`input[name=id][value="${id}"]`)).toHaveCount(0);
}
