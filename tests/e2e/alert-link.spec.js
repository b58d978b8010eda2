// Opening the declare form from an alert: a link fills it (title, severity, components and
// their impact, detection, when it started); nothing is declared until the person confirms, and
// the incident keeps the real start while its response clock runs from the declaration.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const { exportWorkspace } = require('./helpers');

const LINK = '/#/new?title=Checkout%20API%20errors&severity=sev2&components=api-rest,nope&impact=partial_outage&source=alert&started=2026-11-26T03:12:00Z';

test('a link from an alert fills the declare form; nothing is stored before Declare; the real start is kept', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T03:30:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.goto(LINK);
  await expect(page.getByTestId('declare-from-link')).toContainText('nothing is declared until you press Declare incident');
  await expect(page.getByTestId('declare-from-link')).toContainText('component “nope” is not in this workspace');
  await expect(page.getByTestId('declare-title')).toHaveValue('Checkout API errors');
  await expect(page.getByLabel(/SEV2/)).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'REST API' })).toBeChecked();
  await expect(page.getByLabel('Impact on REST API')).toHaveValue('partial_outage');
  await expect(page.getByTestId('declare-started')).toHaveValue('2026-11-26T03:12');
  // Nothing declared by opening it.
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');

  await page.goto(LINK);
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('incident-title')).toHaveText('Checkout API errors');
  await expect(page.getByTestId('sla-clock')).toContainText('Acknowledge');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  await page.goto('/');
  const bundle = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'export.json'), 'utf8'));
  const inc = bundle.incidents.find((i) => i.title === 'Checkout API errors');
  expect(inc.started_at).toBe('2026-11-26T03:12:00Z');
  expect(inc.declared_at.startsWith('2026-11-26T03:30')).toBe(true);
  expect(inc.detection).toBe('automated_alert');
  expect(inc.components).toEqual([{ component: 'api-rest', impact: 'partial_outage' }]);
});

test('the same link under #/declare opens the same form', async ({ page }) => {
  await page.goto(LINK.replace('#/new?', '#/declare?'));
  await expect(page.getByTestId('declare-title')).toHaveValue('Checkout API errors');
  await expect(page.getByLabel(/SEV2/)).toBeChecked();
});
