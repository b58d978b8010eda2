// Offline after one visit: the service worker serves the app shell, the workspace opens from
// IndexedDB, and a responder can declare an incident and post updates with the network gone,
// and preview the status page (its renderer, the site worker, was kept on that first visit,
// though the page had not used it yet).
const { test, expect } = require('@playwright/test');

test('after one visit the workspace opens and works offline', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  // The service worker is installed and has cached the shell.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(async () => {
    const c = await caches.open('cygni-shell');
    const keys = (await c.keys()).map((r) => r.url);
    return keys.some((u) => /\/app-\w+_bg\.wasm$/.test(u)) && keys.some((u) => u.endsWith('.js'))
      && keys.some((u) => /\/site-worker-\w+_bg\.wasm$/.test(u)) && keys.some((u) => /\/site-worker-\w+-loader\.js$/.test(u));
  })).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('offline')).toBeVisible();

  const bar = page.getByTestId('command-input');
  await bar.fill('/incident create sev2 "Declared on a train"');
  await bar.press('Enter');
  await expect(page.getByTestId('incident-title')).toHaveText('Declared on a train');
  await page.getByTestId('update-message').fill('Investigating from the train, network is down.');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('timeline')).toContainText('Investigating from the train');
  await page.evaluate(() => { location.hash = '#/preview'; });
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h1#overall')).toBeVisible();
  expect(page.workers().some((w) => /site-worker-\w+-loader\.js$/.test(w.url()))).toBe(true);
  await page.goBack();

  await page.reload();
  await expect(page.getByTestId('incident-title')).toHaveText('Declared on a train');
  await context.setOffline(false);
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('4');
  await expect(page.getByTestId('offline')).toHaveCount(0);
});

test('a new version shows an "updated" notice on the next visit, with the workspace untouched', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('updated')).toHaveCount(0);
  // The last visit ran another build (as after a deploy: trunk names files by content hash).
  await page.evaluate(() => localStorage.setItem('cygni-build', '/app-0000000000000000.js'));
  await page.reload();
  await expect(page.getByTestId('updated')).toContainText('updated to a new version');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await expect(page.getByTestId('updated')).toHaveCount(0);
});

// The workspace asks the browser to keep its storage when the disk runs low; where the browser
// does not promise it, the list says so and what to do.
for (const granted of [false, true]) {
  test(`persistent storage ${granted ? 'granted: no note' : 'refused: the list says so'}`, async ({ page }) => {
    await page.addInitScript((granted) => {
      window.__asked = 0;
      navigator.storage.persisted = async () => false;
      window.__answered = 0;
      navigator.storage.persist = async () => {
        window.__asked += 1;
        setTimeout(() => { window.__answered = 1; });
        return granted;
      };
    }, granted);
    await page.goto('/');
    await expect(page.getByTestId('open-count')).toHaveText('3');
    await expect.poll(() => page.evaluate(() => window.__asked)).toBe(1);
    await expect.poll(() => page.evaluate(() => window.__answered)).toBe(1);
    if (granted) {
      await expect(page.getByTestId('export')).toBeVisible();
      await expect(page.getByTestId('storage-note')).toHaveCount(0);
    } else {
      await expect(page.getByTestId('storage-note')).toContainText('Export it now and then, or install the app');
      // Asked once: the next visit does not ask again (Firefox would prompt every time).
      await page.reload();
      await expect(page.getByTestId('storage-note')).toBeVisible();
      expect(await page.evaluate(() => window.__asked)).toBe(0);
    }
  });
}
