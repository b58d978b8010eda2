// Two people who each set up the team's workspace, then exchange files: they converge, and a
// conflict they make on purpose (each names a different Scribe, each renames the
// same component) is said in words, with names, on the incident and on Settings, where it is
// settled; the settled copy, exchanged again, leaves neither of them with a conflict.
const { test, expect } = require('@playwright/test');
const fs = require('fs');

const { AxeBuilder } = require('@axe-core/playwright');

const { declare, exportWorkspace } = require('./helpers');

// No serious accessibility violation on the page as it is (light and dark).
async function accessible(page) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).include('[data-testid=conflicts]').analyze();
    const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }
}

const fresh = { storageState: { cookies: [], origins: [] } };
test.use(fresh);

async function setUp(page, me) {
  await page.goto('/');
  await page.getByTestId('setup-org').fill('Acme Hosting');
  await page.getByTestId('setup-url').fill('https://status.acme.test');
  await page.getByTestId('setup-components').fill('Platform / REST API\nDashboard');
  await page.getByTestId('setup-people').fill('Ana Lima, ana@acme.test\nBo Chen, bo@acme.test');
  await page.getByTestId('setup-create').click();
  await expect(page.getByTestId('workspace-name')).toHaveText('Acme Hosting');
  await page.getByRole('banner').getByTestId('whoami').selectOption({ label: me });
}

async function importFile(page, file) {
  await page.goto('/');
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  const summary = await page.getByTestId('import-summary').textContent();
  const words = (await page.getByTestId('import-conflicts').count()) > 0
    ? await page.getByTestId('import-conflicts').textContent() : '';
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  return { summary, words };
}

// The export, from the list where its button is.
async function exportFrom(page, name, dir) {
  await page.goto('/');
  return exportWorkspace(page, dir, name);
}

// What a workspace holds, without who exported it and when.
const content = (file) => {
  const b = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { settings: b.settings, incidents: b.incidents, maintenances: b.maintenances, tombstones: b.tombstones };
};

async function renameDashboard(page, name) {
  await page.goto('/#/settings');
  await page.getByTestId('component-name-c-dashboard').fill(name);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
}

test('two set-up workspaces exchange files and converge; a deliberate conflict is said in words and settled on the incident and on Settings', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const ana = await (await browser.newContext(fresh)).newPage();
  const bo = await (await browser.newContext(fresh)).newPage();
  await setUp(ana, 'Ana Lima');
  await setUp(bo, 'Bo Chen');

  // Ana declares; the two exchange files.
  await declare(ana, 'Checkout API failing', 'SEV2');
  const incidentUrl = ana.url().replace(/^.*#/, '/#');
  const first = await importFile(bo, await exportFrom(ana, 'ana-1.json', dir));
  expect(first.summary).toContain('1 new incidents');
  // The same set-up on both sides is nothing to decide.
  expect(first.summary).toContain('0 conflicts to settle');
  await importFile(ana, await exportFrom(bo, 'bo-1.json', dir));
  expect(content(await exportFrom(ana, 'ana-2.json', dir))).toEqual(content(await exportFrom(bo, 'bo-2.json', dir)));
  await bo.goto(incidentUrl);
  await expect(bo.getByTestId('incident-title')).toHaveText('Checkout API failing');
  await expect(bo.getByTestId('conflicts')).toHaveCount(0);

  // On purpose: both name a different Scribe, both rename the same component. (The declarer,
  // Ana, is Incident Commander already.)
  await ana.goto(incidentUrl);
  await expect(ana.getByTestId('role-ic')).toHaveValue(/ana-lima/);
  await ana.getByTestId('role-scribe').selectOption({ label: 'Ana Lima' });
  await expect(ana.getByTestId('timeline')).toContainText('Scribe: Ana Lima');
  await renameDashboard(ana, 'Web dashboard');
  await bo.goto(incidentUrl);
  await bo.getByTestId('role-scribe').selectOption({ label: 'Bo Chen' });
  await expect(bo.getByTestId('timeline')).toContainText('Scribe: Bo Chen');
  await renameDashboard(bo, 'Customer dashboard');

  // Bo imports Ana's file: the preview says both conflicts in words, with names and no ids.
  const second = await importFile(bo, await exportFrom(ana, 'ana-3.json', dir));
  expect(second.summary).toContain('2 conflicts to settle');
  expect(second.words).toContain('Checkout API failing: Ana Lima also set the Scribe to Ana Lima');
  expect(second.words).toContain('Settings: Ana Lima also set component “Customer dashboard”\'s name to “Web dashboard”');
  expect(second.words).not.toMatch(/c-dashboard|p-ana|conflict-|\{"/);

  // On the incident: the later choice is kept, the other said in words, then settled (kept).
  await bo.goto(incidentUrl);
  const onIncident = bo.getByTestId('conflicts').getByTestId('conflict');
  await expect(onIncident).toHaveCount(1);
  await expect(onIncident).toContainText(/Ana Lima also set the Scribe to Ana Lima at \d{4}-\d\d-\d\d \d\d:\d\d UTC; it is Bo Chen now\./);
  await expect(bo.getByTestId('timeline')).toContainText('Conflict: Ana Lima also set the Scribe to Ana Lima');
  await accessible(bo);
  await onIncident.getByTestId('conflict-keep').click();
  await expect(bo.getByTestId('conflicts')).toHaveCount(0);
  await expect(bo.getByTestId('role-scribe')).toHaveValue(/bo-chen/);
  await expect(bo.getByTestId('timeline')).toContainText('Conflict settled: kept the Scribe as Bo Chen (Ana Lima had set Ana Lima).');

  // On Settings: the same, and Bo takes Ana's name for the component.
  await bo.goto('/#/settings');
  const onSettings = bo.getByTestId('conflicts').getByTestId('conflict');
  await expect(onSettings).toHaveCount(1);
  await expect(onSettings).toContainText('Ana Lima also set component “Customer dashboard”\'s name to “Web dashboard”');
  await expect(onSettings).toContainText('it is “Customer dashboard” now.');
  await accessible(bo);
  await onSettings.getByTestId('conflict-take').click();
  await expect(bo.getByTestId('conflicts')).toHaveCount(0);
  await expect(bo.getByTestId('component-name-c-dashboard')).toHaveValue('Web dashboard');
  // Kept across a reload: it was stored.
  await bo.reload();
  await expect(bo.getByTestId('component-name-c-dashboard')).toHaveValue('Web dashboard');
  await expect(bo.getByTestId('conflicts')).toHaveCount(0);

  // Ana imports Bo's settled copy: nothing to settle, and the two are the same again.
  const third = await importFile(ana, await exportFrom(bo, 'bo-3.json', dir));
  expect(third.summary).toContain('0 conflicts to settle');
  await ana.goto(incidentUrl);
  await expect(ana.getByTestId('role-scribe')).toHaveValue(/bo-chen/);
  await expect(ana.getByTestId('conflicts')).toHaveCount(0);
  await ana.goto('/#/settings');
  await expect(ana.getByTestId('component-name-c-dashboard')).toHaveValue('Web dashboard');
  await expect(ana.getByTestId('conflicts')).toHaveCount(0);
  expect(content(await exportFrom(ana, 'ana-4.json', dir))).toEqual(content(await exportFrom(bo, 'bo-4.json', dir)));
});
