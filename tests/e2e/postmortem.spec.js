// Communicate and learn: the SEV1 customer-email prompt at 30 minutes, the status-page draft
// posted as a public update, the post-mortem written, previewed, published with three action
// items and rendered by site-gen, and the action items view across incidents.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, resolve } = require('./helpers');

test('a SEV1 prompts for the customer email at 30 minutes; the drafts come from the incident', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Checkout down', 'SEV1');
  await expect(page.getByTestId('draft-statuspage')).toHaveValue(/^We are investigating a major service disruption affecting REST API\./);
  await expect(page.getByTestId('draft-statuspage')).toHaveValue(/Next update in 15 minutes\./);
  await expect(page.getByTestId('draft-email-subject')).toHaveValue('[SEV1] Cygni Service Disruption - REST API');
  await expect(page.getByTestId('email-prompt')).toHaveCount(0);

  // 29 minutes in: no prompt yet; at 30 minutes it appears, without anyone reloading.
  await page.clock.fastForward('29:00');
  await expect(page.getByTestId('email-prompt')).toHaveCount(0);
  await page.clock.fastForward('01:01');
  await expect(page.getByTestId('email-prompt')).toBeVisible();
  await expect(page.getByTestId('email-prompt')).toContainText('Send the customer email now');

  // Edit the status-page draft and post it: it becomes a public update in the timeline.
  await page.getByTestId('draft-statuspage').fill('We are investigating failed checkouts. Next update in 15 minutes.');
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update: We are investigating failed checkouts.');

  // Copy the email, record it as sent: the prompt goes away and the timeline says so.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-email').click();
  await expect(page.getByTestId('copied')).toHaveText('Customer email copied to the clipboard.');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toMatch(/^Subject: \[SEV1\] Cygni Service Disruption - REST API\n\nDear Customer,/);
  // The internal update on the playbook's template, posted to the timeline (not public).
  await expect(page.getByTestId('draft-internal')).toHaveValue(/^UPDATE 2026-11-26 03:30 UTC\nSeverity: SEV1\nStatus: Investigating/);
  await page.locator('details.draft summary', { hasText: 'Internal update' }).click();
  await page.getByTestId('post-internal').click();
  await expect(page.getByTestId('timeline')).toContainText('Internal update: UPDATE 2026-11-26 03:30 UTC');
  await page.getByTestId('email-sent').click();
  await expect(page.getByTestId('email-prompt')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toContainText('Customer email sent');
  await page.reload();
  await expect(page.getByTestId('timeline')).toContainText('Customer email sent');
  await expect(page.getByTestId('email-prompt')).toHaveCount(0);
});

test('resolve, write and publish the post-mortem with three action items, and site-gen renders it', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The publish check's question is expected (the template's other placeholders are left in);
  // any other dialog is an error.
  const checks = [];
  page.on('dialog', (d) => {
    if (d.message().startsWith('Before the post-mortem goes public')) { checks.push(d.message()); d.accept(); return; }
    errors.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Payments API errors', 'SEV2');
  // The public reads a title chosen for it (here the same words as the internal one).
  await page.getByTestId('public-title').fill('Payments API errors');
  await page.getByTestId('public-title-save').click();
  await expect(page.getByTestId('public-title-note')).toHaveText('Chosen for this incident.');
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('sla-clock')).toContainText('response SLA met');
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update: We are investigating a service disruption affecting REST API.');
  await page.clock.fastForward('42:00');
  await resolve(page);
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');

  // Due 48 hours after resolution; the editor starts from the template, filled in.
  await expect(page.getByTestId('pm-due')).toContainText(/Post-mortem due in (1 d 23 h|2 d 0 h) \(48 h after resolution, 2026-11-28 03:42 UTC\)/);
  await expect(page.getByTestId('immediate-actions')).toContainText(/Immediate post-incident actions: 0 of \d+ done, due in 23 h 59 min/);
  const text = page.getByTestId('pm-text');
  await expect(text).toHaveValue(/^# Incident Post-Mortem: Payments API errors/);
  await expect(text).toHaveValue(/- Duration: 03:00 - 03:42 \(42 min\)/);
  await expect(text).toHaveValue(/- Severity: SEV2/);
  await expect(text).toHaveValue(/- 03:42 - Status: Resolved/);

  // Markdown of every kind, and script payloads: the preview renders the one and runs none of the other.
  const body = (await text.inputValue()).replace('[Technical description of what caused the incident]',
    'A **connection pool** limit of `50` was reached.\n\n```\nSELECT count(*) FROM pg_stat_activity;\n```\n\n' +
    '| Metric | Before | After |\n|---|---|---|\n| p99 | 120 ms | 4 s |\n\n[Runbook](https://runbooks.cygni.example/db)\n\n' +
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> [click](javascript:window.__pwned=3)');
  await text.fill(body);
  const preview = page.getByTestId('pm-preview');
  await expect(preview.locator('table td', { hasText: '4 s' })).toBeVisible();
  await expect(preview.locator('pre code')).toContainText('pg_stat_activity');
  await expect(preview.locator('a[href="https://runbooks.cygni.example/db"]')).toHaveText('Runbook');
  await expect(preview.locator('script, img[onerror]')).toHaveCount(0);
  await expect(preview.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  // Three action items, as records.
  for (const [action, owner, due, prio] of [
    ['Raise the connection pool limit', 'p-jonas', '2026-11-28', 'P0'],
    ['Alert on pool saturation', 'p-amara', '2026-12-03', 'P1'],
    ['Load-test checkout monthly', 'p-maya', '2026-12-20', 'P2'],
  ]) {
    await page.getByTestId('action-text').fill(action);
    await page.getByTestId('action-owner').selectOption(owner);
    await page.getByTestId('action-due').fill(due);
    await page.getByTestId('action-priority').selectOption(prio);
    await page.getByTestId('action-add').click();
    await expect(page.getByTestId('action-item').filter({ hasText: action })).toBeVisible();
  }
  await expect(page.getByTestId('action-item')).toHaveCount(3);
  // The preview is the public text: the action items (owners' names) are not in it.
  await expect(preview).not.toContainText('Action Items');
  // What was typed in the editor survived the three saves.
  await expect(text).toHaveValue(/connection pool\*\* limit/);

  // The public was last told "investigating": publishing asks for the resolved update first.
  await page.getByTestId('pm-publish').click();
  await expect(page.getByTestId('action-error')).toContainText('The status page still says Investigating');
  await page.getByTestId('draft-resolved').click();
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('statuspage-stale')).toHaveCount(0);
  await page.getByTestId('pm-publish').click();
  await expect(page.getByTestId('pm-due')).toHaveText('Published on the status site.');
  expect(checks).toHaveLength(2);
  expect(checks[1]).toContain('the post-mortem: template placeholder “[Factor 1]” left in');
  await expect(page.getByTestId('timeline')).toContainText('Post-mortem published');

  // Export as markdown.
  const dir = test.info().outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pm-export').click()]);
  expect(md.suggestedFilename()).toMatch(/^postmortem-.*\.md$/);
  const mdPath = path.join(dir, 'pm.md');
  await md.saveAs(mdPath);
  expect(fs.readFileSync(mdPath, 'utf8')).toContain('A **connection pool** limit of `50` was reached.');

  // The action items view across incidents: overdue items first, filters by owner and priority.
  await page.goto('/#/actions');
  const row = (text) => page.getByTestId('ai-row').filter({ hasText: text });
  await expect(row('Raise the connection pool limit')).not.toContainText('(overdue)');
  await page.clock.fastForward(3 * 24 * 3600 * 1000); // Nov 29: the P0 due Nov 28 is late
  await expect(row('Raise the connection pool limit')).toContainText('(overdue)');
  const order = await page.getByTestId('ai-row').allTextContents();
  const at = (t) => order.findIndex((r) => r.includes(t));
  expect(at('Raise the connection pool limit')).toBeLessThan(at('Load-test checkout monthly'));
  expect(order.slice(0, at('Raise the connection pool limit')).every((r) => r.includes('(overdue)'))).toBe(true);
  await page.getByTestId('ai-filter-owner').selectOption('p-amara');
  await expect(row('Payments API errors')).toHaveCount(1);
  await expect(row('Payments API errors')).toContainText('Alert on pool saturation');
  await page.getByTestId('ai-filter-owner').selectOption('');
  await page.getByTestId('ai-filter-priority').selectOption('P2');
  await expect(row('Payments API errors')).toHaveCount(1);
  await expect(row('Payments API errors')).toContainText('Load-test checkout monthly');

  // Export the workspace; site-gen publishes the post-mortem (without its action items) and
  // the page opens in Chromium with nothing executed.
  await page.goto('/#/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bundle = path.join(dir, 'export.json');
  await download.saveAs(bundle);
  const exported = JSON.parse(fs.readFileSync(bundle, 'utf8'));
  const inc = exported.incidents.find((i) => i.title === 'Payments API errors');
  expect(inc.action_items).toHaveLength(3);
  const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
  const site = path.join(dir, 'site');
  execFileSync(siteGen, ['build', bundle, '--out', site, '--now', '2026-11-30T00:00:00Z', '--allow-sample']);
  const pmFile = path.join(site, 'postmortems', inc.id, 'index.html');
  expect(fs.existsSync(pmFile)).toBe(true);
  const api = JSON.parse(fs.readFileSync(path.join(site, 'api', 'v2', 'incidents.json'), 'utf8'));
  expect(api.incidents.find((i) => i.name === 'Payments API errors').status).toBe('postmortem');

  await page.goto('file://' + pmFile);
  await expect(page.locator('h1, h2').filter({ hasText: 'Payments API errors' }).first()).toBeVisible();
  await expect(page.locator('table td', { hasText: '4 s' })).toBeVisible();
  await expect(page.locator('pre code')).toContainText('pg_stat_activity');
  await expect(page.locator('body')).not.toContainText('Raise the connection pool limit');
  await expect(page.locator('body')).not.toContainText('Jonas Berg');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
