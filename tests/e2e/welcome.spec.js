// A real team's start: the first screen asks what to do (nothing stored before the answer), a
// team's workspace set up or joined, the demo apart with its banner and its way out.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { AxeBuilder } = require('@axe-core/playwright');

const { declare, exportWorkspace } = require('./helpers');

// A fresh browser: nothing chosen yet.
test.use({ storageState: { cookies: [], origins: [] } });

const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
const fixtures = path.join(__dirname, '..', 'fixtures');

// Every record stored in every database of the page's origin.
const storedRecords = (page) => page.evaluate(async () => {
  let total = 0;
  for (const { name } of await indexedDB.databases()) {
    total += await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const stores = [...db.objectStoreNames];
        if (stores.length === 0) { db.close(); resolve(0); return; }
        const tx = db.transaction(stores, 'readonly');
        let n = 0;
        let left = stores.length;
        for (const s of stores) {
          const c = tx.objectStore(s).count();
          c.onsuccess = () => { n += c.result; if (--left === 0) { db.close(); resolve(n); } };
        }
      };
    });
  }
  return total;
});

test('set up our workspace: nothing stored before the choice, an empty list with our name, no sample in its export, a demo file refused', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect(await storedRecords(page)).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem('cygni-mode'))).toBeNull();

  await page.getByTestId('setup-org').fill('Acme Hosting');
  await page.getByTestId('setup-url').fill('https://status.acme.test');
  await page.getByTestId('setup-components').fill('Platform / REST API\nDashboard');
  await page.getByTestId('setup-people').fill('Ana Lima, ana@acme.test, +1 555 0100');
  await page.getByTestId('setup-create').click();
  await expect(page.getByTestId('workspace-name')).toHaveText('Acme Hosting');
  await expect(page.getByTestId('open-count')).toHaveText('0');
  await expect(page.getByTestId('past-count')).toHaveText('0');
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);

  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const ours = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'ours.json'), 'utf8'));
  expect(ours.sample).toBeUndefined();
  expect(ours.incidents).toHaveLength(0);
  expect(ours.maintenances).toHaveLength(0);
  expect(ours.settings.organization).toEqual({ name: 'Acme Hosting', status_page_url: 'https://status.acme.test' });
  expect(ours.settings.components.map((c) => c.name)).toEqual(['REST API', 'Dashboard']);
  expect(ours.settings.component_groups.map((g) => g.name)).toEqual(['Platform']);
  expect(ours.settings.people.map((p) => [p.name, p.email, p.phone])).toEqual([['Ana Lima', 'ana@acme.test', '+1 555 0100']]);
  // No record of the demo's made-up company.
  const demo = JSON.parse(fs.readFileSync(path.join(fixtures, 'v2', 'sample-4.json'), 'utf8'));
  const demoIds = new Set([...demo.settings.components, ...demo.settings.people].map((r) => r.id));
  expect([...ours.settings.components, ...ours.settings.people].filter((r) => demoIds.has(r.id))).toEqual([]);

  // The workspace works: an incident on our own component.
  await declare(page, 'Checkout API failing', 'SEV2');
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('1');

  // A sample (site-gen's, or a demo's export) is refused, and nothing stored changes.
  const before = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'before.json'), 'utf8'));
  const sample = path.join(dir, 'sample.json');
  execFileSync(siteGen, ['sample', '--incidents', '5', '--seed', '1', '--out', sample]);
  await page.getByTestId('import-file').setInputFiles(sample);
  await expect(page.getByTestId('import-error')).toContainText('sample data');
  await expect(page.getByTestId('import-error')).toContainText('nothing in the workspace changed');
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('1');
  const after = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'after.json'), 'utf8'));
  expect({ ...after, exported_at: null }).toEqual({ ...before, exported_at: null });
});

test('the demo apart: its banner on every screen and a way out; join a team from an export; reset it', async ({ page }) => {
  page.on('dialog', (d) => d.accept());
  await page.goto('/');
  await page.getByTestId('choose-demo').click();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('demo-banner')).toContainText('made up');
  await page.goto('/#/settings');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page.getByTestId('leave-demo').click();
  await expect(page.getByTestId('welcome')).toBeVisible();

  // Joining with a demo's file is refused; with a team's export it becomes this workspace.
  await page.getByTestId('join-file').setInputFiles(path.join(fixtures, 'v2', 'sample-4.json'));
  await expect(page.getByTestId('join-error')).toContainText('sample data');
  await expect(page.getByTestId('welcome')).toBeVisible();
  // A file with a wrong value is refused, saying what and where (the site worker reads such a
  // file: the page's module carries only the fast reader).
  const broken = JSON.parse(fs.readFileSync(path.join(fixtures, 'v2', 'real-4.json'), 'utf8'));
  broken.incidents[1].started_at = 'yesterday';
  const brokenFile = path.join(test.info().outputDir, 'broken.json');
  fs.mkdirSync(test.info().outputDir, { recursive: true });
  fs.writeFileSync(brokenFile, JSON.stringify(broken));
  await page.getByTestId('join-file').setInputFiles(brokenFile);
  await expect(page.getByTestId('join-error')).toContainText('broken.json was not joined; nothing was stored.');
  await expect(page.getByTestId('join-error')).toContainText('$.incidents[1].started_at');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.getByTestId('join-file').setInputFiles(path.join(fixtures, 'v2', 'real-4.json'));
  await expect(page.getByTestId('workspace-name')).toHaveText('Cygni');
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  const total = async () => Number(await page.getByTestId('open-count').textContent()) + Number(await page.getByTestId('past-count').textContent());
  await expect(page.getByTestId('past-count')).toBeVisible();
  expect(await total()).toBe(4);

  // Reset: the team's copy is gone from this browser; the demo, kept apart, is still there.
  await page.goto('/#/settings');
  await page.getByTestId('reset-team').click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.getByTestId('choose-demo').click();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
});

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious violation on the first screen (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.getByTestId('welcome')).toBeVisible();
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });
}
