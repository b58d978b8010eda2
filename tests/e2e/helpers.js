// Steps that several specs take the same way.
const { expect } = require('@playwright/test');

// Declares an incident through the form: `sev` like 'SEV2', REST API with a major outage.
async function declare(page, title, sev) {
  await page.getByTestId('declare-link').click();
  await page.getByTestId('declare-title').fill(title);
  await page.getByLabel(new RegExp(sev)).check();
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByLabel('Impact on REST API').selectOption('major_outage');
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('incident-title')).toHaveText(title);
}

module.exports = { declare };
