// The sync folder: two browsers (two contexts, each its own storage: two devices) linked to one
// folder on disk converge on the same incidents after each declares one and posts an update; a
// deletion in one reaches the other after it was shown; a half-written file in the folder is
// left with a message and nothing stored changes; `site-gen build <folder>/public/` builds the
// site from what they wrote.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, exportWorkspace, setUpTeam } = require('./helpers');
const { giveFolder } = require('./disk-folder');

const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
const fresh = { storageState: { cookies: [], origins: [] } };

// Reading the other device's file takes a poll (3 s) after its write (1.2 s after a change).
const SYNCED = { timeout: 20_000 };

async function linkFolder(page) {
  await page.getByTestId('settings-link').click();
  await page.getByTestId('sync-link').click();
  await expect(page.getByTestId('sync-linked')).toHaveText('Linked to the folder shared.');
}

async function titles(page) {
  await page.goto('/#/');
  return page.locator('[data-testid=incident-row] .title a').allTextContents();
}

async function expectTitles(page, want) {
  await expect(async () => {
    expect((await titles(page)).sort()).toEqual([...want].sort());
  }).toPass(SYNCED);
}

test('two browsers linked to one folder converge; a deletion reaches the other after it is shown; a half-written file changes nothing', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const dir = info.outputDir;
  const shared = path.join(dir, 'shared');
  fs.rmSync(shared, { recursive: true, force: true });

  // Device A sets up the workspace; device B joins it from A's export.
  const a = await browser.newContext(fresh);
  await giveFolder(a, shared);
  const pa = await a.newPage();
  await setUpTeam(pa);
  const joined = await exportWorkspace(pa, dir, 'a.json');
  const b = await browser.newContext(fresh);
  await giveFolder(b, shared);
  const pb = await b.newPage();
  await pb.goto('/');
  await pb.getByTestId('join-file').setInputFiles(joined);
  await expect(pb.getByTestId('workspace-name')).toHaveText('Acme Hosting');

  await linkFolder(pa);
  await linkFolder(pb);
  // Each writes its two files as it is linked: the layout docs/sync.md describes.
  const listed = (sub) => (fs.existsSync(path.join(shared, sub)) ? fs.readdirSync(path.join(shared, sub)).sort() : []);
  await expect.poll(() => listed('workspace').length, SYNCED).toBe(2);
  const devices = listed('workspace');
  expect(devices.every((d) => /^team-[0-9a-f]+\.json$/.test(d))).toBe(true);
  await expect.poll(() => listed('public'), SYNCED).toEqual(devices);

  // Each declares one and posts its first status-page update.
  await declare(pa, 'Checkout failing', 'SEV2');
  await pa.getByTestId('post-statuspage').click();
  await expect(pa.getByTestId('timeline')).toContainText('Status page update');
  await declare(pb, 'Search slow', 'SEV3');
  await pb.getByTestId('post-statuspage').click();
  await expect(pb.getByTestId('timeline')).toContainText('Status page update');
  await expectTitles(pa, ['Checkout failing', 'Search slow']);
  await expectTitles(pb, ['Checkout failing', 'Search slow']);
  // And the updates came along: B sees A's posted update on A's incident.
  await pb.getByRole('link', { name: 'Checkout failing' }).click();
  await expect(pb.getByTestId('timeline')).toContainText('Status page update: We are investigating');

  // A deletes B's incident: B is shown what the folder's file deletes before it merges it.
  await pa.getByRole('link', { name: 'Search slow' }).click();
  await pa.getByTestId('delete-open').click();
  await pa.getByTestId('delete-incident').click();
  await expect(pa.getByTestId('incident-deleted')).toBeVisible();
  await pb.goto('/#/');
  await expect(pb.getByTestId('sync-review')).toBeVisible(SYNCED);
  await expect(pb.getByTestId('sync-deleted')).toContainText('Search slow');
  await pb.getByTestId('sync-apply').click();
  await expectTitles(pb, ['Checkout failing']);
  await expectTitles(pa, ['Checkout failing']);

  // A half-written file of a third device: left with a message; nothing stored changes.
  const before = JSON.parse(fs.readFileSync(await exportWorkspace(pa, dir, 'before.json'), 'utf8'));
  const whole = fs.readFileSync(path.join(shared, 'workspace', devices[0]), 'utf8');
  fs.writeFileSync(path.join(shared, 'workspace', 'team-laptop-c.json'), whole.slice(0, Math.floor(whole.length / 2)));
  await pa.getByTestId('settings-link').click();
  await expect(pa.getByTestId('sync-problem')).toContainText('workspace/team-laptop-c.json in the sync folder was not merged: it is not a complete bundle', SYNCED);
  await expect(pa.getByTestId('sync-problem')).toContainText('nothing in this workspace changed');
  await pa.goto('/#/');
  const after = JSON.parse(fs.readFileSync(await exportWorkspace(pa, dir, 'after.json'), 'utf8'));
  expect(after.incidents).toEqual(before.incidents);
  expect(after.tombstones).toEqual(before.tombstones);

  // The folder's public/ is what the site is built from: the public words only.
  fs.rmSync(path.join(shared, 'workspace', 'team-laptop-c.json'));
  const site = path.join(dir, 'site');
  execFileSync(siteGen, ['build', path.join(shared, 'public'), '--out', site]);
  const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  expect(index).toContain('Major outage: REST API');
  expect(index).not.toContain('Checkout failing');
  // The deleted incident stays off it, whichever browser's public part is older.
  const api = JSON.parse(fs.readFileSync(path.join(site, 'api', 'v2', 'incidents.json'), 'utf8'));
  expect(api.incidents).toHaveLength(1);
  await a.close();
  await b.close();
});

test('the demo cannot link a sync folder', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('settings-link').click();
  await expect(page.getByTestId('sync-unavailable')).toContainText('the demo is never synced');
  await expect(page.getByTestId('sync-link')).toHaveCount(0);
});
