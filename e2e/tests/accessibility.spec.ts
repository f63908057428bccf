// AXE on every page of the journey, in Vietnamese and in English.
import { expect, test } from '@playwright/test';
import { checklist, chooseCommune, COMMUNE, expectAccessible, PROCEDURE, ready, settled } from './helpers';

const PAGES = [
  '/',
  `/c/${COMMUNE}`,
  '/procedures',
  `/procedures/${PROCEDURE}`,
  '/procedures/9.999999',
  '/stats',
  `/stats/${COMMUNE}`,
  `/rate?commune=${COMMUNE}`,
];

for (const lang of ['vi', 'en'] as const) {
  test(`axe finds no violation on any page (${lang})`, async ({ page }) => {
    await chooseCommune(page);
    if (lang === 'en') {
      await page.locator('button#lang-toggle').click();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const path of PAGES) {
      await test.step(path, async () => {
        await page.goto(path);
        await ready(page);
        await settled(page);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        if (path.startsWith('/procedures/1')) {
          await checklist(page);
        }
        await expectAccessible(page, `${path} (${lang})`);
      });
    }
  });
}
