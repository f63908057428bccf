// Issue 6: rate the office offline, the rating goes through the outbox when the network is back
// and reaches the dashboard; bad input keeps what was typed.
import { expect, test } from '@playwright/test';
import { COMMUNE, expectAccessible, ready, serviceWorkerActive, settled } from './helpers';

type Stats = { satisfaction: { total: number; levels: { level: number; count: number }[] } };

test('rate the office offline, then online: the rating reaches the dashboard once', async ({
  page,
  context,
  request,
}) => {
  const before: Stats = await (await request.get(`/api/v1/stats?commune=${COMMUNE}`)).json();
  const satisfiedBefore = before.satisfaction.levels.find((l) => l.level === 2)!.count;

  await page.goto(`/c/${COMMUNE}`);
  await ready(page);
  await serviceWorkerActive(page);
  const form = page.locator('form.app-rating');
  await expect(form.locator('legend')).toContainText('hài lòng');

  // Bad input: no level chosen. The summary links to the group; the comment is kept.
  await form.locator('#f-comment').fill('<b>Cán bộ</b> hướng dẫn rất kỹ');
  await expect(form.locator('#f-comment-count')).toContainText('30/1000');
  await form.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.locator('.app-error-summary')).toContainText('Chọn một mức độ hài lòng');
  await expect(form.locator('#f-comment')).toHaveValue('<b>Cán bộ</b> hướng dẫn rất kỹ');

  await context.setOffline(true);
  await form.getByLabel('Hài lòng', { exact: true }).check();
  await form.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(form.locator('[data-rating]')).toHaveAttribute('data-rating', 'queued');
  await expect(form.locator('[role=status]')).toContainText('sẽ tự gửi khi có mạng');
  await expect(page.locator('body')).toHaveAttribute('data-outbox-pending', '1');

  await context.setOffline(false);
  await expect(form.locator('[data-rating]')).toHaveAttribute('data-rating', 'sent', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-outbox-pending', '0');

  const after: Stats = await (await request.get(`/api/v1/stats?commune=${COMMUNE}`)).json();
  expect(after.satisfaction.total).toBe(before.satisfaction.total + 1);
  expect(after.satisfaction.levels.find((l) => l.level === 2)!.count).toBe(satisfiedBefore + 1);

  // The dashboard shows it, in a chart and in a table, with the CSV download.
  await page.goto(`/stats/${COMMUNE}`);
  await ready(page);
  await settled(page);
  await expect(page.locator('svg.app-chart[role=img]').first()).toBeVisible();
  const row = page
    .locator('[role=region][aria-labelledby="stats-satisfaction"] table tr')
    .filter({ has: page.getByRole('rowheader', { name: 'Hài lòng', exact: true }) });
  await expect(row).toContainText(String(satisfiedBefore + 1));
  const csv = await request.get(
    (await page.locator('a', { hasText: 'CSV' }).getAttribute('href'))!,
  );
  expect(await csv.text()).toContain(`satisfaction,${COMMUNE},,,level_2,${satisfiedBefore + 1}`);
  await expectAccessible(page, 'dashboard after a rating');
});
