#!/usr/bin/env node
// Screenshots of the workspace's main screens, light and dark, laptop and phone width, into
// target/screenshots/ (to look at; asserts nothing).
//
//   scripts/setup.sh && . scripts/env.sh && trunk build --release && node scripts/screenshots.js
const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');
const root = path.join(__dirname, '..');
const { chromium } = require(path.join(root, 'tests', 'e2e', 'node_modules', 'playwright-core'));

const out = path.join(root, 'target', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const port = 4800 + Math.floor(Math.random() * 500);
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
const only = process.argv.slice(2);

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
          ['actions', '#/actions'], ['metrics', '#/metrics'], ['drills', '#/drills'], ...extraScreens()]) {
          if (only.length && !only.includes(name)) continue;
          await page.goto(`http://127.0.0.1:${port}/${hash}`);
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(out, `${name}-${scheme}-${device}.png`), fullPage: name !== 'list' });
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
