// What the public reads is chosen and can be mended: a public title of its own (the internal
// title never reaches the site), a workaround, and a posted public update corrected or retracted.
// The preview and the site built from the export show it; feedparser sees one new entry for the
// correction; the Statuspage API's update has the new text and its updated_at.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, exportWorkspace } = require('./helpers');

const SITE_GEN = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
const PYTHON = path.join(__dirname, '..', 'site', '.venv', 'bin', 'python');

function build(bundle, out) {
  execFileSync(SITE_GEN, ['build', bundle, '--out', out, '--now', '2026-11-26T05:00:00Z', '--allow-sample']);
}

// The feed's entries as feedparser reads them: [{id, title}], and whether it complained.
function feed(file) {
  const script = 'import feedparser,json,sys; f=feedparser.parse(sys.argv[1]); print(json.dumps({"bozo": f.bozo, "entries": [{"id": e.id, "title": e.title} for e in f.entries]}))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file]).toString());
}

test('a public title, a workaround, and a public update corrected then another retracted, on the preview, the site, the feed and the API', async ({ page }, info) => {
  test.setTimeout(120_000);
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const internalTitle = 'pg-7 primary lost quorum';
  await declare(page, internalTitle, 'SEV2');

  // Not chosen yet: the status page would show the playbook's words, not the internal title.
  await expect(page.getByTestId('public-title-note')).toHaveText('Not chosen yet: the status page shows the playbook\'s “Major outage: REST API”.');
  await page.getByTestId('update-message').fill('REST API requests fail in us-east.');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('posted-update')).toHaveCount(1);
  await page.getByTestId('public-title').fill('Errors on the REST API');
  await page.getByTestId('public-title-save').click();
  await expect(page.getByTestId('public-title-note')).toHaveText('Chosen for this incident.');
  await page.getByTestId('workaround').fill('Retry after a few seconds.');
  await page.getByTestId('workaround-save').click();
  await expect(page.getByTestId('timeline')).toContainText('Public title set to “Errors on the REST API”');
  await page.goto('/');
  const before = await exportWorkspace(page, dir, 'before.json');
  await page.goBack();

  // Corrected: the posted list shows the new words; the timeline keeps what it said.
  await page.clock.fastForward('10:00');
  await page.getByTestId('correct-update').click();
  await page.getByTestId('correction-text').fill('REST API requests fail in every region.');
  await page.getByTestId('correction-save').click();
  await expect(page.getByTestId('posted-text')).toHaveText('REST API requests fail in every region.');
  await expect(page.getByTestId('posted-update')).toContainText('corrected 2026-11-26 03:1');
  await expect(page.getByTestId('timeline')).toContainText('Public update corrected; it said: “REST API requests fail in us-east.”');

  // Another public update, posted too early, retracted with a reason.
  await page.getByTestId('update-message').fill('The fix is deployed and everything works.');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('posted-update')).toHaveCount(2);
  page.once('dialog', (d) => d.accept('posted before the fix was verified'));
  await page.getByTestId('posted-update').first().getByTestId('retract-update').click();
  await expect(page.getByTestId('posted-update').first().getByTestId('posted-text')).toHaveText('Retracted');
  await expect(page.getByTestId('timeline')).toContainText('Public update retracted; it said: “The fix is deployed and everything works.”. Why: posted before the fix was verified');

  // The preview of the incident's public page.
  await page.getByTestId('preview-statuspage').click();
  await page.getByTestId('preview-tab-incident').click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h1')).toHaveText('Errors on the REST API');
  await expect(frame.locator('.updates')).toContainText('REST API requests fail in every region.');
  await expect(frame.locator('.updates')).toContainText('corrected at');
  await expect(frame.locator('.updates')).toContainText('This update was retracted.');
  await expect(frame.locator('.workaround')).toHaveText('Workaround: Retry after a few seconds.');
  const shown = await frame.locator('body').textContent();
  for (const gone of ['us-east', 'everything works', internalTitle]) expect(shown).not.toContain(gone);

  // The built site, the feed and the API.
  await page.goto('/');
  const after = await exportWorkspace(page, dir, 'after.json');
  const [siteBefore, siteAfter] = [path.join(dir, 'site-before'), path.join(dir, 'site-after')];
  build(before, siteBefore);
  build(after, siteAfter);
  const id = JSON.parse(fs.readFileSync(after, 'utf8')).incidents.find((i) => i.title === internalTitle).id;
  const html = fs.readFileSync(path.join(siteAfter, 'incidents', id, 'index.html'), 'utf8');
  expect(html).toContain('<h1>Errors on the REST API</h1>');
  expect(html).toContain('corrected at');
  expect(html).toContain('This update was retracted.');
  for (const f of ['index.html', 'feed.atom', 'feed.rss', 'api/v2/incidents.json', `incidents/${id}/index.html`]) {
    const text = fs.readFileSync(path.join(siteAfter, f), 'utf8');
    for (const gone of ['us-east', 'everything works', internalTitle]) expect(text, `${f} says “${gone}”`).not.toContain(gone);
  }
  const [old, now] = [feed(path.join(siteBefore, 'feed.atom')), feed(path.join(siteAfter, 'feed.atom'))];
  expect(now.bozo).toBeFalsy();
  const added = now.entries.filter((e) => !old.entries.some((o) => o.id === e.id));
  expect(added.map((e) => e.title).sort()).toEqual(['Correction: Errors on the REST API', 'Retracted: Errors on the REST API']);
  const api = JSON.parse(fs.readFileSync(path.join(siteAfter, 'api', 'v2', 'incidents.json'), 'utf8'));
  const inc = api.incidents.find((i) => i.id === id);
  expect(inc.name).toBe('Errors on the REST API');
  const first = inc.incident_updates.find((u) => u.created_at.startsWith('2026-11-26T03:0'));
  expect(first.body).toBe('REST API requests fail in every region.');
  expect(first.updated_at > first.created_at).toBe(true);
  expect(first.updated_at.startsWith('2026-11-26T03:1')).toBe(true);
});

test.describe('an older export', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a schema 2 export joins a new workspace: published incidents keep the title the public read, the rest get none; it exports as the current schema (6)', async ({ page }, info) => {
    const dir = info.outputDir;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(__dirname, '..', 'fixtures', 'v2', 'real-4.json');
    const old = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(old.schema_version).toBe(2);
    await page.goto('/');
    await page.getByTestId('join-file').setInputFiles(file);
    await expect(page.getByTestId('workspace-name')).toHaveText('Cygni');
    const out = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'joined.json'), 'utf8'));
    expect(out.schema_version).toBe(6);
    for (const was of old.incidents) {
      const now = out.incidents.find((i) => i.id === was.id);
      expect(now.title).toBe(was.title);
      const published = was.updates.some((u) => u.public);
      expect(now.public_title ?? null).toBe(published ? was.title : null);
    }
    // An unpublished incident's page shows the playbook's suggestion, not its internal title.
    const quiet = old.incidents.find((i) => !i.updates.some((u) => u.public));
    await page.goto(`/#/incident/${quiet.id}`);
    await expect(page.getByTestId('public-title-note')).toContainText('Not chosen yet');
    await expect(page.getByTestId('public-title')).toHaveValue('');
  });
});
