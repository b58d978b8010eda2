// axe-core (through @axe-core/playwright) on the status, an incident, the history, a
// post-mortem and the subscribe page and the embeds (light and dark), in light and dark schemes: no serious or critical violation.
// Pick other pages with SITE_INCIDENT=/incidents/<id>/index.html, SITE_POSTMORTEM=...
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');
const { firstUnder } = require('./pages');

const pages = [
  ['status page', '/index.html'],
  ['incident page', process.env.SITE_INCIDENT || firstUnder('incidents')],
  ['history page', '/history/index.html'],
  ['post-mortem page', process.env.SITE_POSTMORTEM || firstUnder('postmortems')],
  ['subscribe page', '/subscribe/index.html'],
  ['embed', '/embed/index.html'],
  ['dark embed', '/embed/dark/index.html'],
];

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const [name, url] of pages) {
      test(`${name} (${url}) has no serious accessibility violation`, async ({ page }) => {
        expect(url, `the site has no ${name}`).toBeTruthy();
        const res = await page.goto(url);
        expect(res.status(), `${url} is served`).toBe(200);
        const results = await new AxeBuilder({ page }).analyze();
        const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
        const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
          v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
        const minor = results.violations.filter((v) => !bad.includes(v)).map((v) => `${v.impact} ${v.id}`);
        if (minor.length) console.log(`${url} (${scheme}): lesser violations: ${minor.join(', ')}`);
        expect(report, `axe-core on ${url} (${scheme})`).toEqual([]);
      });
    }
  });
}
