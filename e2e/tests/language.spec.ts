// The VI/EN toggle: visible, switches the UI and <html lang>, and is remembered.
import { expect, test } from '@playwright/test';
import { ready } from './helpers';

test('the language toggle switches to English and persists across a reload', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'vi');
  const h1Vi = await page.locator('h1').innerText();

  const toggle = page.locator('button#lang-toggle');
  await expect(toggle).toBeVisible();
  await toggle.click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('h1')).not.toHaveText(h1Vi);

  await page.reload();
  await ready(page);
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).not.toHaveText(h1Vi);

  await page.locator('button#lang-toggle').click();
  await expect(html).toHaveAttribute('lang', 'vi');
  await expect(page.locator('h1')).toHaveText(h1Vi);
});
