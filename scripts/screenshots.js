#!/usr/bin/env node
// Screenshots of the workspace's main screens and of the status site built from the same sample
// (status page, an incident page, a post-mortem), light and dark, laptop and phone width, into
// target/screenshots/ (to look at; asserts nothing).
//
//   scripts/setup.sh && . scripts/env.sh && trunk build --release && node scripts/screenshots.js
const path = require('path');
const fs = require('fs');
const { spawn, execFileSync } = require('child_process');
const root = path.join(__dirname, '..');
const { chromium } = require(path.join(root, 'tests', 'e2e', 'node_modules', 'playwright-core'));

const out = path.join(root, 'target', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const port = 4800 + Math.floor(Math.random() * 500);
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
const only = process.argv.slice(2);

// The status site of the app's first-run sample (seed 1, 120 incidents, its "now").
const siteDir = path.join(root, 'target', 'screenshot-site');
const NOW = '2026-11-26T09:00:00Z';
execFileSync('cargo', ['build', '-q', '-p', 'site-gen'], { cwd: root, stdio: 'inherit' });
const siteGen = path.join(root, 'target', 'debug', 'site-gen');
const sampleFile = path.join(root, 'target', 'screenshot-sample.json');
execFileSync(siteGen, ['sample', '--seed', '1', '--incidents', '120', '--now', NOW, '--out', sampleFile], { stdio: 'ignore' });
execFileSync(siteGen, ['build', sampleFile, '--out', siteDir, '--now', NOW, '--allow-sample'], { stdio: 'ignore' });
// The longest published post-mortem, and the incident it belongs to.
const pmId = fs.readdirSync(path.join(siteDir, 'postmortems'))
  .map((id) => [id, fs.statSync(path.join(siteDir, 'postmortems', id, 'index.html')).size])
  .sort((a, b) => b[1] - a[1])[0][0];
const sitePages = [['site-status', 'index.html'], ['site-incident', `incidents/${pmId}/index.html`], ['site-postmortem', `postmortems/${pmId}/index.html`]];

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    for (const scheme of ['light', 'dark']) {
      for (const [device, viewport] of [['laptop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.clock.install({ time: new Date('2026-11-26T09:00:00Z') });
        for (let i = 0; i < 50; i++) { try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch (e) { await new Promise((r) => setTimeout(r, 200)); } }
        await page.getByTestId('open-count').waitFor();
        await page.getByTestId('whoami').selectOption('p-maya');
        const href = await page.locator('[data-testid=incident-row][data-open=true] .title a').first().getAttribute('href');
        const resolved = await page.locator('[data-testid=incident-row][data-open=false] .title a').nth(1).getAttribute('href');
        for (const [name, hash] of [['list', ''], ['declare', '#/new'], ['incident', href], ['postmortem', resolved], ['settings', '#/settings'],
          ['actions', '#/actions'], ['metrics', '#/metrics'], ['drills', '#/drills'], ['preview', '#/preview'], ...extraScreens()]) {
          if (only.length && !only.includes(name)) continue;
          await page.goto(`http://127.0.0.1:${port}/${hash}`);
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(out, `${name}-${scheme}-${device}.png`), fullPage: name !== 'list' });
        }
        for (const [name, file] of sitePages) {
          if (only.length && !only.includes(name)) continue;
          await page.goto('file://' + path.join(siteDir, file));
          await page.screenshot({ path: path.join(out, `${name}-${scheme}-${device}.png`), fullPage: true });
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(`screenshots in ${out}`);
})();

// More screens: SCREENS=name=#/hash,name2=#/hash2
function extraScreens() {
  return (process.env.SCREENS || '').split(',').filter(Boolean).map((s) => s.split('='));
}
