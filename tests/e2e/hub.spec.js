// The incident as a hub: the workspace's tool links and the incident's own links on its page and
// in the internal update; the severity's who-must-know list on the declare form and ticked on the
// incident; who is on call now; SEV4's next business day met and missed; resolving with an
// unticked item of the resolution confirmation asks for a reason, kept in the timeline.
const { test, expect } = require('@playwright/test');
const { declare } = require('./helpers');

test('links, who must know and resolving with the confirmation incomplete', async ({ page }) => {
  // A Thursday, 03:00 UTC.
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');

  // The declare form: who must know at the chosen severity, and who is on call now.
  await page.getByTestId('declare-link').click();
  await page.getByLabel(/SEV1/).check();
  await expect(page.getByTestId('declare-notify')).toContainText('Who must know at SEV1: Page on-call, engineering manager, VP, customers');
  await page.getByLabel(/SEV3/).check();
  await expect(page.getByTestId('declare-notify-list')).toHaveText('Slack alert, on-call engineer');
  await expect(page.getByTestId('declare-oncall')).toContainText(/On call now: [A-Z][a-z]+ [A-Z][a-z]+ \(/);
  await page.goto('/');
  await declare(page, 'Checkout API errors', 'SEV1');

  // The workspace's tool links, one click from the incident.
  const hub = page.getByTestId('hub');
  const tool = hub.getByTestId('hub-tool').first();
  await expect(tool).toHaveAttribute('href', /^https:\/\//);
  await expect(tool).toHaveAttribute('target', '_blank');

  // The incident's links: the playbook's channel name, a ticket; shown at the top and in the
  // internal update.
  await hub.locator('summary').click();
  await page.getByTestId('hub-chat-suggested').click();
  await expect(page.getByTestId('hub-chat-input')).toHaveValue('#incident-20261126-0300');
  await page.getByTestId('hub-ticket-input').fill('https://tickets.corp.cygni.dev/INC-7');
  await page.getByTestId('hub-other-input').fill('Error dashboard https://grafana.corp.cygni.dev/d/checkout');
  await page.getByTestId('hub-save').click();
  await expect(page.getByTestId('hub-chat')).toHaveText('#incident-20261126-0300');
  await expect(page.getByTestId('hub-ticket')).toHaveAttribute('href', 'https://tickets.corp.cygni.dev/INC-7');
  await expect(page.getByTestId('hub-link')).toHaveText('Error dashboard');
  await page.locator('summary', { hasText: 'Internal update' }).click();
  await expect(page.getByTestId('draft-internal')).toHaveValue(/Channel: #incident-20261126-0300\nTicket: https:\/\/tickets\.corp\.cygni\.dev\/INC-7\nError dashboard: https:\/\/grafana/);

  // Who must know, ticked as each is told; kept after a reload.
  const list = page.getByTestId('who-must-know');
  await expect(list).toContainText('Who must know at SEV1');
  await list.getByLabel('Page on-call').check();
  await expect(page.getByTestId('timeline')).toContainText('Told: Page on-call');
  await page.reload();
  await page.getByTestId('hub').locator('summary').click();
  await expect(page.getByTestId('who-must-know').getByLabel('Page on-call')).toBeChecked();
  await expect(page.getByTestId('who-must-know').getByLabel('VP')).not.toBeChecked();

  // Resolving: one item of the confirmation ticked, the four others listed; a reason is needed.
  await page.locator('summary', { hasText: 'Resolution Confirmation' }).click();
  await page.getByLabel('Primary issue resolved').check();
  await expect(page.getByTestId('timeline')).toContainText(/Checked: .*Primary issue resolved/);
  await page.getByTestId('status-resolved').click();
  const ask = page.getByTestId('resolve-confirm');
  await expect(ask.locator('li')).toHaveText(['Error rates normal', 'Response times acceptable', 'All health checks passing', 'No customer complaints']);
  await page.getByTestId('resolve-anyway').click();
  await expect(page.getByTestId('action-error')).toContainText('give the reason to resolve anyway');
  await expect(page.getByTestId('incident-status')).not.toHaveText('Resolved');
  await page.getByTestId('resolve-reason').fill('support still answering tickets');
  await page.getByTestId('resolve-anyway').click();
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');
  await expect(page.getByTestId('timeline')).toContainText('Resolved with the confirmation incomplete (not ticked: Error rates normal, Response times acceptable, All health checks passing, No customer complaints). Reason: support still answering tickets');
});

test('SEV4 is due at the close of the next business day: met, and missed', async ({ page }) => {
  // A Wednesday, 10:00 UTC (business hours: Monday to Friday, 09:00 to 17:00 UTC).
  await page.clock.install({ time: new Date('2026-11-25T10:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Typo on the pricing page', 'SEV4');
  // Due Thursday 17:00 UTC: 31 hours (less the seconds the page has ticked).
  await expect(page.getByTestId('sla-clock')).toHaveText(/^Acknowledge due in 1 d [67] h$/);
  await page.clock.fastForward('30:00:00'); // Thursday 16:00
  await expect(page.getByTestId('sla-clock')).toHaveText(/^Acknowledge due in (1 h 00 min|59:\d\d)$/);
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('sla-clock')).toContainText('response SLA met');

  // Declared Thursday 16:30: due Friday 17:00; acknowledged on Saturday, missed.
  await page.clock.fastForward('30:00');
  await page.goto('/');
  await declare(page, 'Broken link in the footer', 'SEV4');
  await expect(page.getByTestId('sla-clock')).toHaveText(/^Acknowledge due in (1 d 0 h|23 h 59 min)$/);
  await page.clock.fastForward('40:00:00'); // Saturday 08:30
  await expect(page.getByTestId('sla-clock')).toHaveText(/^Acknowledge overdue by 15 h (29|30) min$/);
  await expect(page.getByTestId('sla-clock')).toHaveClass(/late/);
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('sla-clock')).toContainText('response SLA missed');
});

test('business hours are the workspace\'s: without Fridays, a SEV4 declared on Thursday evening is due when Monday closes', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-26T18:00:00Z') }); // Thursday
  await page.goto('/#/settings');
  await page.getByTestId('business-day-5').uncheck();
  await page.getByTestId('business-closes').fill('16:00');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('business-day-5')).not.toBeChecked();
  await expect(page.getByTestId('business-closes')).toHaveValue('16:00');
  await page.goto('/');
  await declare(page, 'Misaligned logo on the invoice PDF', 'SEV4');
  // Monday 30 November, 16:00 UTC: 3 days 22 hours on.
  await expect(page.getByTestId('sla-clock')).toHaveText(/^Acknowledge due in 3 d (21|22) h$/);
});
