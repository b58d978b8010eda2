// Two tabs on one workspace: each sees the other's changes, and a write never overwrites work
// stored by another tab since (merge on write).
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { bucketKey, exportWorkspace } = require('./helpers');

test('two tabs see each other\'s notes, and a stale tab merges instead of overwriting', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/');
  await expect(a.getByTestId('open-count')).toHaveText('3');
  const first = a.locator('[data-testid=incident-row][data-open=true] .title a').first();
  const href = await first.getAttribute('href');
  await first.click();
  const b = await context.newPage();
  await b.goto('/' + href);
  await expect(b.getByTestId('incident')).toBeVisible();

  await a.getByTestId('note-input').fill('Written in tab A');
  await a.getByTestId('note-input').press('Enter');
  await expect(b.getByTestId('timeline')).toContainText('Note: Written in tab A');
  await b.getByTestId('note-input').fill('Written in tab B');
  await b.getByTestId('note-input').press('Enter');
  await expect(a.getByTestId('timeline')).toContainText('Note: Written in tab B');
  await expect(a.getByTestId('timeline')).toContainText('Note: Written in tab A');

  // A writer that does not announce itself (an older tab, another window): tab B's next save
  // merges with what is stored instead of overwriting it.
  const id = href.split('/').pop();
  await a.evaluate(([id, key]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('cygni-workspace');
    req.onsuccess = () => {
      const tx = req.result.transaction('incidents', 'readwrite');
      const store = tx.objectStore('incidents');
      // The incidents are kept in buckets: an object from id to the incident's JSON text.
      const get = store.get(key);
      get.onsuccess = () => {
        const bucket = get.result;
        const inc = JSON.parse(bucket[id]);
        const last = inc.timeline.map((e) => e.at).sort().pop();
        inc.timeline.push({ id: 'silent-writer-1', at: last, by: null, kind: { type: 'note', text: 'Written silently elsewhere' } });
        bucket[id] = JSON.stringify(inc);
        store.put(bucket, key);
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }), [id, bucketKey(id)]);
  await b.getByTestId('note-input').fill('Second note in tab B');
  await b.getByTestId('note-input').press('Enter');
  await expect(b.getByTestId('timeline')).toContainText('Note: Second note in tab B');
  await expect(b.getByTestId('timeline')).toContainText('Note: Written silently elsewhere');
  await b.reload();
  await expect(b.getByTestId('timeline')).toContainText('Note: Written silently elsewhere');
  await expect(b.getByTestId('timeline')).toContainText('Note: Written in tab A');
});

test('an import merges with what another tab stored while its preview was open', async ({ context }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const a = await context.newPage();
  await a.goto('/');
  await expect(a.getByTestId('open-count')).toHaveText('3');
  const href = await a.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href');

  // Another person's copy with one incident they declared.
  const theirs = JSON.parse(fs.readFileSync(await exportWorkspace(a, dir, 'mine.json'), 'utf8'));
  const fresh = JSON.parse(JSON.stringify(theirs.incidents[0]));
  fresh.id = 'declared-on-laptop-b';
  fresh.title = 'Imported from laptop B';
  theirs.incidents.push(fresh);
  theirs.device_id = 'a-laptop-b';
  const file = path.join(dir, 'theirs.json');
  fs.writeFileSync(file, JSON.stringify(theirs));
  await a.getByTestId('import-file').setInputFiles(file);
  await expect(a.getByTestId('import-summary')).toContainText('1 new incidents, 0 updated');

  // While tab A shows the preview, tab B notes something and declares an incident.
  const b = await context.newPage();
  await b.goto('/' + href);
  await b.getByTestId('note-input').fill('Written in tab B during the import');
  await b.getByTestId('note-input').press('Enter');
  await expect(b.getByTestId('timeline')).toContainText('Written in tab B during the import');
  await b.getByTestId('command-input').fill('/incident create sev3 "Declared in tab B meanwhile"');
  await b.getByTestId('command-input').press('Enter');
  await expect(b.getByTestId('incident-title')).toHaveText('Declared in tab B meanwhile');

  await a.getByTestId('import-apply').click();
  await expect(a.getByTestId('import-done')).toBeVisible();
  // Tab B sees the import without a reload; nothing of B's is gone, in either tab or after reload.
  await b.getByRole('link', { name: 'Cygni' }).click();
  await b.getByTestId('filter-text').fill('Imported from laptop B');
  await expect(b.locator('[data-testid=incident-row]')).toHaveCount(1);
  for (const page of [a, b]) {
    await page.reload();
    await page.getByTestId('filter-text').fill('Declared in tab B meanwhile');
    await expect(page.locator('[data-testid=incident-row]')).toHaveCount(1);
    await page.goto('/' + href);
    await expect(page.getByTestId('timeline')).toContainText('Written in tab B during the import');
  }
  // The workspace keeps its own device id.
  await a.getByRole('link', { name: 'Cygni' }).click();
  const mine = JSON.parse(fs.readFileSync(await exportWorkspace(a, dir, 'after.json'), 'utf8'));
  expect(mine.device_id).not.toBe('a-laptop-b');
  expect(mine.incidents.map((i) => i.title)).toContain('Imported from laptop B');
});
