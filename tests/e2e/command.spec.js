// The command bar: the playbook's quick commands, typed.
const { test, expect } = require('@playwright/test');

test('quick commands declare, page and draft a status-page update; bad input is explained', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const bar = page.getByTestId('command-input');

  await page.keyboard.press('/');
  await expect(bar).toBeFocused();
  await bar.fill('/incident create sev7 "Checkout down"');
  await bar.press('Enter');
  await expect(page.getByTestId('command-message')).toContainText('sev1, sev2, sev3 or sev4');

  await bar.fill('/incident create sev1 "Checkout down"');
  await bar.press('Enter');
  await expect(page.getByTestId('incident-title')).toHaveText('Checkout down');
  await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');

  await bar.fill('/page @maya "Need help with database"');
  await bar.press('Enter');
  await expect(page.getByTestId('timeline')).toContainText('Paged @maya: Need help with database');

  await bar.fill('/statuspage update identified "We found the cause and are fixing it"');
  await bar.press('Enter');
  await expect(page.getByTestId('update-message')).toHaveValue('We found the cause and are fixing it');
  await expect(page.getByTestId('update-public')).toBeChecked();
  await expect(page.getByTestId('update-meta')).toContainText('Identified (changes from Investigating)');
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('incident-status')).toHaveText('Identified');
  await expect(page.getByTestId('timeline')).toContainText('Status page update: We found the cause and are fixing it');

  await page.reload();
  await expect(page.getByTestId('timeline')).toContainText('Paged @maya');
  await expect(page.getByTestId('incident-status')).toHaveText('Identified');
});
