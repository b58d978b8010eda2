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
      // Every incident, in the buckets the store keeps them in (fewer values than incidents).
      const tx = req.result.transaction('incidents', 'readonly');
      const all = tx.objectStore('incidents').getAll();
      all.onsuccess = () => resolve([all.result.reduce((n, bucket) => n + Object.keys(bucket).length, 0), all.result.length]);
    };
  }));
  expect(stored[0]).toBe(120);
  expect(stored[1]).toBeLessThan(120);
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

test('a large workspace opens with its open and latest incidents, reads the rest after, and loses no edit made meanwhile', async ({ page }, info) => {
  test.setTimeout(120000);
  const fs = require('fs');
  const path = require('path');
  const { execFileSync } = require('child_process');
  const { exportWorkspace } = require('./helpers');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const big = path.join(dir, 'big.json');
  execFileSync(path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen'), ['sample', '--incidents', '3000', '--seed', '5', '--now', new Date().toISOString().replace(/\.\d+Z$/, 'Z'), '--compact', '--out', big]);
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('import-file').setInputFiles(big);
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 60000 });
  const open = await page.getByTestId('open-count').textContent();
  const past = await page.getByTestId('past-count').textContent();
  const rows = async () => page.locator('[data-testid=incident-row] .title a').allTextContents();
  const firstPage = await rows();
  expect(Number(open) + Number(past)).toBe(3120);

  // A slow phone: the first screen comes before the rest is read.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText(open, { timeout: 60000 });
  // Every open incident is there at once, and the same latest past ones, newest first.
  expect(await rows()).toEqual(firstPage);
  // What needs every incident waits and says so (if the rest is not read yet).
  const reading = await page.getByTestId('reading-older').isVisible();
  if (reading) {
    await expect(page.getByTestId('export')).toBeDisabled();
    await expect(page.getByTestId('import-file')).toBeDisabled();
  }
  // An edit made at once, perhaps while the rest is read, is kept when the rest arrives.
  await page.locator('[data-testid=incident-row][data-open=true] .title a').first().click();
  const note = `noted at once ${Date.now()}`;
  await page.getByTestId('note-input').fill(note);
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('timeline').getByText(note)).toBeVisible({ timeout: 30000 });
  await page.evaluate(() => { location.hash = '#/metrics'; });
  await expect(page.getByTestId('reading-rest').or(page.getByTestId('metrics-days'))).toBeVisible({ timeout: 30000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(page.getByTestId('reading-rest')).toHaveCount(0, { timeout: 30000 });
  await page.evaluate(() => { location.hash = '#/'; });
  await expect(page.getByTestId('reading-older')).toHaveCount(0);
  await expect(page.getByTestId('past-count')).toHaveText(past);
  await expect(page.getByTestId('open-count')).toHaveText(open);
  // Stored and exported whole, the note in it.
  const file = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'after.json'), 'utf8'));
  expect(file.incidents).toHaveLength(3120);
  expect(JSON.stringify(file)).toContain(note);
  await page.reload();
  await expect(page.getByTestId('past-count')).toHaveText(past, { timeout: 30000 });
  await expect(page.getByTestId('reading-older')).toHaveCount(0);
});
