// Playwright drives Debian's Chromium (/usr/bin/chromium) against the built app in dist/.
// It never downloads a browser: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 at install time.
const { defineConfig } = require('@playwright/test');

const PORT = Number(process.env.E2E_PORT || 4173);

module.exports = defineConfig({
  testDir: '.',
  testMatch: '*.spec.js',
  testIgnore: ['site/**'], // the generated-site checks run with site.config.js
  timeout: 30_000,
  // The first check of each test waits for the 2.3 MB app to start and store its sample.
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Every spec runs in the demo (the first screen's third choice) unless it asks for a fresh
    // browser (welcome.spec.js): the demo opens with its sample on the first visit.
    storageState: {
      cookies: [],
      origins: [{ origin: `http://127.0.0.1:${PORT}`, localStorage: [{ name: 'cygni-mode', value: 'demo' }] }],
    },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../../dist`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
