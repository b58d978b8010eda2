// The workspace's service worker (hand-written, no library): after one visit the app opens and
// works with the network gone. The page is fetched network-first, so a new version is picked up
// on the next online visit; the files it names (trunk's hashed JS, wasm and CSS) are cached as
// they are fetched, and files no longer named by the current page are dropped. Workspace data
// lives in IndexedDB and is never touched here.
const CACHE = 'cygni-shell';
const PAGE = './';

function assetsOf(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)=["']([^"'#?]+)["']/g)) urls.add(m[1]);
  for (const m of html.matchAll(/["'](\.?\/?[\w\-./]+\.(?:js|wasm|css|webmanifest|svg|png))["']/g)) urls.add(m[1]);
  return [...urls]
    .filter((u) => !/^(?:[a-z]+:|\/\/)/i.test(u))
    .map((u) => new URL(u, self.registration.scope).href);
}

async function refresh(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(PAGE, response.clone());
  const wanted = new Set(assetsOf(html));
  wanted.add(new URL(PAGE, self.registration.scope).href);
  await Promise.all([...wanted].map(async (url) => {
    if (!(await cache.match(url))) {
      try { await cache.add(url); } catch (e) { /* fetched again when the page asks */ }
    }
  }));
  for (const req of await cache.keys()) {
    if (!wanted.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch(PAGE, { cache: 'no-cache' }).then(refresh).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) event.waitUntil(refresh(res.clone()));
          return res;
        })
        .catch(async () => (await caches.match(PAGE)) || Response.error()),
    );
    return;
  }
  event.respondWith(
    caches.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
      }
      return res;
    })),
  );
});
