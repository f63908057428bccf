// AXE on every page of the journey, in Vietnamese and in English.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { checklist, chooseCommune, COMMUNE, expectAccessible, PROCEDURE, ready, settled, sharedDbPath } from './helpers';

const PAGES = [
  '/',
  `/c/${COMMUNE}`,
  '/procedures',
  '/procedures?q=dang%20ky%20khai%20sinh',
  '/procedures?q=qwxz%20zzqq',
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

// QR pages (issue 5): a landing of each kind the seed has, the helpful page, the scanner
// (without a camera here: its message and the typed-code form) and a poster.
for (const lang of ['vi', 'en'] as const) {
  test(`axe finds no violation on the QR pages (${lang})`, async ({ page }) => {
    await page.request.get(`/c/${COMMUNE}/posters`);
    const token = (key: string) =>
      execFileSync('sqlite3', ['-readonly', sharedDbPath(), `SELECT token FROM qr_links WHERE commune = '${COMMUNE}' AND target_key = '${key}'`], {
        encoding: 'utf8',
      }).trim();
    await chooseCommune(page);
    if (lang === 'en') {
      await page.locator('button#lang-toggle').click();
    }
    const pages = [`/q/${token(`procedure:${PROCEDURE}`)}`, `/q/${token('office')}`, '/q/ZZZZZZZZ', '/scan'];
    for (const path of pages) {
      await test.step(path, async () => {
        await page.goto(path);
        await ready(page);
        await settled(page);
        if (path === '/scan') {
          await expect(page.locator('#scan-no-camera')).toBeVisible();
        }
        await expectAccessible(page, `${path} (${lang})`);
      });
    }
    if (lang === 'vi') {
      await page.goto(`/q/${token('office')}/poster`);
      await expectAccessible(page, 'office poster');
      await page.goto(`/c/${COMMUNE}/posters`);
      await expectAccessible(page, 'poster index');
    }
  });
}
