// The built workspace, opened in Chromium as a user would.
const { test, expect } = require('@playwright/test');

test('first run stores the sample workspace and lists its incidents; a reload keeps them', async ({ page }) => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto('/');
  await expect(page.getByTestId('sample-notice')).toBeVisible();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('past-count')).toHaveText('117');
  const open = page.locator('[data-testid=incident-row][data-open=true]');
  await expect(open).toHaveCount(3);
  // The open incidents lead, each with its severity in words, not colour alone.
  await expect(open.first()).toContainText(/SEV[1-4]/);
  await expect(open.filter({ hasText: 'Investigating' })).toHaveCount(1);
  // A long history shows a page at a time.
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(53);
  await expect(page.getByTestId('show-more')).toHaveText('Show 50 more of 67');
  await page.getByTestId('show-more').click();
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(103);
  await page.getByTestId('show-more').click();
  await expect(page.getByTestId('show-more')).toHaveCount(0);
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(120);
  await expect(page.getByText('[Drill]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/workspace-first-run.png', fullPage: false });

  // Reload: the workspace comes from IndexedDB, not from a new sample.
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('past-count')).toHaveText('117');
  await expect(page.getByTestId('sample-notice')).toHaveCount(0);
  const stored = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('cygni-workspace');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('incidents', 'readonly');
      const count = tx.objectStore('incidents').count();
      count.onsuccess = () => resolve(count.result);
    };
  }));
  expect(stored).toBe(120);
  expect(errors).toEqual([]);
});

test('phone width: the list stays readable', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/workspace-phone.png' });
});

test('search and filters narrow the list', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const rows = page.locator('[data-testid=incident-row]');
  await page.getByTestId('filter-severity').selectOption('sev1');
  const sev1 = await rows.count();
  expect(sev1).toBeGreaterThan(0);
  for (let n = 0; n < sev1; n++) await expect(rows.nth(n)).toContainText('SEV1');
  await page.getByTestId('filter-severity').selectOption('');
  await page.getByTestId('filter-drills').selectOption('only');
  const drills = await rows.count();
  expect(drills).toBeGreaterThan(0);
  for (let n = 0; n < drills; n++) await expect(rows.nth(n)).toContainText('Drill');
  await page.getByTestId('filter-drills').selectOption('all');
  await page.getByTestId('filter-status').selectOption('open');
  await expect(rows).toHaveCount(3);
  await page.getByTestId('filter-status').selectOption('');
  const title = (await rows.first().locator('.title a').textContent()).trim();
  await page.getByTestId('filter-text').fill(title.slice(0, 12).toUpperCase());
  await expect(rows.first()).toContainText(title);
  await page.getByTestId('filter-text').fill('no incident is called this');
  await expect(rows).toHaveCount(0);
});
