// The settings screen, "who am I", a storage failure, and an accessibility audit of every screen.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { declare } = require('./helpers');

async function open(page, hash = '') {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/' + hash);
  await expect(page.getByTestId('settings-link')).toBeVisible();
}

test('settings: edit people, playbook values and links; saved values survive a reload and drive the incident', async ({ page }) => {
  await open(page, '#/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();

  await page.getByTestId('person-phone-p-maya').fill('+49 30 555 0101');
  await page.getByTestId('person-email-p-maya').fill('maya@cygni.example');
  await expect(page.getByTestId('settings-dirty')).toBeVisible();
  // The escalation contacts follow the people as they are edited.
  await expect(page.getByTestId('escalation-contacts')).toContainText('Maya Chen, +49 30 555 0101, maya@cygni.example');
  await page.getByTestId('response-sev1').fill('10');
  await page.getByTestId('definition-sev4').fill('Cosmetic issues and questions; no customer impact.');
  await page.getByTestId('cadence-sev2').fill('20');
  const checklist = page.locator('[data-testid^=checklist-]').first();
  await checklist.fill((await checklist.inputValue()) + '\nPost the bridge link in #incidents');
  // The playbook's words are the workspace's too: role hints, examples, quick wins, commands.
  await page.getByTestId('role-usually-tl').fill('The on-call engineer of the failing service');
  await page.getByTestId('examples-sev4').fill('Typo on the pricing page\nA tooltip cut off');
  const wins = page.getByTestId('quick-wins');
  await wins.fill((await wins.inputValue()) + '\nDrain the node that throws errors');
  const commands = page.getByTestId('data-collection');
  await commands.fill((await commands.inputValue()) + '\n\n# Disk usage on the database hosts\nansible db -a "df -h"');
  await page.getByTestId('add-tool').click();
  await page.getByTestId('tool-name-' + ((await page.getByTestId('tool-row').count()) - 1)).fill('Grafana');
  await page.getByTestId('tool-url-' + ((await page.getByTestId('tool-row').count()) - 1)).fill('https://grafana.cygni.example');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Settings saved.');
  await expect(page.getByTestId('settings-save')).toBeDisabled();

  await page.reload();
  await expect(page.getByTestId('person-phone-p-maya')).toHaveValue('+49 30 555 0101');
  await expect(page.getByTestId('response-sev1')).toHaveValue('10');
  await expect(page.getByTestId('definition-sev4')).toHaveValue('Cosmetic issues and questions; no customer impact.');
  await expect(page.getByTestId('cadence-sev2')).toHaveValue('20');
  await expect(checklist).toHaveValue(/Post the bridge link in #incidents$/);
  await expect(page.getByTestId('role-usually-tl')).toHaveValue('The on-call engineer of the failing service');
  await expect(page.getByTestId('examples-sev4')).toHaveValue('Typo on the pricing page\nA tooltip cut off');
  await expect(page.getByTestId('data-collection')).toHaveValue(/\n\n# Disk usage on the database hosts\nansible db -a "df -h"$/);
  await expect(page.getByTestId('tool-url-' + ((await page.getByTestId('tool-row').count()) - 1))).toHaveValue('https://grafana.cygni.example');

  // A new SEV1 now has 10 minutes to be acknowledged.
  await page.getByTestId('declare-link').click();
  await page.getByTestId('declare-title').fill('Checkout down');
  await page.getByLabel(/SEV1/).check();
  await page.getByTestId('declare-submit').click();
  await expect(page.getByTestId('sla-clock')).toContainText(/Acknowledge due in (10:00|9:\d\d)/);
  // The incident page uses the edited words.
  await expect(page.getByText('Usually: The on-call engineer of the failing service')).toBeVisible();
  await page.locator('summary', { hasText: 'Quick wins' }).click();
  await expect(page.getByText('Drain the node that throws errors')).toBeVisible();
  await page.locator('summary', { hasText: 'Data collection commands' }).click();
  await expect(page.locator('.commands li', { hasText: 'Disk usage on the database hosts' }).locator('code')).toHaveText('ansible db -a "df -h"');
  await page.getByTestId('declare-link').click();
  await expect(page.getByText('e.g. Typo on the pricing page; A tooltip cut off')).toBeVisible();
});

test('settings: a bad value is refused with what and where, and nothing is stored', async ({ page }) => {
  await open(page, '#/settings');
  await page.getByTestId('person-handle-p-jonas').fill('maya');
  await page.getByTestId('org-url').fill('javascript:alert(1)');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('must start with https://');
  await page.getByTestId('org-url').fill('https://status.cygni.example');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('The handle "maya" is used by two people');
  await page.getByTestId('person-handle-p-jonas').fill('jonas');
  const commands = page.getByTestId('data-collection');
  await commands.fill((await commands.inputValue()) + '\n\n# Heap dump of the API');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('"Heap dump of the API" has no command');
  await page.reload();
  await expect(page.getByTestId('person-handle-p-jonas')).toHaveValue('jonas');
  await expect(page.getByTestId('org-url')).not.toHaveValue('javascript:alert(1)');
});

test('settings: the rollback decision tree is edited; a loop is refused; the incident guide follows the saved tree', async ({ page }) => {
  await open(page, '#/settings');
  // "Config change?" answered yes leading back to the first question: the guide would never end.
  await page.getByTestId('tree-yes-config-change').selectOption('recent-deployment');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('Rollback decision tree: the question "Config change?": the answer yes leads back to the question "Recent deployment?"');
  await page.reload();
  await expect(page.getByTestId('tree-yes-config-change')).toHaveValue('test-revert');
  // A removed step: the answers that led to it say so, and saving names the gap.
  await page.getByTestId('tree-remove-revert').click();
  await expect(page.getByTestId('tree-yes-test-revert')).toHaveValue('');
  await expect(page.getByTestId('tree-yes-test-revert').locator('option:checked')).toHaveText('— choose a step —');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('the question "Test revert: success?": the answer yes leads to a step that is not in the tree');
  await page.getByTestId('settings-discard').click();
  await expect(page.getByTestId('tree-yes-test-revert')).toHaveValue('revert');

  // A new outcome for a revert that did not help.
  await page.getByTestId('tree-add-outcome').click();
  const outcome = page.locator('[data-testid^=tree-outcome-]').last();
  const id = (await outcome.getAttribute('data-testid')).replace('tree-outcome-', '');
  await outcome.fill('PAGE-DB');
  await page.getByTestId(`tree-text-${id}`).fill('Page the database on-call.');
  // The menus name the new outcome as it now reads.
  await expect(page.getByTestId('tree-no-test-revert').locator(`option[value="${id}"]`)).toHaveText('PAGE-DB: Page the database on-call.');
  await page.getByTestId('tree-no-test-revert').selectOption(id);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Settings saved.');
  await page.reload();
  await expect(page.getByTestId(`tree-text-${id}`)).toHaveValue('Page the database on-call.');
  await expect(page.getByTestId('tree-no-test-revert')).toHaveValue(id);

  await declare(page, 'Replica lag after config push', 'SEV2');
  await page.getByTestId('tree-no').click(); // no recent deployment
  await page.getByTestId('tree-yes').click(); // a config change
  await page.getByTestId('tree-no').click(); // the test revert did not help
  await expect(page.getByTestId('tree-outcome')).toHaveText('PAGE-DB – Page the database on-call.');
  await page.getByTestId('tree-log').click();
  await expect(page.getByTestId('timeline')).toContainText('PAGE-DB');
});

test('settings: two tabs edit different fields of one person and both edits are kept', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await open(a, '#/settings');
  await open(b, '#/settings');
  await a.getByTestId('person-phone-p-sofia').fill('+1 555 0142');
  await b.getByTestId('person-title-p-sofia').fill('Staff Engineer');
  await a.getByTestId('settings-save').click();
  await expect(a.getByTestId('settings-saved')).toBeVisible();
  // B has unsaved edits, so it says another tab changed the settings, and keeps B's edit.
  await expect(b.getByText('Someone changed the settings in another tab')).toBeVisible();
  await b.getByTestId('settings-save').click();
  await expect(b.getByTestId('settings-saved')).toBeVisible();
  for (const p of [a, b]) {
    await p.reload();
    await expect(p.getByTestId('person-phone-p-sofia')).toHaveValue('+1 555 0142');
    await expect(p.getByTestId('person-title-p-sofia')).toHaveValue('Staff Engineer');
  }
});

test('who am I: the chosen person signs the timeline and is remembered after a reload', async ({ page }) => {
  await open(page);
  await page.getByTestId('whoami').selectOption('p-amara');
  const name = await page.getByTestId('whoami').locator('option:checked').textContent();
  await page.locator('[data-testid=incident-row][data-open=true] .title a').first().click();
  await page.getByTestId('note-input').fill('Checked the load balancer');
  await page.getByTestId('note-input').press('Enter');
  // The note's own line carries the name (the timeline shows a note once it is stored).
  const noteLine = page.getByTestId('timeline-event').filter({ hasText: 'Note: Checked the load balancer' });
  await expect(noteLine.locator('.who')).toHaveText(name);
  await page.reload();
  await expect(page.getByTestId('whoami').locator('option:checked')).toHaveText(name);
  await expect(noteLine.locator('.who')).toHaveText(name);
});

test('a full disk: the save fails with a plain message and nothing stored is lost', async ({ page }) => {
  await open(page);
  const href = await page.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href');
  await page.goto('/' + href);
  await page.getByTestId('note-input').fill('Stored before the disk filled up');
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('timeline')).toContainText('Stored before the disk filled up');

  // From now on the browser refuses every write as a full disk does (IndexedDB's put throws
  // QuotaExceededError).
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByTestId('note-input').fill('This one cannot be stored');
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('action-error')).toContainText('storage quota exceeded');
  await expect(page.getByTestId('action-error')).toContainText('Nothing already stored was changed');
  await expect(page.getByTestId('timeline')).not.toContainText('This one cannot be stored');
  // What the user typed is still in the field, to try again.
  await expect(page.getByTestId('note-input')).toHaveValue('This one cannot be stored');

  // Settings too.
  await page.goto('/#/settings');
  await page.getByTestId('org-name').fill('Cygni Renamed');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error')).toContainText('storage quota exceeded');

  await page.reload(); // a fresh page: writes work again
  await expect(page.getByTestId('org-name')).not.toHaveValue('Cygni Renamed');
  await page.goto('/' + href);
  await expect(page.getByTestId('timeline')).toContainText('Stored before the disk filled up');
  await expect(page.getByTestId('timeline')).not.toContainText('This one cannot be stored');
});

test('no browser storage at all (a locked-down private window): the workspace says so plainly', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await page.goto('/');
  await expect(page.getByTestId('storage-error')).toContainText('This browser offers no IndexedDB storage here');
});

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious violation on any screen (${scheme})`, async ({ page }) => {
    test.setTimeout(60000);
    await page.emulateMedia({ colorScheme: scheme });
    await open(page);
    const href = await page.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href');
    const resolved = await page.locator('[data-testid=incident-row][data-open=false] .title a').first().getAttribute('href');
    // `+preview`: the incident page with its public preview open (the frame is checked too).
    for (const hash of ['', '#/new', href, resolved, `${resolved}+preview`, '#/settings', '#/actions', '#/metrics', '#/drills', '#/preview', '#/maintenance']) {
      await page.goto('/' + hash.replace('+preview', ''));
      await page.waitForLoadState('networkidle');
      await expect(page.locator('main')).not.toContainText('Opening workspace');
      if (hash.endsWith('+preview')) {
        await page.getByTestId('preview-toggle').click();
        await page.getByTestId('preview-tab-status').click();
        await expect(page.frameLocator('[data-testid=preview-frame]').locator('h1#overall')).toBeVisible();
      }
      if (hash === '#/preview') await expect(page.frameLocator('[data-testid=preview-frame]').locator('h1#overall')).toBeVisible();
      // The preview frame runs no script, so axe cannot enter it; the status site's pages have
      // their own axe run (site checks).
      const result = await new AxeBuilder({ page }).options({ iframes: false }).exclude('[data-testid=preview-frame]').analyze();
      const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
      expect(serious.map((v) => `${hash || '#/'}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    }
  });
}
