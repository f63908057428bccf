// Shared steps of the e2e specs: waiting for the app, checking accessibility, choosing a commune.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The commune the journeys use: Thủy Nguyên (Hải Phòng). */
export const COMMUNE = '11560';
/** The procedure the journeys use: birth registration (đăng ký khai sinh). */
export const PROCEDURE = '1.001193';

/**
 * Waits until the wasm app runs (Trunk's loader sets `window.wasmBindings`) and has done its
 * first render from stored or fetched data (`<body data-ready="1">`).
 */
export async function ready(page: Page): Promise<void> {
  watchCsp(page);
  await page.waitForFunction(() => 'wasmBindings' in window, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30_000 });
  await expect(page.locator('main h1, h1').first()).toBeVisible();
}

/** No loading placeholder left on the page. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.app-status[role="status"]:is(h1)')).toHaveCount(0);
}

/** Content-Security-Policy violations the browser reported on each page since its first `ready`. */
const cspViolations = new WeakMap<Page, string[]>();

/** Starts collecting the page's CSP violations (the server's policy is strict: see hardening). */
function watchCsp(page: Page): void {
  if (cspViolations.has(page)) return;
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
}

/**
 * AXE (WCAG 2.0/2.1 A and AA, 2.2 AA) finds no violation on the page as it is now, and the
 * browser reported no Content-Security-Policy violation on it.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(cspViolations.get(page) ?? [], `CSP violations on ${label}`).toEqual([]);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n'),
  );
  expect(summary, `axe violations on ${label} (${page.url()})`).toEqual([]);
}

/** On `/`: filters by a name typed without diacritics and chooses commune {@link COMMUNE}. */
export async function chooseCommune(page: Page): Promise<void> {
  await page.goto('/');
  await ready(page);
  await page.locator('#commune-filter').fill('thuy nguyen');
  const item = page.locator('li', { has: page.locator(`a[href="/c/${COMMUNE}"]`) });
  await expect(item).toBeVisible();
  await item.locator('button').click();
  await expect(page).toHaveURL(/\/procedures$/);
}

/** The procedure guide's checkboxes, once stored ticks have been loaded. */
export async function checklist(page: Page) {
  await expect(page.locator('[data-loaded="1"]').first()).toBeAttached();
  return page.locator('ul.app-checklist input[type=checkbox]');
}

/** Waits until a service worker is active for the page (the app shell is cached). */
export async function serviceWorkerActive(page: Page): Promise<void> {
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });
  expect(state).toBe('activated');
}

/** The shared server's SQLite database (see playwright.config.ts), for `sqlite3` checks. */
export function sharedDbPath(): string {
  return `${process.env.MOTCUA_E2E_DB_DIR}/e2e.db`;
}

/** The id of the draft whose page is open (`/drafts/{id}…`). */
export function draftIdOf(url: string): string {
  const m = url.match(/\/drafts\/([0-9a-f]{32})/);
  if (!m) throw new Error(`not a draft page: ${url}`);
  return m[1];
}

/**
 * Collects the app's Rust panics (`panicked at …` on the console: after one, the wasm app is
 * dead) so a test can fail with the panic message instead of a mysterious timeout.
 */
export function watchPanics(page: Page): string[] {
  const panics: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked at')) {
      panics.push(`${page.url()}: ${m.text().split('\n\nStack')[0].replace(/\s+/g, ' ').slice(0, 300)}`);
      if (process.env.MOTCUA_PANIC_STACKS) console.log(m.text());
    }
  });
  return panics;
}
