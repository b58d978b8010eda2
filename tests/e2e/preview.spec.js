// The live preview: the public pages exactly as site-gen renders them (the same render code,
// in the app's site worker, off the page's thread), with the drafts being typed applied, in a
// frame that runs no script.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, resolve } = require('./helpers');

const NOW = '2026-11-26T03:00:00Z';
const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');

test('the status page preview is, byte for byte, the page site-gen builds from an export', async ({ page }) => {
  // Date.now stands still (timers run), so the preview and the build share one "now".
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('preview-link').click();
  const frameEl = page.getByTestId('preview-frame');
  await expect(frameEl).toHaveAttribute('sandbox', 'allow-same-origin');
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h1#overall')).toBeVisible();
  await expect(frame.locator('#active-h')).toHaveText('Active incidents');
  const previewBody = await frame.locator('body').evaluate((b) => b.innerHTML);
  // Whole without the site: the stylesheet is inline, so the page is styled.
  const bannerBg = await frame.locator('.banner').evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(bannerBg).not.toBe('rgba(0, 0, 0, 0)');
  await expect(frame.locator('script')).toHaveCount(0);

  // The same workspace, exported and built by site-gen at the same time.
  await page.goto('/#/');
  const dir = test.info().outputDir;
  fs.mkdirSync(dir, { recursive: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bundle = path.join(dir, 'export.json');
  await download.saveAs(bundle);
  const site = path.join(dir, 'site');
  execFileSync(siteGen, ['build', bundle, '--out', site, '--now', NOW, '--allow-sample']);
  const built = await page.context().newPage();
  await built.goto('file://' + path.join(site, 'index.html'));
  const builtBody = await built.locator('body').evaluate((b) => b.innerHTML);
  expect(previewBody.length).toBeGreaterThan(10000);
  expect(previewBody).toBe(builtBody);

  // Any incident on the site opens from the picker; the site's links lead to the public
  // address and do not navigate the frame.
  await page.getByTestId('preview-link').click();
  const first = frame.locator('#active-h ~ article h3 a').first();
  const title = await first.textContent();
  expect(await first.evaluate((a) => a.href)).toMatch(/^https:\/\/status\.cygni\.dev\/incidents\/[^/]+\/$/);
  await first.click();
  await expect(frame.locator('h1#overall')).toBeVisible();
  const value = await page.getByTestId('preview-pick').evaluate((sel, t) =>
    [...sel.options].find((o) => o.textContent.endsWith(`· ${t}`)).value, title);
  await page.getByTestId('preview-pick').selectOption(value);
  await expect(frame.locator('h1')).toHaveText(title);
  await expect(frame.locator('h2', { hasText: 'Updates' })).toBeVisible();
  await page.getByTestId('preview-tab-status').click();
  await expect(frame.locator('h1#overall')).toBeVisible();
});

test('a status-page draft shows on the public pages before it is posted (nothing is posted by previewing) and survives leaving and reloading', async ({ page }) => {
  // A running clock: the draft is stamped later than the app's last one-second tick.
  await page.clock.install({ time: new Date(NOW) });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Card payments declined', 'SEV2');
  await page.getByTestId('draft-statuspage').fill('We are rolling back <b>release 42</b> of the payment service.');
  await page.getByTestId('preview-statuspage').click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  // The first click brings the opened preview into view.
  await expect(page.getByTestId('preview-frame')).toBeInViewport();
  await expect(page.getByTestId('preview-tab-incident')).toHaveAttribute('aria-pressed', 'true');
  // The public title: none chosen, so the playbook's words, never the internal title.
  await expect(frame.locator('h1')).toHaveText('Major outage: REST API');
  expect(await frame.locator('body').textContent()).not.toContain('Card payments declined');
  // Text, not markup: the words appear as typed, and no <b> element is made of them.
  await expect(frame.locator('ol.updates')).toContainText('We are rolling back <b>release 42</b> of the payment service.');
  await expect(frame.locator('b', { hasText: 'release 42' })).toHaveCount(0);

  // Typing on updates the preview once the typing pauses.
  await page.getByTestId('draft-statuspage').fill('We have found the cause: a bad card-network certificate.');
  await expect(frame.locator('ol.updates li').first()).toContainText('a bad card-network certificate');

  // A public title typed (a draft too) is what the preview shows.
  await page.getByTestId('public-title').fill('Card payments declined');
  await expect(frame.locator('h1')).toHaveText('Card payments declined');

  // On the status page it is an active incident, with its impact and component.
  await page.getByTestId('preview-tab-status').click();
  const card = frame.locator('article.card', { hasText: 'Card payments declined' });
  await expect(card).toContainText('a bad card-network certificate');
  await expect(card).toContainText('Major impact · affects REST API');

  // Without the drafts the incident is not on the site: nothing has been posted.
  await page.getByTestId('preview-tab-incident').click();
  await page.getByTestId('preview-drafts').uncheck();
  await expect(page.getByTestId('preview-absent')).toContainText('not on the status site');
  await expect(page.getByTestId('timeline')).not.toContainText('Status page update');
  await page.getByTestId('preview-drafts').check();
  await expect(frame.locator('h1')).toHaveText('Card payments declined');

  // Looking at the whole status page and coming back keeps the draft.
  await page.getByTestId('preview-link').click();
  await expect(page.getByTestId('preview-page')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('draft-statuspage')).toHaveValue('We have found the cause: a bad card-network certificate.');
  // And a reload (or a crashed tab) keeps it too, until it is posted.
  await page.reload();
  await expect(page.getByTestId('draft-statuspage')).toHaveValue('We have found the cause: a bad card-network certificate.');
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update: We have found the cause: a bad card-network certificate.');
  await page.reload();
  await expect(page.getByTestId('draft-statuspage')).not.toHaveValue('We have found the cause: a bad card-network certificate.');
  await expect(page.getByTestId('draft-statuspage')).toHaveValue(/REST API/);
});

// The worker renders from its own copy of the part of the workspace a page reads: a change
// saved while the preview is open reaches that copy, and the page shows it.
test('an update posted while the status page preview is open shows on it', async ({ page }) => {
  await page.clock.install({ time: new Date(NOW) });
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Queue backlog growing', 'SEV2');
  await page.getByTestId('draft-statuspage').fill('Notifications are delayed by up to ten minutes.');
  await page.getByTestId('preview-statuspage').click();
  await page.getByTestId('preview-tab-status').click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  const card = frame.locator('article.card', { hasText: 'delayed by up to ten minutes' });
  await expect(card).toContainText('Major impact · affects REST API');
  // Without the drafts: not on the site yet.
  await page.getByTestId('preview-drafts').uncheck();
  await expect(frame.locator('h1#overall')).toBeVisible();
  await expect(card).toHaveCount(0);
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update: Notifications are delayed');
  await expect(page.getByTestId('preview-drafts')).not.toBeChecked();
  await expect(card).toContainText('Major impact · affects REST API');
});

test('a post-mortem full of markdown and script payloads previews as its public page, running nothing', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await declare(page, 'Ledger writes failing', 'SEV2');
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update');
  await resolve(page);
  await expect(page.getByTestId('incident-status')).toHaveText('Resolved');

  const text = page.getByTestId('pm-text');
  const body = (await text.inputValue()).replace('[Technical description of what caused the incident]',
    '## Why the pool ran dry\n\nA **connection pool** limit of `50` was reached.\n\n```\nSELECT count(*) FROM pg_stat_activity;\n```\n\n' +
    '| Metric | Before | After |\n|---|---|---|\n| p99 | 120 ms | 4 s |\n\n[Runbook](https://runbooks.cygni.example/db)\n\n' +
    '| Metric | Before | During | After | Cause |\n|---|---|---|---|---|\n| p99 latency | 1200 ms | 40000 ms | 1300 ms | connection saturation |\n\n' +
    '<script>parent.__pwned = 1</script><img src=x onerror="parent.__pwned = 2"> [click](javascript:parent.__pwned=3) ' +
    '<iframe srcdoc="<script>parent.parent.__pwned=4</script>"></iframe><a href="#" onclick="parent.__pwned=5">x</a>');
  await text.fill(body);
  await page.getByTestId('preview-postmortem').click();
  await expect(page.getByTestId('preview-tab-postmortem')).toHaveAttribute('aria-pressed', 'true');

  // The public was last told "investigating": publishing would be refused, and the preview says why.
  await expect(page.getByTestId('preview-note')).toContainText('The status page still says Investigating');
  await page.getByTestId('draft-resolved').click();
  await page.getByTestId('update-submit').click();
  await expect(page.getByTestId('statuspage-stale')).toHaveCount(0);
  await expect(page.getByTestId('preview-note')).toHaveCount(0);

  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h2', { hasText: 'Why the pool ran dry' })).toBeVisible();
  await expect(frame.locator('table td', { hasText: '4 s' })).toBeVisible();
  await expect(frame.locator('pre code')).toContainText('pg_stat_activity');
  await expect(frame.locator('a[href="https://runbooks.cygni.example/db"]')).toHaveText('Runbook');
  await expect(frame.locator('script, img[onerror], iframe, [onclick]')).toHaveCount(0);
  await expect(frame.locator('a[href^="javascript"]')).toHaveCount(0);
  // The Action Items section stays internal, as on the site.
  await expect(frame.locator('body')).not.toContainText('Action Items');
  // The incident's page links to it, as it will once published.
  await page.getByTestId('preview-tab-incident').click();
  await expect(frame.locator('p.pm a')).toHaveText('Read the post-mortem');
  await page.getByTestId('preview-tab-postmortem').click();

  // A phone-width look.
  await page.getByTestId('preview-phone').check();
  const width = await page.getByTestId('preview-frame').evaluate((f) => f.getBoundingClientRect().width);
  expect(width).toBeLessThanOrEqual(390);
  await expect(frame.locator('table td', { hasText: '4 s' })).toBeVisible();
  // Narrow tables scroll sideways rather than break numbers and words apart.
  for (const cell of ['1200 ms', '40000 ms', 'saturation']) {
    const lines = await frame.locator('table td', { hasText: cell }).evaluate((td) => {
      const r = document.createRange();
      const text = [...td.childNodes].find((n) => n.nodeType === 3);
      const word = text.data.split(' ')[0];
      r.setStart(text, 0);
      r.setEnd(text, word.length);
      return r.getClientRects().length;
    });
    expect(lines, `"${cell}" is not broken`).toBe(1);
  }

  // Typing on re-renders the page where the reader was, not at its top.
  await page.getByTestId('preview-phone').uncheck();
  await frame.locator('html').evaluate(() => window.scrollTo(0, 300));
  const y = await frame.locator('html').evaluate(() => window.scrollY);
  expect(y).toBeGreaterThan(250);
  await text.fill((await text.inputValue()) + '\n\nOne more lesson: page the database team sooner.\n');
  await expect(frame.locator('body')).toContainText('page the database team sooner');
  await expect.poll(() => frame.locator('html').evaluate(() => window.scrollY)).toBe(y);
  // So does a save of the incident (a note in the timeline).
  await page.getByTestId('note-input').fill('Checked the pool metrics again');
  await page.getByTestId('note-input').press('Enter');
  await expect(page.getByTestId('timeline')).toContainText('Checked the pool metrics again');
  await expect.poll(() => frame.locator('html').evaluate(() => window.scrollY)).toBe(y);

  // Nothing was published by previewing.
  await expect(page.getByTestId('pm-due')).not.toHaveText('Published on the status site.');
  await expect(page.getByTestId('timeline')).not.toContainText('Post-mortem published');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('a title of one very long word stays inside the page, in the app and on the previewed site', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.clock.setFixedTime(new Date(NOW));
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  const title = 'Checkout' + 'x'.repeat(150);
  await declare(page, title, 'SEV2');
  const overflow = () => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  // The same word as the public title, typed (the preview shows the draft).
  await page.getByTestId('public-title').fill(title);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByTestId('preview-statuspage').click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h1')).toHaveText(title);
  expect(await frame.locator('html').evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.getByTestId('preview-tab-status').click();
  await expect(frame.locator('article.card', { hasText: 'Checkout' })).toBeVisible();
  expect(await frame.locator('html').evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  expect(await overflow()).toBeLessThanOrEqual(0);
});

// The renderer is a second module, started in a Web Worker when a preview first needs it. When
// it cannot start, the preview says so instead of waiting forever, and the next page asked for
// starts it again.
test.describe('the site worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('a worker that cannot start is reported, and the next preview starts it again', async ({ page, context }) => {
    await context.route(/site-worker-\w+_bg\.wasm$/, (route) => route.abort());
    await page.goto('/');
    await expect(page.getByTestId('open-count')).toHaveText('3');
    expect(page.workers()).toHaveLength(0);
    await page.getByTestId('preview-link').click();
    await expect(page.getByRole('alert')).toContainText('The preview failed: The site worker stopped');
    await context.unroute(/site-worker-\w+_bg\.wasm$/);
    const pick = page.getByTestId('preview-pick');
    await pick.selectOption({ index: 1 });
    const frame = page.frameLocator('[data-testid=preview-frame]');
    await expect(frame.locator('h2', { hasText: 'Updates' })).toBeVisible();
    await page.getByTestId('preview-tab-status').click();
    await expect(frame.locator('h1#overall')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
