// Two tabs on one workspace: each sees the other's changes, and a write never overwrites work
// stored by another tab since (merge on write).
const { test, expect } = require('@playwright/test');

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
  await a.evaluate((id) => new Promise((resolve, reject) => {
    const req = indexedDB.open('cygni-workspace');
    req.onsuccess = () => {
      const tx = req.result.transaction('incidents', 'readwrite');
      const store = tx.objectStore('incidents');
      const get = store.get(id);
      get.onsuccess = () => {
        const inc = JSON.parse(get.result);
        const last = inc.timeline.map((e) => e.at).sort().pop();
        inc.timeline.push({ id: 'silent-writer-1', at: last, by: null, kind: { type: 'note', text: 'Written silently elsewhere' } });
        store.put(JSON.stringify(inc), id);
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }), id);
  await b.getByTestId('note-input').fill('Second note in tab B');
  await b.getByTestId('note-input').press('Enter');
  await expect(b.getByTestId('timeline')).toContainText('Note: Second note in tab B');
  await expect(b.getByTestId('timeline')).toContainText('Note: Written silently elsewhere');
  await b.reload();
  await expect(b.getByTestId('timeline')).toContainText('Note: Written silently elsewhere');
  await expect(b.getByTestId('timeline')).toContainText('Note: Written in tab A');
});
