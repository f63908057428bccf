// Issue 2's journey: pick a commune, tick documents, then read the guide with the network off.
import { expect, test } from '@playwright/test';
import {
  checklist,
  COMMUNE,
  expectAccessible,
  PROCEDURE,
  ready,
  serviceWorkerActive,
  settled,
} from './helpers';

test('pick a commune, tick two documents, read the guide offline with the ticks kept', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await ready(page);
  const all = await page.locator('ul.app-commune-list > li').count();

  // Filter without diacritics: "thuy nguyen" finds Thủy Nguyên.
  await page.locator('#commune-filter').fill('thuy nguyen');
  const link = page.locator(`a[href="/c/${COMMUNE}"]`);
  await expect(link).toBeVisible();
  expect(await page.locator('ul.app-commune-list > li').count()).toBeLessThan(all);

  // The office page, then choose this commune and see its procedures.
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/c/${COMMUNE}$`));
  await expect(page.locator('h1')).toContainText('Thủy Nguyên');
  await expect(page.locator('dl.app-summary')).toBeVisible(); // address, hours, wifi, phone
  await page.locator('.app-button-group').getByRole('button').click();
  await expect(page).toHaveURL(/\/procedures$/);

  // The guide: tick two documents.
  await page.locator(`a[href="/procedures/${PROCEDURE}"]`).first().click();
  const h1 = page.locator('h1');
  await expect(h1).toContainText(/khai sinh/i);
  const title = await h1.innerText();
  const boxes = await checklist(page);
  expect(await boxes.count()).toBeGreaterThanOrEqual(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(1)).toBeChecked();
  await page.waitForTimeout(500); // let the IndexedDB write commit before the reload
  await serviceWorkerActive(page);

  // Offline: reload.
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await expect(h1).toHaveText(title);
  let offlineBoxes = await checklist(page);
  await expect(offlineBoxes.nth(0)).toBeChecked();
  await expect(offlineBoxes.nth(1)).toBeChecked();

  // Offline: another procedure, then back.
  await page.goto('/procedures');
  await ready(page);
  await settled(page);
  const other = page.locator(`a[href^="/procedures/"]:not([href="/procedures/${PROCEDURE}"])`).first();
  const otherHref = await other.getAttribute('href');
  await other.click();
  await expect(page).toHaveURL(new RegExp(`${otherHref}$`));
  await expect(h1).toBeVisible();
  await expect(h1).not.toHaveText(title);
  await page.goBack();
  await expect(page).toHaveURL(/\/procedures$/);
  await page.locator(`a[href="/procedures/${PROCEDURE}"]`).first().click();
  await expect(h1).toHaveText(title);
  offlineBoxes = await checklist(page);
  await expect(offlineBoxes.nth(0)).toBeChecked();
  await expect(offlineBoxes.nth(1)).toBeChecked();
  await expect(page.locator('ul.app-checklist input[type=checkbox]:checked')).toHaveCount(2);
  await expectAccessible(page, 'the guide, offline');
});
