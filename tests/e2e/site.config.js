// Browser checks of a generated status site (not of the app): axe-core accessibility audit and
// the XSS check, in Debian's /usr/bin/chromium like playwright.config.js. The site is a folder
// given by SITE_DIR, served by python's http.server on 127.0.0.1:
//   SITE_DIR=/path/to/site npx playwright test -c site.config.js
const path = require('path');
const { defineConfig } = require('@playwright/test');
const base = require('./playwright.config.js');

const SITE_DIR = process.env.SITE_DIR;
if (!SITE_DIR) throw new Error('set SITE_DIR to the generated site folder');
const PORT = Number(process.env.SITE_PORT || 4175);

module.exports = defineConfig({
  testDir: './site',
  testMatch: '*.spec.js',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/site',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'off',
    javaScriptEnabled: true, // on, so that an injected script would run and be caught
    launchOptions: base.use.launchOptions,
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ${JSON.stringify(path.resolve(SITE_DIR))}`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 20_000,
    stderr: 'ignore', // http.server logs every request there
  },
});
