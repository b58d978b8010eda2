// The metrics page against a fixture with known values: medians computed here by hand, drills
// left out unless asked for.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const at = (min) => new Date(Date.UTC(2020, 2, 2, 10, 0) + min * 60000).toISOString().replace('.000Z', 'Z');

// [severity, acknowledged after (min), resolved after (min), drill]; each starts at `start` min.
const CASES = [
  ['sev1', 2, 30, false],
  ['sev1', 4, 60, false],
  ['sev1', 10, 90, false], // SLA (5 min) missed
  ['sev2', 10, 120, false],
  ['sev2', 20, 45, false], // SLA (15 min) missed
  ['sev1', 100, 600, true], // a drill: never in the default figures
];

function fixture(exported) {
  const template = exported.incidents.find((i) => i.status === 'resolved' && !i.drill);
  const incidents = CASES.map(([sev, ack, res, drill], n) => {
    const start = n * 24 * 60; // one a day from 2020-03-02
    const i = JSON.parse(JSON.stringify(template));
    Object.assign(i, {
      id: `metrics-fixture-${n}`, title: `Fixture ${n}`, severity: sev, status: 'resolved', drill,
      started_at: at(start), detected_at: at(start), declared_at: at(start),
      acknowledged_at: at(start + ack), resolved_at: at(start + res),
      updates: [], action_items: [], postmortem: null, stamps: {},
      timeline: [
        { id: `e${n}-1`, at: at(start), by: null, kind: { type: 'declared', severity: sev } },
        { id: `e${n}-2`, at: at(start + ack), by: null, kind: { type: 'acknowledged' } },
        { id: `e${n}-3`, at: at(start + res), by: null, kind: { type: 'status_changed', from: 'investigating', to: 'resolved' } },
      ],
    });
    return i;
  });
  return { ...exported, incidents, maintenances: [], tombstones: [] };
}

test('metrics show the medians of a fixture computed by hand, drills left out by default', async ({ page }, info) => {
  await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exportFile = path.join(dir, 'export.json');
  await download.saveAs(exportFile);
  const file = path.join(dir, 'metrics-fixture.json');
  fs.writeFileSync(file, JSON.stringify(fixture(JSON.parse(fs.readFileSync(exportFile, 'utf8')))));
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-summary')).toContainText('6 new incidents');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toBeVisible();

  await page.goto('/#/metrics');
  // Only the fixture's week (the sample has nothing in 2020).
  await page.getByTestId('metrics-from').fill('2020-03-01');
  await page.getByTestId('metrics-to').fill('2020-03-31');
  await expect(page.getByTestId('metrics-count')).toHaveText('5 incidents, drills left out');
  // SEV1: acknowledged after 2, 4, 10 min -> median 4; resolved after 30, 60, 90 -> 60 min = 1 h.
  await expect(page.getByTestId('count-sev1')).toHaveText('3');
  await expect(page.getByTestId('mtta-sev1')).toHaveText('4 min');
  await expect(page.getByTestId('mttr-sev1')).toHaveText('1 h');
  await expect(page.getByTestId('sla-sev1')).toHaveText('66.7 % (2 of 3)');
  // SEV2: 10 and 20 min -> 15; 120 and 45 min -> 82.5 min = 1.4 h.
  await expect(page.getByTestId('mtta-sev2')).toHaveText('15 min');
  await expect(page.getByTestId('mttr-sev2')).toHaveText('1.4 h');
  await expect(page.getByTestId('sla-sev2')).toHaveText('50 % (1 of 2)');
  await expect(page.getByTestId('mtta-sev3')).toHaveText('–');
  // The charts say the same in their text alternatives.
  await expect(page.locator('svg.chart[aria-label^="Median time to acknowledge"]')).toHaveAttribute('aria-label', /SEV1 4 min, SEV2 15 min/);

  // With drills: the drill's 100-minute acknowledgement joins SEV1 (2, 4, 10, 100 -> 7).
  await page.getByTestId('metrics-drills').check();
  await expect(page.getByTestId('metrics-count')).toHaveText('6 incidents, drills included');
  await expect(page.getByTestId('mtta-sev1')).toHaveText('7 min');
  await page.screenshot({ path: path.join(dir, 'metrics.png'), fullPage: true });
});
