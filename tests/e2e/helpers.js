// Steps that several specs take the same way.
const { expect } = require('@playwright/test');
const path = require('path');

// Declares an incident through the form: `sev` like 'SEV2', REST API with a major outage.
async function declare(page, title, sev) {
  await page.getByTestId('declare-link').click();
  await page.getByTestId('declare-title').fill(title);
  await page.getByLabel(new RegExp(sev)).check();
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByLabel('Impact on REST API').selectOption('major_outage');
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('incident-title')).toHaveText(title);
}

// Exports the workspace through the Export button into `dir/name`; returns the file's path.
async function exportWorkspace(page, dir, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toMatch(/^cygni-incidents-\d{8}T\d{6}Z\.json$/);
  const file = path.join(dir, name);
  await download.saveAs(file);
  return file;
}

// Resolves the open incident from Lifecycle. The playbook's resolution confirmation is asked
// first: unless all of it is ticked, the reason to resolve anyway is given.
async function resolve(page, reason = 'confirmed by hand during the test') {
  await page.getByTestId('status-resolved').click();
  const asked = page.getByTestId('resolve-confirm');
  const done = page.getByTestId('incident-status').filter({ hasText: /^Resolved$/ });
  await expect(asked.or(done)).toBeVisible();
  if (await asked.isVisible()) {
    await page.getByTestId('resolve-reason').fill(reason);
    await page.getByTestId('resolve-anyway').click();
  }
  await expect(done).toBeVisible();
}

// Sets up a team's workspace (Acme Hosting, REST API and Dashboard) on the first screen.
async function setUpTeam(page) {
  await page.goto('/');
  await page.getByTestId('setup-org').fill('Acme Hosting');
  await page.getByTestId('setup-url').fill('https://status.acme.test');
  await page.getByTestId('setup-components').fill('Platform / REST API\nDashboard');
  await page.getByTestId('setup-create').click();
  await expect(page.getByTestId('workspace-name')).toHaveText('Acme Hosting');
}

// The key of the bucket the browser store keeps incident `id` in (schema 6: FNV-1a, 32 bits, of
// the id's UTF-8 bytes, modulo 256, as `#` and two hex digits), for a test that reads or writes
// the store as another program would.
function bucketKey(id) {
  let hash = 0x811c9dc5;
  for (const b of Buffer.from(id, 'utf8')) {
    hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  }
  return `#${(hash % 256).toString(16).padStart(2, '0')}`;
}

module.exports = { bucketKey, declare, exportWorkspace, resolve, setUpTeam };
