// Running an incident by the playbook, in the built workspace: declare, acknowledge, post
// updates, change severity and status, note, checklist, resolve; a reload keeps every step.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, exportWorkspace, resolve } = require('./helpers');

test('declare a SEV1, run it to resolution, and find every step after a reload', async ({ page }) => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });

  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('declare-link').click();
  await page.getByTestId('declare-title').fill('API Down');
  await page.getByLabel(/SEV1/).check();
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByLabel('Impact on REST API').selectOption('major_outage');
  await page.getByTestId('declare-submit').click();

  await expect(page.getByTestId('incident-title')).toHaveText('API Down');
  await expect(page.getByTestId('incident-status')).toHaveText('Investigating');
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');
  // SEV1: acknowledge within 5 minutes; the clock counts down and turns overdue.
  await expect(page.getByTestId('sla-clock')).toContainText(/Acknowledge due in [45]:\d\d/);
  await page.clock.fastForward('06:00');
  await expect(page.getByTestId('sla-clock')).toContainText(/overdue by [01]:\d\d/);
  await expect(page.getByTestId('sla-clock')).toHaveClass(/late/);
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('sla-clock')).toContainText('response SLA missed');

  // Six minutes into a SEV1 the matrix wants the engineering manager: tick "engaged".
  await expect(page.getByTestId('engage-em')).toBeVisible();
  await page.getByTestId('engage-em').click();
  await expect(page.getByTestId('escalation')).toContainText(/Engaged \d\d:\d\d UTC/);
  // The rollback decision tree: a recent deploy, errors after it -> ROLLBACK, logged.
  await page.getByTestId('tree-yes').click();
  // The guide keeps its place while the clocks tick.
  await page.clock.fastForward(3000);
  await page.getByTestId('tree-yes').click();
  await expect(page.getByTestId('tree-outcome')).toContainText('ROLLBACK');
  await page.getByTestId('tree-log').click();
  await page.screenshot({ path: 'test-results/incident-open.png', fullPage: true });

  // A public update on the template; the next one is due 15 minutes later (SEV1 cadence).
  await page.getByTestId('update-impact').fill('All API requests fail');
  await page.getByTestId('update-actions').fill('Rolling back deploy 4812');
  await page.getByTestId('update-message').fill('We are investigating errors on the API.');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('update-clock')).toContainText(/Next status update due in 1[45]:\d\d/);
  await page.getByTestId('note-input').fill('Error rate 100% since 02:58');
  await page.getByTestId('note-input').press('Enter');
  await page.getByTestId('severity-select').selectOption('SEV2');
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV2');
  await page.getByTestId('role-ic').selectOption({ index: 1 });
  await page.getByTestId('status-identified').click();
  await expect(page.getByTestId('incident-status')).toHaveText('Identified');
  await resolve(page);
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');
  // The status page was last told "Investigating": the page says so and offers the words.
  await expect(page.getByTestId('statuspage-stale')).toContainText('still says Investigating');
  await page.getByTestId('draft-resolved').click();
  await expect(page.getByTestId('update-message')).toHaveValue(/has been resolved/);
  await page.getByTestId('update-message').fill('');

  const events = page.getByTestId('timeline-event');
  const expected = [/Declared as SEV1/, /Affected components: REST API \(Major outage\)/, /Acknowledged/, /Escalation engaged: /, /Decision: Rollback decision tree: .* → ROLLBACK/, /Status page update: We are investigating errors on the API\./,
    /Note: Error rate 100% since 02:58/, /Severity changed from SEV1 to SEV2/, /Incident Commander: /,
    /Status changed from Investigating to Identified/,
    /Decision: Resolved with the confirmation incomplete \(not ticked: Primary issue resolved, .*\)\. Reason: /,
    /Status changed from Identified to Resolved/];
  await expect(events).toHaveCount(expected.length);
  for (const [n, re] of expected.entries()) await expect(events.nth(n)).toContainText(re);

  // Re-opening needs a reason.
  await page.getByTestId('status-investigating').click();
  await expect(page.getByTestId('action-error')).toContainText('Say why');
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');

  // A reload shows exactly what was saved.
  await page.reload();
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');
  // The SLA was missed at SEV1; the later downgrade to SEV2 does not change that.
  await expect(page.getByTestId('sla-clock')).toContainText('response SLA missed');
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV2');
  await expect(events).toHaveCount(expected.length);
  await page.screenshot({ path: 'test-results/incident-page.png', fullPage: true });
  await page.goto('/#/');
  await expect(page.getByTestId('past-count')).toHaveText('118');
  expect(errors).toEqual([]);

  // Export, and the status site generator publishes the incident with its public update only.
  const dir = test.info().outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bundle = path.join(dir, 'export.json');
  await download.saveAs(bundle);
  const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');
  const site = path.join(dir, 'site');
  execFileSync(siteGen, ['build', bundle, '--out', site, '--now', '2026-11-26T04:00:00Z', '--allow-sample']);
  const exported = JSON.parse(fs.readFileSync(bundle, 'utf8'));
  const declared = exported.incidents.find((i) => i.title === 'API Down');
  const html = fs.readFileSync(path.join(site, 'incidents', declared.id, 'index.html'), 'utf8');
  expect(html).toContain('We are investigating errors on the API.');
  expect(html).not.toContain('Error rate 100%');
  expect(html).not.toContain('Rolling back deploy 4812');
});

test('declaring without a title says what is missing and stores nothing', async ({ page }) => {
  await page.goto('/#/new');
  await page.getByTestId('declare-title').fill('   ');
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('declare-error')).toContainText('title');
  await page.goto('/#/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
});

test('the five questions suggest a severity; after resolution a 30-minute watch can re-open', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-26T10:00:00Z') });
  await page.goto('/#/new');
  await page.getByTestId('declare-title').fill('Payments failing for some cards');
  await page.getByTestId('assess').locator('summary').click();
  await page.getByTestId('assess-reach').selectOption('few');
  await expect(page.getByTestId('assess-suggestion')).toContainText('Suggested: SEV3');
  await page.getByTestId('assess-revenue').check();
  await expect(page.getByTestId('assess-suggestion')).toContainText('Suggested: SEV1 – revenue generation is affected');
  await page.getByTestId('assess-use').click();
  await expect(page.getByLabel(/SEV1/)).toBeChecked();
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');

  await resolve(page);
  await expect(page.getByTestId('recovery')).toContainText(/Recovery watch: (30:00|2\d:\d\d) left/);
  await page.clock.fastForward('10:00');
  await expect(page.getByTestId('recovery')).toContainText(/Recovery watch: (20:00|1\d:\d\d) left/);
  await page.getByTestId('recurrence').click();
  await expect(page.getByTestId('incident-status')).toHaveText('Investigating');
  await expect(page.getByTestId('timeline')).toContainText('Re-opened: Symptoms recurred during recovery monitoring');
  await resolve(page);
  await page.clock.fastForward('31:00');
  await expect(page.getByTestId('recovery')).toContainText('Recovery watch ended');
  await expect(page.getByTestId('recurrence')).toHaveCount(0);
});

test('a half-typed note and status update survive a reload and leaving the page, and go once posted', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-testid=incident-row][data-open=true] .title a').first().click();
  await page.getByTestId('note-input').fill('Restarted api-7, watching');
  await page.getByTestId('update-impact').fill('Checkout fails for EU cards');
  await page.getByTestId('update-actions').fill('Rolling back 4.12');
  await page.getByTestId('update-message').fill('We are rolling back the last release.');
  // Internal: it must stay internal after the reload too.
  await page.getByTestId('update-public').uncheck();
  // A reload (or a crashed tab) and then another page and back: nothing typed is gone.
  await page.reload();
  await page.getByRole('link', { name: '← All incidents' }).click();
  await expect(page.getByTestId('open-count')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('note-input')).toHaveValue('Restarted api-7, watching');
  await expect(page.getByTestId('update-impact')).toHaveValue('Checkout fails for EU cards');
  await expect(page.getByTestId('update-actions')).toHaveValue('Rolling back 4.12');
  await expect(page.getByTestId('update-message')).toHaveValue('We are rolling back the last release.');
  await expect(page.getByTestId('update-public')).not.toBeChecked();
  // Posted, they leave the forms, and a reload does not bring them back.
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('timeline')).toContainText('Note: Restarted api-7, watching');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('timeline')).toContainText('Internal update: We are rolling back the last release.');
  await expect(page.getByTestId('update-message')).toHaveValue('');
  await page.reload();
  await expect(page.getByTestId('timeline')).toContainText('We are rolling back the last release.');
  await expect(page.getByTestId('note-input')).toHaveValue('');
  await expect(page.getByTestId('update-impact')).toHaveValue('');
  await expect(page.getByTestId('update-actions')).toHaveValue('');
  await expect(page.getByTestId('update-message')).toHaveValue('');
  await expect(page.getByTestId('update-public')).toBeChecked();
});

test('the declare form keeps what was filled across a reload until it is declared or cancelled', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const fill = async (title) => {
    await page.getByTestId('declare-link').click();
    await page.getByTestId('declare-title').fill(title);
    await page.getByLabel(/SEV1/).check();
    await page.getByRole('checkbox', { name: 'REST API' }).check();
    await page.getByLabel('Impact on REST API').selectOption('major_outage');
    await page.getByLabel('Detected by').selectOption('customer_report');
  };
  await fill('Checkout returns 502');
  await page.reload();
  await expect(page.getByTestId('declare-title')).toHaveValue('Checkout returns 502');
  await expect(page.getByLabel(/SEV1/)).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'REST API' })).toBeChecked();
  await expect(page.getByLabel('Impact on REST API')).toHaveValue('major_outage');
  await expect(page.getByLabel('Detected by')).toHaveValue('customer_report');
  // Cancelled: the next declaration starts from an empty form.
  await page.getByTestId('declare-cancel').click();
  await page.getByTestId('declare-link').click();
  await expect(page.getByTestId('declare-title')).toHaveValue('');
  await expect(page.getByLabel(/SEV2/)).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'REST API' })).not.toBeChecked();
  // Declared as kept after a reload: the incident has what was filled, and the form is empty again.
  await page.getByTestId('declare-cancel').click();
  await fill('Checkout returns 502');
  await page.reload();
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('incident-title')).toHaveText('Checkout returns 502');
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');
  await page.getByRole('link', { name: '← All incidents' }).click();
  fs.mkdirSync(info.outputDir, { recursive: true });
  const bundle = JSON.parse(fs.readFileSync(await exportWorkspace(page, info.outputDir, 'declared.json'), 'utf8'));
  const declared = bundle.incidents.filter((i) => i.title === 'Checkout returns 502');
  expect(declared).toHaveLength(1);
  expect(declared[0].detection).toBe('customer_report');
  expect(declared[0].components.map((c) => c.impact)).toEqual(['major_outage']);
  await page.reload();
  await page.getByTestId('declare-link').click();
  await expect(page.getByTestId('declare-title')).toHaveValue('');
});

test('the affected components and their impact change as the incident goes on, and the status page follows', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/#/preview');
  const frame = page.frameLocator('[data-testid=preview-frame]');
  // The component's own row (a day of another's uptime bar may name an incident about Webhooks).
  const webhooks = frame.locator('li.comp:has(> .crow > .cname:text-is("Webhooks")) > .crow > .cs');
  await expect(webhooks).toHaveText('Operational');
  await page.goto('/');
  await declare(page, 'Webhook deliveries delayed', 'SEV2');
  const affected = page.getByTestId('affected');
  await expect(affected.getByLabel('Impact on REST API')).toHaveValue('major_outage');
  await expect(affected.getByLabel('Impact on Webhooks')).toHaveValue('');
  // The REST API recovers to degraded; Webhooks turn out to be partly down.
  await affected.getByLabel('Impact on REST API').selectOption('degraded_performance');
  await expect(page.getByTestId('timeline')).toContainText('Affected components: REST API (Degraded performance)');
  await affected.getByLabel('Impact on Webhooks').selectOption('partial_outage');
  await expect(page.getByTestId('timeline')).toContainText('Affected components: REST API (Degraded performance), Webhooks (Partial outage)');
  await page.getByTestId('update-message').fill('Webhook deliveries are delayed; we are investigating.');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('timeline')).toContainText('Webhook deliveries are delayed');
  await page.reload();
  await expect(affected.getByLabel('Impact on REST API')).toHaveValue('degraded_performance');
  await expect(affected.getByLabel('Impact on Webhooks')).toHaveValue('partial_outage');
  await page.goto('/#/preview');
  await expect(webhooks).toHaveText('Partial outage');
  // Webhooks fixed: "Not affected" takes them off the incident, and off the status page.
  await page.goBack();
  await affected.getByLabel('Impact on Webhooks').selectOption('');
  // Declared with the REST API down, then three changes.
  await expect(page.getByTestId('timeline-event').filter({ hasText: 'Affected components' })).toHaveCount(4);
  await expect(affected.getByLabel('Impact on Webhooks')).toHaveValue('');
  await page.goto('/#/preview');
  await expect(webhooks).toHaveText('Operational');
});
