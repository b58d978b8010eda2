// Scheduled maintenance, authored in the workspace: schedule, start, update, complete; the
// reminder when a window should have started; the public preview and the site built from the
// export show each state, on a page of its own.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { exportWorkspace } = require('./helpers');

const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');

test('schedule a maintenance, start it, post an update, complete it: the preview and the built site follow', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/#/maintenance');
  await expect(page.getByTestId('maintenance-page')).toBeVisible();
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });

  // A window that should already have started.
  await page.getByTestId('maint-title').fill('Database upgrade');
  await page.getByTestId('maint-start').fill('2026-11-26T08:30');
  await page.getByTestId('maint-end').fill('2026-11-26T10:00');
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByTestId('maint-message').fill('We will upgrade the primary database; the API may be slow.');
  await page.getByTestId('maint-schedule').click();
  const upcoming = page.getByTestId('maint-upcoming').getByTestId('maint-window').filter({ hasText: 'Database upgrade' });
  await expect(upcoming.getByTestId('maint-status')).toHaveText('Scheduled');
  await expect(upcoming.getByTestId('maint-reminder')).toContainText('should have started');

  // Each state, in the preview and on the site built from the export.
  const site = async (name, expected) => {
    await page.goto('/');
    await expect(page.getByTestId('open-count')).toBeVisible();
    const bundle = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, `${name}.json`), 'utf8'));
    const m = bundle.maintenances.find((x) => x.title === 'Database upgrade');
    const out = path.join(dir, `site-${name}`);
    execFileSync(siteGen, ['build', path.join(dir, `${name}.json`), '--out', out, '--now', '2026-11-26T09:30:00Z', '--allow-sample']);
    const own = fs.readFileSync(path.join(out, 'maintenance', m.id, 'index.html'), 'utf8');
    for (const words of expected) expect(own).toContain(words);
    const feed = fs.readFileSync(path.join(out, 'feed.atom'), 'utf8');
    expect(feed).toContain(`maintenance/${m.id}/`);
    return fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  };
  const preview = async () => {
    await page.goto('/#/preview');
    return page.frameLocator('[data-testid=preview-frame]').locator('body');
  };
  expect(await site('scheduled', ['Database upgrade', 'Scheduled', 'upgrade the primary database'])).toContain('Database upgrade');
  await expect(await preview()).toContainText('Database upgrade');

  await page.goto('/#/maintenance');
  await upcoming.getByTestId('maint-next').selectOption('in_progress');
  await upcoming.getByTestId('maint-words').fill('Work has started.');
  await upcoming.getByTestId('maint-post').click();
  const active = page.getByTestId('maint-active').getByTestId('maint-window').filter({ hasText: 'Database upgrade' });
  await expect(active.getByTestId('maint-status')).toHaveText('In progress');
  await expect(active.getByTestId('maint-reminder')).toHaveCount(0);
  await active.getByTestId('maint-words').fill('Halfway there.');
  await active.getByTestId('maint-post').click();
  await expect(active).toContainText('Halfway there.');
  expect(await site('in-progress', ['In progress', 'Work has started.', 'Halfway there.'])).toContain('In progress');
  await expect(await preview()).toContainText('In progress');

  await page.goto('/#/maintenance');
  await active.getByTestId('maint-next').selectOption('completed');
  await active.getByTestId('maint-post').click();
  const past = page.getByTestId('maint-past').getByTestId('maint-window').filter({ hasText: 'Database upgrade' });
  await expect(past.getByTestId('maint-status')).toHaveText('Completed');
  await page.reload();
  await expect(past.getByTestId('maint-status')).toHaveText('Completed');
  const index = await site('completed', ['Completed', 'This maintenance is complete.']);
  // A completed window leaves the status page's maintenance section, and keeps its page.
  expect(index).not.toContain('Database upgrade');
});

test('a window is refused with the reason when it ends before it starts, and can be cancelled or deleted', async ({ page }) => {
  page.on('dialog', (d) => d.accept());
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/#/maintenance');
  await page.getByTestId('maint-title').fill('Network switch swap');
  await page.getByTestId('maint-start').fill('2026-11-28T02:00');
  await page.getByTestId('maint-end').fill('2026-11-28T01:00');
  await page.getByTestId('maint-schedule').click();
  await expect(page.getByTestId('maint-error')).toContainText('end after it starts');
  await page.getByTestId('maint-end').fill('2026-11-28T03:00');
  await page.getByTestId('maint-schedule').click();
  const w = page.getByTestId('maint-window').filter({ hasText: 'Network switch swap' });
  await expect(w.getByTestId('maint-status')).toHaveText('Scheduled');
  await w.getByTestId('maint-cancel').click();
  await expect(w.getByTestId('maint-status')).toHaveText('Completed');
  await expect(w).toContainText('cancelled');
  await w.getByTestId('maint-delete').click();
  await expect(w).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('maintenance-page')).toBeVisible();
  await expect(page.getByTestId('maint-window').filter({ hasText: 'Network switch swap' })).toHaveCount(0);
});

test('a window\'s conflict after a merge is said in words on the window and settled there', async ({ page }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await page.goto('/#/maintenance');
  await page.getByTestId('maint-title').fill('Load balancer upgrade');
  await page.getByTestId('maint-start').fill('2026-11-28T02:00');
  await page.getByTestId('maint-end').fill('2026-11-28T03:00');
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByTestId('maint-schedule').click();
  await expect(page.getByTestId('maint-window').filter({ hasText: 'Load balancer upgrade' })).toBeVisible();
  // A colleague's copy in which their value of the window's components lost to ours.
  await page.goto('/');
  const file = await exportWorkspace(page, dir, 'ours.json');
  const theirs = JSON.parse(fs.readFileSync(file, 'utf8'));
  const m = theirs.maintenances.find((x) => x.title === 'Load balancer upgrade');
  const component = theirs.settings.components.find((c) => c.id === m.components[0]);
  m.conflicts = [{
    id: 'conflict-0000000000000001',
    field: 'components',
    value: [],
    stamp: { at: '2026-11-26T08:30:00Z', device: 'laptop-b' },
  }];
  const theirsFile = path.join(dir, 'theirs.json');
  fs.writeFileSync(theirsFile, JSON.stringify(theirs));
  await page.getByTestId('import-file').setInputFiles(theirsFile);
  await expect(page.getByTestId('import-conflicts')).toContainText(`${m.title}: Someone on another device also set the components it affects to none at 2026-11-26 08:30 UTC`);
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible();

  await page.goto('/#/maintenance');
  const w = page.getByTestId('maint-window').filter({ hasText: m.title });
  await expect(w.getByTestId('conflict')).toContainText(`also set the components it affects to none at 2026-11-26 08:30 UTC; it is ${component.name}`);
  await w.getByTestId('conflict-take').click();
  await expect(w.getByTestId('conflicts')).toHaveCount(0);
  await expect(w).toContainText('affects no components');
  await page.reload();
  await expect(page.getByTestId('maint-window').filter({ hasText: m.title })).toContainText('affects no components');
});
