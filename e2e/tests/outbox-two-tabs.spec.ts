// The same draft open in two tabs, "Submit" pressed in both: the office receives it once, and
// both tabs show the same receipt.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chooseCommune, ready, sharedDbPath } from './helpers';
import { fillBirthDraft } from '../fixtures/birth.mjs';

function submissionsOfDraft(id: string): number {
  const out = execFileSync('sqlite3', ['-readonly', sharedDbPath(), `SELECT count(*) FROM submissions WHERE draft_id = '${id}'`], {
    encoding: 'utf8',
  });
  return Number(out.trim());
}

test('one draft submitted from two tabs reaches the server once', async ({ context }) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  await chooseCommune(a);
  await ready(a);
  const id = await fillBirthDraft(a, { expect });

  // Tab B opens the same check-answers page.
  const b = await context.newPage();
  await b.goto(`/drafts/${id}/check`);
  await ready(b);
  await expect(b.locator('button#submit-draft')).toBeVisible();

  // Offline, both press Submit at the same moment; then the network returns.
  await context.setOffline(true);
  await Promise.all([a.locator('button#submit-draft').click(), b.locator('button#submit-draft').click()]);
  await expect(a).toHaveURL(new RegExp(`/drafts/${id}$`));
  await expect(b).toHaveURL(new RegExp(`/drafts/${id}$`));
  await context.setOffline(false);

  const codeA = a.locator('#receipt-code');
  const codeB = b.locator('#receipt-code');
  await expect(codeA).toBeVisible({ timeout: 30_000 });
  await expect(codeB).toBeVisible({ timeout: 30_000 });
  expect(await codeA.innerText()).toBe(await codeB.innerText());
  for (const p of [a, b]) await expect(p.locator('body')).toHaveAttribute('data-outbox-pending', '0');

  // Let any late duplicate request land before counting.
  await a.waitForTimeout(2000);
  expect(submissionsOfDraft(id)).toBe(1);

  // Online this time: Submit again from a reopened check page in B does nothing new.
  await b.goto(`/drafts/${id}/check`);
  await ready(b);
  await expect(b.locator('button#submit-draft')).toHaveCount(0); // a sent draft is not editable
  await expect(b.locator('#receipt-code')).toHaveText(await codeA.innerText());
  expect(submissionsOfDraft(id)).toBe(1);
});
