// Procedure search (issue 4): as-you-type without diacritics, shareable ?q= URLs, offline, and
// what an empty result offers.
import { expect, test, type Page } from '@playwright/test';
import { chooseCommune, COMMUNE, PROCEDURE, ready, serviceWorkerActive, settled, watchPanics } from './helpers';

const results = (page: Page) => page.locator('ol.app-search-results__list > li a');

test('typing without diacritics finds the birth registration first, URL kept in step', async ({ page }) => {
  const panics = watchPanics(page);
  await chooseCommune(page);
  await ready(page);
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await expect(box).toBeVisible();
  await box.pressSequentially('dang ky khai sinh', { delay: 20 });
  await expect(results(page).first()).toHaveAttribute('href', `/procedures/${PROCEDURE}`);
  await expect(results(page).first().locator('mark')).toHaveText(['đăng', 'ký', 'khai', 'sinh']);
  await expect(page).toHaveURL(/\/procedures\?q=dang%20ky%20khai%20sinh$/);
  await expect(page.locator('.app-search-results__count')).toContainText('kết quả');
  // One history entry for the whole search, not one per keystroke.
  expect(await page.evaluate(() => history.length)).toBeLessThan(6);
  // A typo and a colloquial phrase.
  await box.fill('khai sihn');
  await expect(results(page).first()).toHaveAttribute('href', `/procedures/${PROCEDURE}`);
  await box.fill('xin giấy độc thân');
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/1.004873');
  await results(page).first().click();
  await expect(page).toHaveURL(/\/procedures\/1\.004873$/);
  await page.goBack();
  await expect(box).toHaveValue('xin giấy độc thân');
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/1.004873');
  expect(panics).toEqual([]);
});

test('the home page searches as you type and Enter opens all results', async ({ page }) => {
  await chooseCommune(page);
  await page.goto('/');
  await ready(page);
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await box.pressSequentially('birth certificate');
  await expect(results(page).first()).toHaveAttribute('href', `/procedures/${PROCEDURE}`);
  expect(await results(page).count()).toBeLessThanOrEqual(5);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/procedures\?q=birth%20certificate$/);
  await expect(results(page).first()).toHaveAttribute('href', `/procedures/${PROCEDURE}`);
});

test('a ?q= link shows its results, and again after a reload', async ({ page }) => {
  await chooseCommune(page);
  await page.goto('/procedures?q=c%C3%B4ng%20ch%E1%BB%A9ng%20b%E1%BA%A3n%20sao');
  await ready(page);
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await expect(box).toHaveValue('công chứng bản sao');
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/2.000815');
  await page.reload();
  await ready(page);
  await expect(box).toHaveValue('công chứng bản sao');
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/2.000815');
});

test('search works offline', async ({ page, context }) => {
  await chooseCommune(page);
  await ready(page);
  await settled(page);
  await page.goto('/procedures?q=dang%20ky%20tam%20tru');
  await ready(page);
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/1.004194');
  await page.waitForTimeout(500); // let the catalog's IndexedDB write commit (as the journey does)
  await serviceWorkerActive(page);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await expect(results(page).first()).toHaveAttribute('href', '/procedures/1.004194');
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await box.fill('');
  await box.pressSequentially('so ho khau');
  await expect(results(page).first()).toHaveAttribute('href', /\/procedures\/1\.(004222|010041|010038)$/);
  await context.setOffline(false);
});

test('an empty result offers the office phone or says it is not published, and the full list', async ({ page }) => {
  await chooseCommune(page);
  await ready(page);
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await box.pressSequentially('qwxz zzqq');
  const empty = page.locator('.app-search-empty');
  await expect(empty).toContainText('Không tìm thấy thủ tục nào cho “qwxz zzqq”');
  // The office phone when the commune published one (qr.spec.ts publishes it on the shared
  // database), else a plain "not published".
  const catalog = await (await page.request.get(`/api/v1/catalog?commune=${COMMUNE}`)).json();
  const phone: string | null = catalog.commune.office.phone ?? null;
  if (phone) {
    await expect(empty.getByRole('link', { name: phone })).toHaveAttribute('href', /^tel:/);
  } else {
    await expect(empty).toContainText('chưa công bố số điện thoại');
  }
  await expect(empty.getByRole('heading', { name: 'Tất cả thủ tục theo lĩnh vực' })).toBeVisible();
  await expect(empty.locator(`a[href="/procedures/${PROCEDURE}"]`)).toBeVisible();
  await page.locator('button#lang-toggle').click();
  await expect(empty).toContainText('No procedure found for “qwxz zzqq”');
  if (!phone) await expect(empty).toContainText('has not published');
});
