// Reaching the person on call: what falls due is counted in the tab's title and announced once
// per due time through the browser's notifications (asked from a click, never on load); a click
// on one opens the incident. The incident's clocks stay in view while the page scrolls.
const { test, expect } = require('@playwright/test');
const { declare, resolve } = require('./helpers');

test.use({ storageState: { cookies: [], origins: [] } });

// The browser's Notification, recorded (headless Chromium shows none).
async function fakeNotifications(page) {
  await page.addInitScript(() => {
    window.__notes = [];
    window.__asked = 0;
    class FakeNotification {
      constructor(title, options) {
        this.title = title;
        this.body = options && options.body;
        this.tag = options && options.tag;
        window.__notes.push(this);
      }
      static get permission() { return localStorage.getItem('fake-permission') || 'default'; }
      static requestPermission() {
        window.__asked += 1;
        localStorage.setItem('fake-permission', 'granted');
        return Promise.resolve('granted');
      }
    }
    window.Notification = FakeNotification;
  });
}

// The Web Audio API, recorded: each tone started counts.
async function fakeAudio(page) {
  await page.addInitScript(() => {
    window.__tones = 0;
    const param = { value: 0, setValueAtTime() {}, exponentialRampToValueAtTime() {} };
    window.AudioContext = class {
      get currentTime() { return 0; }
      get destination() { return {}; }
      createOscillator() { return { type: 'sine', frequency: param, connect() {}, start() { window.__tones += 1; }, stop() {} }; }
      createGain() { return { gain: param, connect() {} }; }
    };
  });
}

const tones = (page) => page.evaluate(() => window.__tones);

const notes = (page) => page.evaluate(() => window.__notes.map((n) => ({ title: n.title, body: n.body, tag: n.tag })));

async function setUp(page) {
  await page.goto('/');
  await page.getByTestId('setup-org').fill('Acme Hosting');
  await page.getByTestId('setup-components').fill('REST API');
  await page.getByTestId('setup-create').click();
  await expect(page.getByTestId('workspace-name')).toHaveText('Acme Hosting');
}

test('what falls due is in the tab title and announced once, and a click opens the incident', async ({ page }) => {
  await fakeNotifications(page);
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await setUp(page);
  await expect(page).toHaveTitle('Cygni Incident Workspace');
  // Never asked on load: asked from the person's click.
  expect(await page.evaluate(() => window.__asked)).toBe(0);
  await page.getByTestId('alarms-allow').click();
  await expect(page.getByTestId('alarms-allow')).toHaveCount(0);
  expect(await page.evaluate(() => window.__asked)).toBe(1);

  await declare(page, 'Checkout down', 'SEV1');
  const url = page.url();
  // At once: the matrix's first level is due (SEV1: on-call).
  await expect(page).toHaveTitle(/^\(1\) Cygni Incident Workspace$/);
  await expect.poll(async () => (await notes(page)).length).toBe(1);
  expect((await notes(page))[0]).toMatchObject({ title: 'SEV1 · Checkout down', body: 'Escalate to On-call (0 min in).' });

  // 5 minutes and nobody acknowledged: announced, from any screen.
  await page.goto('/#/');
  await page.clock.fastForward('05:30');
  await expect.poll(async () => (await notes(page)).some((n) => n.body.startsWith('Not acknowledged'))).toBe(true);
  await expect(page.getByTestId('alarm-count')).toBeVisible();
  const count = Number((await page.title()).match(/^\((\d+)\)/)[1]);
  expect(count).toBeGreaterThanOrEqual(2);
  // Once per due time: a minute later, and after a reload, nothing is announced again.
  const seen = (await notes(page)).length;
  await page.clock.fastForward('00:30');
  await page.waitForTimeout(200);
  expect((await notes(page)).length).toBe(seen);
  await page.reload();
  await expect(page.getByTestId('open-count')).toHaveText('1');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__notes.length)).toBe(0);

  // A click on a notification opens its incident.
  await page.goto(url.replace(/#.*$/, '#/'));
  await page.clock.fastForward('10:00'); // the first status update falls due: a new announcement
  await expect.poll(async () => (await notes(page)).some((n) => n.body.startsWith('A status update was due'))).toBe(true);
  await page.evaluate(() => window.__notes.find((n) => n.body.startsWith('A status update was due')).onclick());
  await expect(page.getByTestId('incident-title')).toHaveText('Checkout down');

  // Acknowledged: that alarm is gone from the count.
  const before = Number((await page.title()).match(/^\((\d+)\)/)[1]);
  await page.getByTestId('acknowledge').click();
  await expect.poll(async () => Number(((await page.title()).match(/^\((\d+)\)/) || [0, 0])[1])).toBe(before - 1);
});

for (const [name, viewport] of [['laptop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the incident's clocks stay in view while its page scrolls (${name})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await setUp(page);
    await declare(page, 'Checkout down', 'SEV2');
    for (let n = 1; n <= 12; n++) {
      await page.getByTestId('note-input').fill(`Note ${n}: still looking at the load balancer logs`);
      await page.getByTestId('note-input').press('Enter');
    }
    await expect(page.getByTestId('timeline-event')).toHaveCount(14);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(400);
    await expect(page.getByTestId('sla-clock')).toBeInViewport();
    await expect(page.getByTestId('incident-severity')).toBeInViewport();
    await expect(page.getByTestId('escalation-clock')).toBeInViewport();
    // What is due is said in the header too (SEV2: the on-call level at once).
    await expect(page.getByTestId('due-now')).toBeInViewport();
    await expect(page.getByTestId('due-now')).toContainText('Escalate to On-call');
    // Not under the top bar.
    const [bar, clock] = await Promise.all([
      page.locator('.topbar').boundingBox(),
      page.getByTestId('sla-clock').boundingBox(),
    ]);
    const barSticks = await page.locator('.topbar').evaluate((e) => getComputedStyle(e).position === 'sticky');
    if (barSticks) expect(clock.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
  });
}

test('each kind can be turned off, a snoozed incident stays quiet, quiet mode and drills count without announcing, sound chimes', async ({ page }) => {
  await fakeNotifications(page);
  await fakeAudio(page);
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await setUp(page);
  await page.getByTestId('alarms-allow').click();
  await page.goto('/#/settings');
  await page.getByTestId('alarm-sound').check();
  // Status updates falling due are not announced in this browser.
  await page.getByTestId('alarm-kind-update').uncheck();
  await page.reload();
  await expect(page.getByTestId('alarm-sound')).toBeChecked();
  await expect(page.getByTestId('alarm-kind-update')).not.toBeChecked();

  await page.goto('/#/');
  await declare(page, 'Checkout down', 'SEV1');
  await expect.poll(async () => (await notes(page)).length).toBe(1);
  await expect.poll(() => tones(page)).toBe(2); // one chime: two tones

  // Snoozed: nothing announced, nothing counted, until it is woken.
  await page.getByTestId('snooze').click();
  await expect(page.getByTestId('snoozed')).toContainText('Alarms snoozed until 03:30 UTC');
  await expect(page).toHaveTitle('Cygni Incident Workspace');
  await page.clock.fastForward('05:30');
  await page.waitForTimeout(200);
  expect((await notes(page)).length).toBe(1);
  await expect(page).toHaveTitle('Cygni Incident Workspace');
  await page.getByTestId('wake').click();
  await expect.poll(async () => (await notes(page)).some((n) => n.body.startsWith('Not acknowledged'))).toBe(true);
  await expect(page).toHaveTitle(/^\(\d+\) Cygni Incident Workspace$/);

  // The first status update falls due at 03:15: turned off, so neither announced nor counted.
  await page.clock.fastForward('10:00');
  await page.waitForTimeout(200);
  expect((await notes(page)).some((n) => n.body.startsWith('A status update was due'))).toBe(false);

  // Quiet mode: counted in the title and the bell, never announced.
  await page.goto('/#/settings');
  await page.getByTestId('alarm-quiet').check();
  const [heard, chimed] = [(await notes(page)).length, await tones(page)];
  await page.goto('/#/');
  await declare(page, 'Login failures', 'SEV2');
  const count = () => page.title().then((t) => Number((t.match(/^\((\d+)\)/) || [0, 0])[1]));
  const before = await count();
  await page.clock.fastForward('20:00'); // the SEV2 response time runs out
  await expect.poll(count).toBeGreaterThan(before);
  await expect(page.getByTestId('alarm-count')).toBeVisible();
  expect((await notes(page)).length).toBe(heard);
  expect(await tones(page)).toBe(chimed);

  // A drill is always quiet: out of quiet mode, its alarms count and are never announced.
  await page.goto('/#/settings');
  await page.getByTestId('alarm-quiet').uncheck();
  const heard2 = (await notes(page)).length;
  await page.goto('/#/drills');
  await page.getByTestId('drill-start-api-down').click();
  await expect(page.getByTestId('incident-title')).toHaveText('[Drill] API down');
  const withDrill = await count();
  await page.clock.fastForward('06:00');
  await expect.poll(count).toBeGreaterThan(withDrill);
  await page.waitForTimeout(200);
  expect((await notes(page)).filter((n) => n.title.includes('[Drill]'))).toEqual([]);
  expect((await notes(page)).length).toBe(heard2);
});

test('with notifications denied the tab title and the count in the bar still say what is due', async ({ page }) => {
  await page.addInitScript(() => {
    window.Notification = class { static get permission() { return 'denied'; } static requestPermission() { return Promise.resolve('denied'); } };
  });
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await setUp(page);
  await expect(page.getByTestId('alarms-allow')).toHaveCount(0);
  await declare(page, 'Checkout down', 'SEV1');
  await expect(page).toHaveTitle(/^\(1\) Cygni Incident Workspace$/);
  await page.goto('/#/settings');
  await page.clock.fastForward('05:30');
  await expect(page).toHaveTitle(/^\([2-9]\) Cygni Incident Workspace$/);
  const bar = page.getByTestId('alarm-count');
  await expect(bar).toHaveText(/^[2-9] due$/);
  await expect(bar).toHaveAttribute('title', /Not acknowledged/);
  await bar.click();
  await expect(page.getByTestId('incident-title')).toHaveText('Checkout down');
});

test('the customer email, the end of the recovery watch and a maintenance window each fire once, at their time, on another screen', async ({ page }) => {
  await fakeNotifications(page);
  await page.clock.install({ time: new Date('2026-11-26T03:00:00Z') });
  await setUp(page);
  await page.getByTestId('alarms-allow').click();
  const bodies = async () => (await notes(page)).map((n) => n.body);
  await declare(page, 'Checkout down', 'SEV1');
  await page.getByTestId('acknowledge').click();
  await page.getByTestId('post-statuspage').click();

  // 30 minutes in (SEV1): the customer email, while Settings is in front.
  await page.goto('/#/settings');
  await page.clock.fastForward('29:00');
  await page.waitForTimeout(200);
  expect((await bodies()).some((b) => /customer email/i.test(b))).toBe(false);
  await page.clock.fastForward('01:30');
  await expect.poll(async () => (await bodies()).filter((b) => /customer email/i.test(b)).length).toBe(1);

  // Resolved: the recovery watch ends 30 minutes later, while the list is in front.
  await page.goBack();
  await resolve(page);
  await page.goto('/#/');
  await page.clock.fastForward('29:00');
  await page.waitForTimeout(200);
  expect(await bodies()).not.toContain('The recovery watch is over: confirm the symptoms are gone.');
  await page.clock.fastForward('01:30');
  await expect.poll(async () => (await bodies()).filter((b) => b === 'The recovery watch is over: confirm the symptoms are gone.').length).toBe(1);

  // A maintenance window that should start in ten minutes: reminded once when it is late.
  await page.goto('/#/maintenance');
  await page.getByTestId('maint-title').fill('Database upgrade');
  await page.getByTestId('maint-start').fill('2026-11-26T04:15');
  await page.getByTestId('maint-end').fill('2026-11-26T05:00');
  await page.getByRole('checkbox', { name: 'REST API' }).check();
  await page.getByTestId('maint-message').fill('We will upgrade the primary database.');
  await page.getByTestId('maint-schedule').click();
  await page.goto('/#/actions');
  await page.clock.fastForward('16:00');
  await expect.poll(async () => (await bodies()).filter((b) => b.includes('should have started')).length).toBe(1);
  await page.clock.fastForward('02:00');
  await page.waitForTimeout(200);
  expect((await bodies()).filter((b) => b.includes('should have started'))).toHaveLength(1);
  const n = (await notes(page)).find((x) => x.body.includes('should have started'));
  expect(n.title).toBe('Database upgrade');
});
