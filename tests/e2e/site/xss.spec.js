// Opens every page of the site in Chromium, scripts enabled, and fails if anything a page carries
// runs: a dialog (alert/confirm/prompt), window.__xss set, an uncaught error or a console error,
// or a request to anywhere but the local server (which the XSS test's payloads would make).
const { test, expect } = require('@playwright/test');
const { htmlFiles, urlOf } = require('./pages');

test('no page of the site runs a script or reaches outside', async ({ page, baseURL }) => {
  const files = htmlFiles();
  expect(files.length, 'pages in SITE_DIR').toBeGreaterThan(0);
  test.setTimeout(30_000 + files.length * 1_000);
  const problems = [];
  let current = '';
  page.on('dialog', async (d) => { problems.push(`${current}: ${d.type()} dialog: ${d.message()}`); await d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`${current}: uncaught error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${current}: console error: ${m.text()}`); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseURL + '/')) return route.continue();
    problems.push(`${current}: request to ${url.slice(0, 120)}`);
    return route.abort();
  });
  for (const file of files) {
    current = urlOf(file);
    const res = await page.goto(current, { waitUntil: 'load' });
    if (!res || res.status() !== 200) problems.push(`${current}: HTTP ${res && res.status()}`);
    // One more macrotask turn, so that zero-delay timers and late event handlers fire too.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 10)));
    const flagged = await page.evaluate(() => window.__xss !== undefined ? String(window.__xss) : null);
    if (flagged !== null) problems.push(`${current}: window.__xss was set to ${flagged}`);
  }
  console.log(`opened ${files.length} pages`);
  expect(problems, 'scripts that ran or requests that left').toEqual([]);
});
