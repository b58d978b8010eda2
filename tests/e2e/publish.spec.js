// Publish: the whole status site built in the browser (the wasm renderer), downloaded as a zip or
// written into a folder, is file for file and byte for byte the site `site-gen build` writes from
// the public export at the same now. The folder is Chromium's origin private file system, which
// gives the page a real directory handle.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { declare, setUpTeam } = require('./helpers');

const NOW = '2026-11-26T03:00:00Z';
const siteGen = path.join(__dirname, '..', '..', 'target', 'debug', 'site-gen');

// Every file under `dir`, by its path relative to it, with its bytes.
function filesOf(dir, prefix = '') {
  const out = {};
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, filesOf(dir, rel));
    else out[rel] = fs.readFileSync(path.join(dir, rel));
  }
  return out;
}

// The same files with the same bytes, said file by file.
function expectSameSite(got, want) {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [name, bytes] of Object.entries(want)) {
    expect(Buffer.compare(got[name], bytes), `${name} differs`).toBe(0);
  }
}

// The folder `name` of the origin's private file system, every file in it, base64.
async function opfsFiles(page, name) {
  const listed = await page.evaluate(async (name) => {
    const out = {};
    const walk = async (dir, prefix) => {
      for await (const [n, h] of dir.entries()) {
        const rel = prefix ? `${prefix}/${n}` : n;
        if (h.kind === 'directory') await walk(h, rel);
        else {
          const bytes = new Uint8Array(await (await h.getFile()).arrayBuffer());
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          out[rel] = btoa(s);
        }
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle(name), '');
    return out;
  }, name);
  return Object.fromEntries(Object.entries(listed).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

// A set-up workspace (not the demo) with one incident whose first update is on the status page.
async function workspaceWithAPublicUpdate(page) {
  await page.clock.setFixedTime(new Date(NOW));
  await setUpTeam(page);
  await declare(page, 'Checkout API failing on db-7', 'SEV2');
  await page.getByTestId('post-statuspage').click();
  await expect(page.getByTestId('timeline')).toContainText('Status page update: We are investigating');
}

// The public export, built by site-gen at NOW: its files.
async function siteGenBuild(page, dir) {
  await page.goto('/#/');
  await page.getByTestId('export-public').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const bundle = path.join(dir, 'public.json');
  await download.saveAs(bundle);
  const site = path.join(dir, 'built');
  execFileSync(siteGen, ['build', bundle, '--out', site, '--now', NOW]);
  return filesOf(site);
}

test.describe('a team workspace', () => {
// A fresh browser, set up as a team's workspace (the demo is never published).
test.use({ storageState: { cookies: [], origins: [] } });

test('Publish downloads a zip whose files are, byte for byte, the site site-gen builds from the public export', async ({ page }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  await workspaceWithAPublicUpdate(page);
  const built = await siteGenBuild(page, dir);

  await page.getByTestId('preview-link').click();
  await expect(page.getByTestId('publish-url')).toHaveText('https://status.acme.test');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('publish-zip').click()]);
  expect(download.suggestedFilename()).toBe('cygni-status-site-20261126T030000Z.zip');
  const zip = path.join(dir, 'site.zip');
  await download.saveAs(zip);
  await expect(page.getByTestId('publish-done')).toContainText('cygni-status-site-20261126T030000Z.zip is downloaded');
  // The site worker that built it is let go (it grew to hold the whole site); the preview on
  // the same screen starts a new one for the next page asked for.
  await expect.poll(() => page.workers().length).toBe(0);
  await page.getByTestId('preview-pick').selectOption({ index: 1 });
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await expect(frame.locator('h1')).toHaveText('Major outage: REST API');
  expect(page.workers()).toHaveLength(1);
  const unzipped = path.join(dir, 'unzipped');
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, unzipped]);
  const zipped = filesOf(unzipped);

  // The zip holds the site; site-gen's folder adds only its marker.
  const { '.site-gen': marker, ...site } = built;
  expect(marker.toString()).toContain('site-gen');
  expect(Object.keys(site).length).toBeGreaterThan(20);
  expectSameSite(zipped, site);
  // The public words only: the internal title is nowhere in it.
  expect(zipped['index.html'].toString()).toContain('Major outage: REST API');
  for (const [name, bytes] of Object.entries(zipped)) {
    expect(bytes.toString().includes('db-7'), `${name} holds the internal title`).toBe(false);
  }
});

test('Publish into a folder writes the site there, remembers the folder, and replaces what the site no longer has; a folder of other files is refused and left as it was', async ({ page }, info) => {
  const dir = info.outputDir;
  fs.mkdirSync(dir, { recursive: true });
  // The folder picker gives a folder of the origin's private file system, named by the test.
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      return root.getDirectoryHandle(localStorage.getItem('test-folder') || 'site', { create: true });
    };
  });
  await workspaceWithAPublicUpdate(page);
  const built = await siteGenBuild(page, dir);

  await page.getByTestId('preview-link').click();
  await expect(page.getByTestId('publish-folder')).toHaveCount(0);
  await page.getByTestId('publish-choose').click();
  await expect(page.getByTestId('publish-done')).toContainText('The site is published into the folder site');
  expectSameSite(await opfsFiles(page, 'site'), built);

  // Remembered across visits. A file the site no longer has (an incident since deleted) is
  // removed by the next publish; the rest is the site again.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const site = await root.getDirectoryHandle('site');
    const gone = await (await site.getDirectoryHandle('incidents')).getDirectoryHandle('gone', { create: true });
    const w = await (await gone.getFileHandle('index.html', { create: true })).createWritable();
    await w.write('an incident deleted since');
    await w.close();
    // The person's own files beside the site: a git checkout's folder, a custom domain.
    for (const [dir, name, text] of [[await site.getDirectoryHandle('.git', { create: true }), 'HEAD', 'ref: refs/heads/gh-pages\n'], [site, 'CNAME', 'status.acme.test\n']]) {
      const f = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await f.write(text);
      await f.close();
    }
  });
  await page.reload();
  await expect(page.getByTestId('publish-folder')).toHaveText('Publish into the folder site');
  await page.getByTestId('publish-folder').click();
  await expect(page.getByTestId('publish-done')).toContainText('and the one file no longer on it removed');
  const { '.git/HEAD': head, CNAME: cname, ...republished } = await opfsFiles(page, 'site');
  expectSameSite(republished, built);
  expect(head.toString()).toBe('ref: refs/heads/gh-pages\n');
  expect(cname.toString()).toBe('status.acme.test\n');

  // A folder a site is published into is never a sync folder (that one holds internal words).
  await page.getByTestId('settings-link').click();
  await page.getByTestId('sync-link').click();
  await expect(page.getByTestId('sync-error')).toContainText('holds a published status site');
  await expect(page.getByTestId('sync-linked')).toHaveCount(0);
  await page.getByTestId('preview-link').click();

  // A folder that holds other files is not a site: refused, and nothing in it changes.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const other = await root.getDirectoryHandle('photos', { create: true });
    const w = await (await other.getFileHandle('holiday.txt', { create: true })).createWritable();
    await w.write('keep me');
    await w.close();
    localStorage.setItem('test-folder', 'photos');
  });
  await page.getByTestId('publish-choose').click();
  await expect(page.getByTestId('publish-error')).toContainText('The folder photos holds files that are not a status site');
  const photos = await opfsFiles(page, 'photos');
  expect(Object.keys(photos)).toEqual(['holiday.txt']);
  expect(photos['holiday.txt'].toString()).toBe('keep me');
  // The remembered folder is still the site's; forgetting it leaves its files.
  await expect(page.getByTestId('publish-folder')).toHaveText('Publish into the folder site');
  await page.getByTestId('publish-forget').click();
  await expect(page.getByTestId('publish-folder')).toHaveCount(0);
  expect(Object.keys(await opfsFiles(page, 'site')).length).toBe(Object.keys(built).length + 2);
});

});

test('the demo is never published: its made-up incidents stay in the preview', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('open-count')).toHaveText('3');
  await page.getByTestId('preview-link').click();
  await expect(page.getByTestId('publish-demo')).toContainText('made up');
  await expect(page.getByTestId('publish-zip')).toBeDisabled();
});
