// Safe updates (issue 9). A new deploy is simulated on a COPY of dist/ served by this spec's own
// server (deploys.ts): its sw.js gets a new build id, as Trunk's post_build hook stamps one per
// build. Failed deploys (broken sw.js, an asset missing, the quota exceeded) are in
// update-failures.spec.ts.
//
// - the update waits: a banner (role="status") appears, focus and typed text stay, no reload;
// - "Tải lại" saves the draft edits (even those typed a moment before), lets the new worker take
//   over and reloads: the new worker controls the page and the draft text is back;
// - Cache Storage cleared with drafts still in IndexedDB: the app reloads online, the drafts list
//   still shows the draft, and the shell is cached again (an offline reload works).
import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { ready, watchPanics } from './helpers';
import { controllerBuild, controlled, copyDist, deploy } from './deploys';
import { ownServer } from '../fixtures/server.mjs';
import { answer, COMMUNE, PROCEDURE, shown, storedDraft } from '../fixtures/birth.mjs';

test('a new deploy waits for the citizen, who reloads without losing a draft', async ({ browser }) => {
  test.setTimeout(120_000);
  const dist = copyDist();
  const server = await ownServer({ label: 'update', distDir: dist });
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
  try {
    await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), COMMUNE);
    const page = await context.newPage();
    const panics = watchPanics(page);
    await page.goto(`/procedures/${PROCEDURE}`);
    await ready(page);
    await controlled(page);
    const first = await controllerBuild(page);
    expect(first).toMatch(/^[0-9a-f]{16}$/); // stamped by Trunk's post_build hook

    // A draft, typed into; the cursor stays in the field.
    await page.locator('#start-draft').click();
    await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
    const id = page.url().match(/\/drafts\/([0-9a-f]{32})$/)![1];
    await page.locator(`a[href="/drafts/${id}/child"]`).click();
    await expect(page).toHaveURL(new RegExp(`/drafts/${id}/child$`));
    await answer(page, 'child_name', 'Nguyễn Văn An');
    await page.locator('#f-child_birth_place').fill('Trạm y tế');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // Deploy, then the app's own check (the page becoming visible again).
    const next = deploy(dist, 'e2e');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const banner = page.getByRole('status').filter({ hasText: 'Có phiên bản mới — tải lại' });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Tải lại' })).toBeVisible();

    // It waits: the old worker still controls the page, nothing reloaded, focus and text stay.
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);
    expect(await controllerBuild(page)).toBe(first);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expect(page.locator('#f-child_birth_place')).toBeFocused();
    expect(await shown(page, 'child_name')).toBe('Nguyễn Văn An');
    await page.keyboard.type(' xã Thủy Nguyên'); // typing goes on into the same field
    expect(await shown(page, 'child_birth_place')).toBe('Trạm y tế xã Thủy Nguyên');

    // Reload at once, within the autosave's debounce: the edit is saved before the reload.
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Tải lại' }).click()]);
    await ready(page);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    await expect(page).toHaveURL(new RegExp(`/drafts/${id}/child$`));
    expect(await controllerBuild(page)).toBe(next);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    await expect(page.locator('#f-child_birth_place')).toHaveValue('Trạm y tế xã Thủy Nguyên');
    expect(await shown(page, 'child_name')).toBe('Nguyễn Văn An');
    await expect(page.getByRole('status').filter({ hasText: 'Có phiên bản mới' })).toHaveCount(0);
    // Only the new build's cache is left.
    const caches = await page.evaluate(() => caches.keys());
    expect(caches.filter((k) => k.startsWith('motcua-'))).toEqual([`motcua-shell-v5-${next}`]);
    expect(panics).toEqual([]);
  } finally {
    await context.close();
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});

test('a cleared Cache Storage with drafts in IndexedDB: the app reloads and keeps the drafts', async ({ page, context }) => {
  test.setTimeout(90_000);
  const panics = watchPanics(page);
  await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), COMMUNE);
  await page.goto(`/procedures/${PROCEDURE}`);
  await ready(page);
  await controlled(page);
  await page.locator('#start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  const id = page.url().match(/\/drafts\/([0-9a-f]{32})$/)![1];
  await page.locator(`a[href="/drafts/${id}/child"]`).click();
  await answer(page, 'child_name', 'Lê Thị Hà');
  await expect.poll(async () => ((await storedDraft(page, id)) as { answers?: Record<string, string> } | null)?.answers?.child_name).toBe('Lê Thị Hà');

  // Everything in Cache Storage goes (a browser under storage pressure, a "clear cache").
  const left = await page.evaluate(async () => {
    await Promise.all((await caches.keys()).map((k) => caches.delete(k)));
    return (await caches.keys()).length;
  });
  expect(left).toBe(0);

  await page.goto('/drafts');
  await ready(page);
  await expect(page.locator(`li[data-draft-id="${id}"] a[href="/drafts/${id}"]`)).toBeVisible();

  // The shell is cached again: once the wasm is back in a cache, an offline reload works.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        for (const name of await caches.keys()) {
          const keys = await (await caches.open(name)).keys();
          if (keys.some((r) => r.url.endsWith('_bg.wasm')) && keys.some((r) => new URL(r.url).pathname === '/')) return true;
        }
        return false;
      }),
    )
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await page.locator(`li[data-draft-id="${id}"] a[href="/drafts/${id}"]`).click();
  await page.locator(`a[href="/drafts/${id}/child"]`).click();
  await expect(page.locator('#f-child_name')).toHaveValue('Lê Thị Hà');
  await context.setOffline(false);
  expect(panics).toEqual([]);
});
