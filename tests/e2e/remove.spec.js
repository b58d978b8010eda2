// Removing components, people and schedules from the workspace (settings): refused while
// something current needs the record, asked before, gone from every picker after (also after a
// reload, and for a colleague who imports the file), while past incidents keep the names.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { exportWorkspace } = require('./helpers');

const NOW = new Date('2026-11-26T09:00:00Z');

async function fresh(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install({ time: NOW });
  await page.goto('/');
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  return page;
}

test('settings: remove a component, a person and a schedule (and undo); names stay on past incidents; an import carries the removal', async ({ browser }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const page = await fresh(browser);
  const b = JSON.parse(fs.readFileSync(await exportWorkspace(page, dir, 'before.json'), 'utf8'));
  const name = (id) => b.settings.components.find((c) => c.id === id).name;
  const open = b.incidents.filter((i) => i.status !== 'resolved');
  const busy = new Set([
    ...open.flatMap((i) => i.components.map((c) => c.component)),
    ...b.maintenances.flatMap((m) => m.components),
  ]);
  const openWith = open.find((i) => i.components.length > 0);
  const taken = openWith.components[0].component;
  // A component nothing current needs, that past incidents name.
  const past = b.incidents.filter((i) => i.status === 'resolved' && !i.drill);
  const free = b.settings.components.map((c) => c.id).find((id) => !busy.has(id) && past.some((i) => i.components.some((c) => c.component === id)));
  expect(free, 'the sample has a component only past incidents name').toBeTruthy();
  const pastOne = past.find((i) => i.components.some((c) => c.component === free));
  const onRota = b.settings.oncall_schedules[0].rotation[0];
  const offRota = b.settings.people.find((p) => !b.settings.oncall_schedules.some((s) => s.rotation.includes(p.id)));
  expect(offRota, 'the sample has someone on no rotation').toBeTruthy();
  const schedule = b.settings.oncall_schedules[0];

  await page.goto('/#/settings');
  // Asked first: dismissing removes nothing.
  page.once('dialog', (d) => d.dismiss());
  await page.getByTestId(`remove-component-${free}`).click();
  await page.reload();
  await expect(page.getByTestId(`component-name-${free}`)).toBeVisible();
  // Not while the screen holds unsaved changes (saving them after would undo the removal).
  await page.getByTestId(`component-name-${free}`).fill('Renamed, not saved');
  await page.getByTestId(`remove-component-${free}`).click();
  await expect(page.getByTestId('settings-error')).toContainText('Save or discard your changes first');
  await page.getByTestId('settings-discard').click();
  await expect(page.getByTestId(`component-name-${free}`)).toHaveValue(name(free));

  page.on('dialog', (d) => d.accept());
  // Refused while an open incident needs it, saying which.
  await page.getByTestId(`remove-component-${taken}`).click();
  await expect(page.getByTestId('settings-error')).toContainText(openWith.title);
  await expect(page.getByTestId(`component-name-${taken}`)).toBeVisible();
  await page.getByTestId(`remove-person-${onRota}`).click();
  await expect(page.getByTestId('settings-error')).toContainText(schedule.name);

  await page.getByTestId(`remove-component-${free}`).click();
  await expect(page.getByTestId('settings-saved')).toHaveText(`Removed ${name(free)}.`);
  await expect(page.getByTestId(`component-name-${free}`)).toHaveCount(0);
  await page.getByTestId(`remove-person-${offRota.id}`).click();
  await expect(page.getByTestId('settings-saved')).toHaveText(`Removed ${offRota.name}.`);
  await page.getByTestId(`remove-schedule-${schedule.id}`).click();
  await expect(page.getByTestId('settings-saved')).toHaveText(`Removed ${schedule.name}.`);
  await expect(page.getByTestId(`schedule-name-${schedule.id}`)).toHaveCount(0);
  // Undo brings it back (also after a reload); removed again for what follows.
  await page.getByTestId('undo-remove').click();
  await expect(page.getByTestId('settings-saved')).toHaveText(`${schedule.name} is back.`);
  await expect(page.getByTestId(`schedule-name-${schedule.id}`)).toHaveValue(schedule.name);
  await page.reload();
  await expect(page.getByTestId(`schedule-name-${schedule.id}`)).toHaveValue(schedule.name);
  await page.getByTestId(`remove-schedule-${schedule.id}`).click();
  await expect(page.getByTestId('settings-saved')).toHaveText(`Removed ${schedule.name}.`);
  await expect(page.getByTestId(`schedule-name-${schedule.id}`)).toHaveCount(0);

  // After a reload: gone from the settings, the declare form, who-am-I and the role pickers.
  await page.reload();
  await expect(page.getByTestId(`person-name-${b.settings.people[0].id === offRota.id ? b.settings.people[1].id : b.settings.people[0].id}`)).toBeVisible();
  await expect(page.getByTestId(`component-name-${free}`)).toHaveCount(0);
  await expect(page.getByTestId(`person-name-${offRota.id}`)).toHaveCount(0);
  await expect(page.getByTestId(`schedule-name-${schedule.id}`)).toHaveCount(0);
  await expect(page.getByTestId('whoami').locator('option', { hasText: offRota.name })).toHaveCount(0);
  await page.getByTestId('declare-link').click();
  await expect(page.getByRole('checkbox', { name: name(taken), exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: name(free), exact: true })).toHaveCount(0);
  await page.goto(`/#/incident/${openWith.id}`);
  await expect(page.getByTestId('role-ic')).toBeVisible();
  await expect(page.getByTestId('role-ic').locator('option', { hasText: b.settings.people.find((p) => p.id !== offRota.id).name })).toHaveCount(1);
  await expect(page.getByTestId('role-ic').locator('option', { hasText: offRota.name })).toHaveCount(0);
  // A past incident still names the removed component.
  await page.goto('/');
  await page.getByTestId('filter-text').fill(pastOne.title);
  await expect(page.locator('[data-testid=incident-row]', { hasText: pastOne.title }).first()).toContainText(name(free));

  // A colleague with the same workspace imports the file: the removals reach them too.
  const file = await exportWorkspace(page, dir, 'after.json');
  const colleague = await fresh(browser);
  await colleague.getByTestId('import-file').setInputFiles(file);
  // The preview says what the import removes.
  await expect(colleague.getByTestId('import-summary')).toContainText(
    `removes component ${name(free)}, person ${offRota.name}, on-call schedule ${schedule.name}`);
  await colleague.getByTestId('import-apply').click();
  await expect(colleague.getByTestId('import-done')).toBeVisible();
  await colleague.goto('/#/settings');
  await expect(colleague.getByTestId(`component-name-${taken}`)).toBeVisible();
  await expect(colleague.getByTestId(`component-name-${free}`)).toHaveCount(0);
  await expect(colleague.getByTestId(`person-name-${offRota.id}`)).toHaveCount(0);
  await expect(colleague.getByTestId(`schedule-name-${schedule.id}`)).toHaveCount(0);
});
