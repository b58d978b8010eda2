// Two people (two browser profiles) edit the same incident apart, exchange exports, and end with
// identical workspaces that hold both people's work and the conflict.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { exportWorkspace } = require('./helpers');

async function person(browser, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  return { name, context, page };
}

async function exportTo(p, file) {
  await p.page.goto('/');
  await expect(p.page.getByTestId('open-count')).toBeVisible();
  return exportWorkspace(p.page, path.dirname(file), path.basename(file));
}

test('two people edit one incident apart and converge after exchanging files', async ({ browser }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const ana = await person(browser, 'ana');
  const ben = await person(browser, 'ben');
  const href = await ana.page.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href');
  expect(await ben.page.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href')).toBe(href);

  for (const [p, sev, note, minutes] of [[ana, 'SEV1', 'Ana: DB failover started', 2], [ben, 'SEV2', 'Ben: only EU customers affected', 3]]) {
    await p.page.clock.fastForward(`0${minutes}:00`);
    await p.page.goto('/' + href);
    await p.page.getByTestId('note-input').fill(note);
    await p.page.getByTestId('note-input').press('Enter');
    await expect(p.page.getByTestId('timeline')).toContainText(note);
    await p.page.getByTestId('severity-select').selectOption(sev);
    await expect(p.page.getByTestId('incident-severity')).toHaveText(sev);
  }

  const anaFile = await exportTo(ana, path.join(dir, 'ana.json'));
  const benFile = await exportTo(ben, path.join(dir, 'ben.json'));
  for (const [p, file] of [[ana, benFile], [ben, anaFile]]) {
    await p.page.goto('/');
    await p.page.getByTestId('import-file').setInputFiles(file);
    await expect(p.page.getByTestId('import-summary')).toContainText('1 updated');
    await expect(p.page.getByTestId('import-summary')).toContainText('1 conflicts to settle');
    await p.page.getByTestId('import-apply').click();
    await expect(p.page.getByTestId('import-done')).toBeVisible();
  }

  // Both hold both notes; the later severity (Ben's SEV2) wins and Ana's SEV1 is kept as a conflict.
  for (const p of [ana, ben]) {
    await p.page.goto('/' + href);
    const timeline = p.page.getByTestId('timeline');
    await expect(timeline).toContainText('Ana: DB failover started');
    await expect(timeline).toContainText('Ben: only EU customers affected');
    await expect(timeline).toContainText(/Conflict: .* also set the severity to SEV1 at .*; it is SEV2 now\./);
    await expect(p.page.getByTestId('conflicts')).toContainText('also set the severity to SEV1');
    await expect(p.page.getByTestId('incident-severity')).toHaveText('SEV2');
  }
  const strip = (t) => t.replace(/"exported_at": "[^"]*"/, '');
  const a2 = fs.readFileSync(await exportTo(ana, path.join(dir, 'ana-after.json')), 'utf8');
  const b2 = fs.readFileSync(await exportTo(ben, path.join(dir, 'ben-after.json')), 'utf8');
  expect(strip(a2)).toBe(strip(b2));
  await ana.context.close();
  await ben.context.close();
});
