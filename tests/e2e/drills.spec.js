// Drills: the first-Thursday schedule, a drill started from a scenario with the rotating
// commander, its review, and the rule that a drill never reaches the status site or the default
// metrics.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { resolve } = require('./helpers');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('start a drill from a scenario; it never reaches the status site or the default metrics', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') }); // a Thursday, not the first
  await page.goto('/#/metrics');
  const before = await page.getByTestId('metrics-count').textContent();
  expect(before).toMatch(/drills left out/);

  await page.goto('/#/drills');
  await expect(page.getByTestId('drill-days').locator('li').first()).toHaveText('Thursday 3 December 2026');
  await expect(page.getByTestId('drill-days').locator('li')).toHaveText(['Thursday 3 December 2026', 'Thursday 7 January 2027', 'Thursday 4 February 2027']);
  const commander = (await page.getByTestId('drill-commander').textContent()).trim();
  expect(commander).not.toBe('');

  await page.getByTestId('drill-start-api-down').click();
  await expect(page.getByTestId('incident-title')).toHaveText('[Drill] API down');
  await expect(page.locator('.inc-head .tag.drill')).toHaveText('Drill');
  // Nothing public to preview: no preview button, and the preview panel says why.
  await expect(page.getByTestId('preview-statuspage')).toHaveCount(0);
  await expect(page.getByTestId('preview-drill')).toContainText('drills never reach the status site');
  await expect(page.getByTestId('role-ic').locator('option:checked')).toHaveText(commander);
  await expect(page.getByTestId('timeline')).toContainText('Drill scenario: Synthetic checks on api.cygni.dev return 503');
  // Responders practise the real thing, public update included.
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update:');
  await page.clock.fastForward('20:00');
  await resolve(page);
  await expect(page.getByRole('heading', { name: 'Drill review' })).toBeVisible();
  await expect(page.getByTestId('pm-publish')).toHaveCount(0);
  await page.getByTestId('pm-save').click();
  await expect(page.getByTestId('action-error')).toHaveCount(0);
  // Stored: the list of the drill's events to pick from goes once a review is saved.
  await expect(page.locator('details.pm-events')).toHaveCount(0);

  // The next drill goes to someone else.
  await page.goto('/#/drills');
  await expect(page.getByTestId('drill-commander')).not.toHaveText(commander);
  await expect(page.getByTestId('drill-list')).toContainText('[Drill] API down');

  // Default metrics are unchanged.
  await page.goto('/#/metrics');
  await expect(page.getByTestId('metrics-count')).toHaveText(before);

  // The generated site has no trace of it.
  await page.goto('/#/');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bundle = path.join(dir, 'export.json');
  await download.saveAs(bundle);
  const drill = JSON.parse(fs.readFileSync(bundle, 'utf8')).incidents.find((i) => i.title === '[Drill] API down');
  expect(drill.drill).toBe(true);
  const site = path.join(dir, 'site');
  execFileSync(path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen'), ['build', bundle, '--out', site, '--now', '2026-11-26T10:00:00Z', '--allow-sample']);
  const files = walk(site);
  expect(files.length).toBeGreaterThan(50);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    expect(text.includes(drill.id), f).toBe(false);
    expect(text.includes('Synthetic checks on api.cygni.dev'), f).toBe(false);
  }
});
