// Uptime you can explain (schema 4): a schema 3 export joins a new workspace and counts uptime as
// before; the team sets its own weights in Settings; the status page preview and the export say
// them; a weight above 100 % is refused and nothing stored changes.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { exportWorkspace } = require('./helpers');

test.use({ storageState: { cookies: [], origins: [] } });

test('a schema 3 export joins with the old weights; the team sets its own and the status page says them', async ({ page }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(__dirname, '..', 'fixtures', 'v3', 'real-4.json');
  const old = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(old.schema_version).toBe(3);
  expect(old.settings.uptime_weights).toBeUndefined();
  await page.goto('/');
  await page.getByTestId('join-file').setInputFiles(file);
  await expect(page.getByTestId('workspace-name')).toHaveText('Cygni');
  const joined = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'joined.json'), 'utf8'));
  expect(joined.schema_version).toBe(6);
  expect(joined.settings.uptime_weights).toEqual({
    major_outage: 100, partial_outage: 30, degraded_performance: 0, maintenance: 0,
  });

  // The status page says how it counts.
  await page.goto('/#/');
  await page.getByTestId('preview-link').click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('#comp-h + p')).toContainText('a partial outage at 30 %');

  // A weight above 100 % is refused with what is wrong, and nothing is stored.
  await page.goto('/#/settings');
  await page.getByTestId('weight-partial').fill('130');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('a partial outage is a percentage from 0 to 100, not 130');
  await page.getByTestId('settings-discard').click();

  await page.getByTestId('weight-partial').fill('50');
  await page.getByTestId('weight-maintenance').fill('10');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('weight-partial')).toHaveValue('50');

  await page.goto('/#/');
  await page.getByTestId('preview-link').click();
  const note = page.frameLocator('[data-testid=preview-frame]').locator('#comp-h + p');
  await expect(note).toContainText('a partial outage at 50 %');
  await expect(note).toContainText('maintenance at 10 %');
  await page.goto('/#/');
  const saved = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'saved.json'), 'utf8'));
  expect(saved.settings.uptime_weights.partial_outage).toBe(50);
  expect(saved.settings.stamps.uptime_weights).toBeTruthy();
});
