// Export and import in the built workspace: the file is a valid bundle; importing another
// person's copy previews what changes and merges it; hostile files change nothing.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { bucketKey, declare, exportWorkspace } = require('./helpers');

test('export, then import another person\'s edited copy: preview, merge, nothing lost', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const mine = await exportWorkspace(page, dir, 'mine.json');
  const bundle = JSON.parse(fs.readFileSync(mine, 'utf8'));
  expect(bundle.format).toBe('cygni-incident-bundle');
  expect(bundle.incidents).toHaveLength(120);

  // Importing my own export changes nothing, also once an editor has put a byte-order mark on it.
  await page.getByTestId('import-file').setInputFiles(mine);
  await expect(page.getByTestId('import-summary')).toContainText('0 new incidents, 0 updated');
  await page.getByTestId('import-cancel').click();
  const bom = path.join(dir, 'mine-bom.json');
  fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(mine)]));
  await page.getByTestId('import-file').setInputFiles(bom);
  await expect(page.getByTestId('import-summary')).toContainText('0 new incidents, 0 updated');
  await page.getByTestId('import-cancel').click();

  // Another person's copy: one incident they declared, one title they changed later.
  const theirs = JSON.parse(JSON.stringify(bundle));
  theirs.device_id = 'laptop-b';
  const fresh = JSON.parse(JSON.stringify(theirs.incidents[0]));
  fresh.id = 'declared-on-laptop-b';
  fresh.title = 'Webhooks failing (seen by B)';
  fresh.timeline = fresh.timeline.map((e, n) => ({ ...e, id: `b-${n}` }));
  fresh.updates = fresh.updates.map((u) => ({ ...u, id: `b-${u.id}` }));
  fresh.timeline = fresh.timeline.map((e) => (e.kind.type === 'update_posted' ? { ...e, kind: { ...e.kind, update: `b-${e.kind.update}` } } : e));
  fresh.action_items = fresh.action_items.map((a) => ({ ...a, id: `b-${a.id}` }));
  theirs.incidents.push(fresh);
  const edited = theirs.incidents[5];
  edited.title = 'Retitled by B';
  edited.stamps = { ...edited.stamps, title: { at: '2026-11-26T08:59:00Z', device: 'laptop-b' } };
  const theirsFile = path.join(dir, 'theirs.json');
  fs.writeFileSync(theirsFile, JSON.stringify(theirs));

  await page.getByTestId('import-file').setInputFiles(theirsFile);
  await expect(page.getByTestId('import-summary')).toContainText('1 new incidents, 1 updated');
  // Exporting meanwhile (a copy before merging) leaves the preview where it is.
  await exportWorkspace(page, dir, 'before-merge.json');
  await expect(page.getByTestId('import-summary')).toContainText('1 new incidents, 1 updated');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  const total = async () => Number(await page.getByTestId('open-count').textContent()) + Number(await page.getByTestId('past-count').textContent());
  expect(await total()).toBe(121);
  await page.getByTestId('filter-text').fill('Retitled by B');
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('open-count')).toBeVisible();
  expect(await total()).toBe(121);
  await page.getByTestId('filter-text').fill('seen by B');
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(1);
});

test('hostile files are refused with a located message and the workspace is unchanged', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const before = fs.readFileSync(await exportWorkspace(page, dir, 'before.json'), 'utf8');
  const good = JSON.parse(before);

  const dup = JSON.parse(before); dup.incidents[1].id = dup.incidents[0].id;
  const badTime = JSON.parse(before); badTime.incidents[0].started_at = '2026-13-45 25:61';
  const newer = JSON.parse(before); newer.schema_version = 99;
  const cases = [
    ['not-a-bundle.json', '{"hello": "world"}', /format/],
    ['truncated.json', before.slice(0, before.length / 2), /truncated/],
    ['newer.json', JSON.stringify(newer), /newer/],
    ['duplicate.json', JSON.stringify(dup), /duplicate incident id/],
    ['bad-time.json', JSON.stringify(badTime), /incidents\[0\]\.started_at/],
    ['deep.json', '['.repeat(100000) + ']'.repeat(100000), /line 1/],
    ['binary.json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not UTF-8 text \(byte 2/],
    // Tens of megabytes that are not a workspace: read, refused, nothing touched.
    ['huge.json', `{"format": "cygni-incident-bundle", "schema_version": 1, "notes": "${'x'.repeat(40 * 1024 * 1024)}"}`, /exported_at/],
  ];
  for (const [name, text, message] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    await page.getByTestId('import-file').setInputFiles(file);
    // (Reading and refusing 40 MB can take several seconds on a busy machine.)
    await expect(page.getByTestId('import-error'), name).toContainText(message, { timeout: 30_000 });
    await expect(page.getByTestId('import-error')).toContainText('nothing in the workspace changed');
  }
  await page.reload();
  const after = fs.readFileSync(await exportWorkspace(page, dir, 'after.json'), 'utf8');
  // Byte for byte, but for the export time itself.
  const strip = (t) => t.replace(/"exported_at": "[^"]*"/, '');
  expect(strip(after)).toBe(strip(before));
  expect(good.incidents).toHaveLength(120);
});

test('export the incidents shown, or only what the public may see', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });

  await page.getByTestId('filter-severity').selectOption('sev1');
  const shown = Number(await page.getByTestId('open-count').textContent()) + Number(await page.getByTestId('past-count').textContent());
  const [d1] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-shown').click()]);
  const chosen = path.join(dir, 'sev1.json');
  await d1.saveAs(chosen);
  const sev1 = JSON.parse(fs.readFileSync(chosen, 'utf8'));
  expect(sev1.incidents).toHaveLength(shown);
  expect(sev1.incidents.every((i) => i.severity === 'sev1')).toBe(true);
  await page.getByTestId('filter-severity').selectOption('');

  const [d2] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(d2.suggestedFilename()).toMatch(/^cygni-incidents-\d{8}T\d{6}Z\.json$/);
  const full = path.join(dir, 'full.json');
  await d2.saveAs(full);
  await page.getByTestId('export-public').check();
  const [d3] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  // Not the full export's name: the two files are never mistaken for each other.
  expect(d3.suggestedFilename()).toMatch(/^cygni-public-\d{8}T\d{6}Z\.json$/);
  const pub = path.join(dir, 'public.json');
  await d3.saveAs(pub);
  const p = JSON.parse(fs.readFileSync(pub, 'utf8'));
  expect(p.settings.people).toEqual([]);
  expect(p.incidents.every((i) => !i.drill && i.updates.every((u) => u.public) && i.timeline.length === 0)).toBe(true);
  const text = fs.readFileSync(pub, 'utf8');
  for (const person of JSON.parse(fs.readFileSync(full, 'utf8')).settings.people) expect(text).not.toContain(person.name);

  // The status site built from the public file is the site built from the whole workspace.
  const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
  const build = (input, out) => execFileSync(siteGen, ['build', input, '--out', path.join(dir, out), '--now', '2026-11-26T09:30:00Z', '--allow-sample']);
  build(full, 'site-full');
  build(pub, 'site-public');
  for (const f of ['index.html', 'api/v2/summary.json', 'feed.atom', 'history/index.html']) {
    expect(fs.readFileSync(path.join(dir, 'site-public', f), 'utf8'), f).toBe(fs.readFileSync(path.join(dir, 'site-full', f), 'utf8'));
  }
});

test('a file dropped on the page is imported the same way', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = path.join(info.outputDir, 'mine.json');
  fs.mkdirSync(info.outputDir, { recursive: true });
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('import-summary')).toContainText('0 new incidents, 0 updated');
  await expect(page.getByTestId('import-preview')).toContainText('dropped.json');
});

test('an incident declared by mistake is deleted, stays deleted on copies that import it, and can be restored', async ({ page, browser }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  // Both people's first-run samples are dated from the same hour, as a team's would be (an hour
  // turning between the two visits would make two different samples).
  const NOW = new Date('2026-11-26T09:00:00Z');
  await page.clock.install({ time: NOW });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Declared twice by mistake', 'SEV3');
  const url = page.url();
  // A colleague already has it.
  await page.getByRole('link', { name: '← All incidents' }).click();
  const before = await exportWorkspace(page, dir, 'before-deletion.json');
  const other = await (await browser.newContext()).newPage();
  await other.clock.install({ time: NOW });
  await other.goto('/');
  await other.getByTestId('import-file').setInputFiles(before);
  await other.getByTestId('import-apply').click();
  await expect(other.getByTestId('open-count')).toHaveText('4');

  await page.goto(url);
  await page.getByTestId('delete-open').click();
  await page.getByTestId('delete-incident').click();
  await expect(page.getByTestId('incident-deleted')).toContainText('This incident was deleted');
  await page.getByRole('link', { name: '← All incidents' }).click();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('filter-text').fill('Declared twice');
  await expect(page.locator('[data-testid=incident-row]')).toHaveCount(0);
  await page.getByTestId('filter-text').fill('');

  // The file carries the deletion: the colleague is told, by title, and the incident goes.
  const file = await exportWorkspace(page, dir, 'with-deletion.json');
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  const gone = bundle.incidents.find((i) => i.title === 'Declared twice by mistake');
  expect(bundle.tombstones.map((t) => t.id)).toContain(gone.id);
  await other.getByTestId('import-file').setInputFiles(file);
  await expect(other.getByTestId('import-summary')).toContainText(/0 new incidents, 0 updated, \d+ unchanged, 1 deleted;/);
  await expect(other.getByTestId('import-deleted')).toHaveText('Declared twice by mistake');
  await other.getByTestId('import-apply').click();
  await expect(other.getByTestId('import-done')).toBeVisible();
  await expect(other.getByTestId('open-count')).toHaveText('3');
  await other.context().close();

  // Restored: an edit after the deletion brings it back.
  await page.goto(url);
  await page.getByTestId('restore-incident').click();
  await expect(page.getByTestId('incident-title')).toHaveText('Declared twice by mistake');
  await expect(page.getByTestId('timeline')).toContainText('Restored after it was deleted');
  await page.getByRole('link', { name: '← All incidents' }).click();
  await expect(page.getByTestId('open-count')).toHaveText('4');
});

test('the demo and a real workspace never mix; an older (schema 1) export of the demo still imports', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const fixtures = path.join(__dirname, '..', 'fixtures');
  const before = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'before.json'), 'utf8'));
  // The demo's export says it is made up.
  expect(before.sample).toBe(true);
  expect(before.schema_version).toBe(6);

  // A real workspace's file is refused, and nothing stored changes.
  await page.getByTestId('import-file').setInputFiles(path.join(fixtures, 'v2', 'real-4.json'));
  const refused = page.getByTestId('import-error');
  await expect(refused).toContainText('nothing in the workspace changed');
  await expect(refused).toContainText('this is the demo');
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const after = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'after.json'), 'utf8'));
  expect({ ...after, exported_at: null }).toEqual({ ...before, exported_at: null });

  // A schema 1 export of the demo (a sample's device) is read, migrated and merged.
  const old = path.join(fixtures, 'v1', 'sample-4.json');
  const oldIds = JSON.parse(fs.readFileSync(old, 'utf8')).incidents.map((i) => i.id);
  await page.getByTestId('import-file').setInputFiles(old);
  await expect(page.getByTestId('import-summary')).toContainText('4 new incidents');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('open-count')).toBeVisible();
  const merged = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'merged.json'), 'utf8'));
  expect(merged.schema_version).toBe(6);
  expect(merged.sample).toBe(true);
  expect(merged.incidents).toHaveLength(124);
  for (const id of oldIds) expect(merged.incidents.map((i) => i.id)).toContain(id);
});

test.describe('a workspace from before the buckets (schema 5)', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a browser that holds a schema 5 workspace opens it whole, keeps it in buckets from then on, and a schema 5 export merges into it', async ({ page }, info) => {
    const dir = info.outputDir;
    fs.mkdirSync(dir, { recursive: true });
    const old = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'v5', 'real-4.json'), 'utf8'));
    expect(old.schema_version).toBe(5);
    // The team's workspace as schema 5 kept it: one record per incident, each its JSON text.
    await page.goto('/icon.svg');
    await page.evaluate((old) => new Promise((resolve, reject) => {
      const req = indexedDB.open('cygni-team', 1);
      req.onupgradeneeded = () => { for (const s of ['meta', 'incidents', 'maintenances', 'tombstones']) req.result.createObjectStore(s); };
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction(['meta', 'incidents', 'maintenances'], 'readwrite');
        const meta = tx.objectStore('meta');
        meta.put(JSON.stringify(old.settings), 'settings');
        meta.put(JSON.stringify(old.device_id), 'device_id');
        meta.put('false', 'sample');
        meta.put('5', 'schema_version');
        for (const i of old.incidents) tx.objectStore('incidents').put(JSON.stringify(i), i.id);
        for (const m of old.maintenances) tx.objectStore('maintenances').put(JSON.stringify(m), m.id);
        tx.oncomplete = () => { req.result.close(); localStorage.setItem('cygni-mode', 'team'); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }), old);
    await page.goto('/');
    await expect(page.getByTestId('workspace-name')).toHaveText(old.settings.organization.name);
    await expect(page.locator('[data-testid=incident-row]')).toHaveCount(old.incidents.length);
    // Stored in buckets now: each incident under its bucket's key, with the text it had.
    const stored = await page.evaluate(() => new Promise((resolve, reject) => {
      const req = indexedDB.open('cygni-team');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const store = req.result.transaction('incidents', 'readonly').objectStore('incidents');
        const keys = store.getAllKeys();
        const values = store.getAll();
        values.onsuccess = () => { req.result.close(); resolve(keys.result.map((k, n) => [k, values.result[n]])); };
      };
    }));
    const held = stored.flatMap(([key, bucket]) => Object.entries(bucket).map(([id, text]) => [key, id, text]));
    expect(held.map(([, id]) => id).sort()).toEqual(old.incidents.map((i) => i.id).sort());
    for (const [key, id, text] of held) {
      expect(key).toBe(bucketKey(id));
      expect(JSON.parse(text)).toEqual(old.incidents.find((i) => i.id === id));
    }

    // A schema 5 export with one more incident merges into it.
    const theirs = JSON.parse(JSON.stringify(old));
    theirs.incidents.push({ ...old.incidents[0], id: 'declared-on-a-schema-5-laptop', title: 'Declared on a schema 5 laptop' });
    const file = path.join(dir, 'schema-5.json');
    fs.writeFileSync(file, JSON.stringify(theirs, null, 2));
    await page.getByTestId('import-file').setInputFiles(file);
    await expect(page.getByTestId('import-summary')).toContainText('1 new incidents');
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('import-done')).toBeVisible();
    await page.reload();
    await expect(page.locator('[data-testid=incident-row]')).toHaveCount(old.incidents.length + 1);
    await expect(page.getByText('Declared on a schema 5 laptop').first()).toBeVisible();
    const out = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'out.json'), 'utf8'));
    expect(out.schema_version).toBe(6);
    expect(out.incidents).toHaveLength(old.incidents.length + 1);
  });
});
