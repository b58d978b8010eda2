// The status site's language (schema 5): a schema 4 export joins a new workspace and its site
// stays English; the team switches it to German in Settings; the status page preview speaks
// German (lang, headings, statuses, dates) while the incidents keep their own words; the choice
// survives a reload and travels in the export.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { exportWorkspace } = require('./helpers');

test.use({ storageState: { cookies: [], origins: [] } });

test('a schema 4 export joins in English; switched to German, the status page speaks German and the export says so', async ({ page }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(__dirname, '..', 'fixtures', 'v4', 'real-4.json');
  const old = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(old.schema_version).toBe(4);
  expect(old.settings.site_language).toBeUndefined();
  await page.goto('/');
  await page.getByTestId('join-file').setInputFiles(file);
  await expect(page.getByTestId('workspace-name')).toHaveText('Cygni');
  const joined = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'joined.json'), 'utf8'));
  expect(joined.schema_version).toBe(6);
  expect(joined.settings.site_language).toBe('en');

  await page.goto('/#/');
  await page.getByTestId('preview-link').click();
  let frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('html')).toHaveAttribute('lang', 'en');
  await expect(frame.locator('#comp-h')).toHaveText('Components');
  const title = (await frame.locator('#active-h + article h3, .incs .inc a').first().textContent()).trim();

  await page.goto('/#/settings');
  await expect(page.getByTestId('site-language-select')).toHaveValue('en');
  await page.getByTestId('site-language-select').selectOption('de');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('site-language-select')).toHaveValue('de');

  await page.goto('/#/');
  await page.getByTestId('preview-link').click();
  frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('html')).toHaveAttribute('lang', 'de');
  await expect(frame.locator('#comp-h')).toHaveText('Komponenten');
  await expect(frame.locator('#past-h')).toHaveText('Vergangene Störungen');
  await expect(frame.locator('.banner p')).toContainText(/^Stand: \d{1,2}\. [A-ZÄ][a-zä]+\.? \d{4}, \d\d:\d\d UTC$/);
  await expect(frame.locator('.skip')).toHaveText('Zum Inhalt springen');
  // The team's own words are published as written.
  await expect(frame.getByText(title).first()).toBeVisible();

  await page.goto('/#/');
  const saved = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'saved.json'), 'utf8'));
  expect(saved.schema_version).toBe(6);
  expect(saved.settings.site_language).toBe('de');
  expect(saved.settings.stamps.site_language).toBeTruthy();
});
