// Một cửa service worker: the app shell works offline.
//
// Trunk hashes asset names, so on install this worker reads /index.html and precaches every
// same-origin URL it references (hashed js/wasm/css, the manifest, icons) plus "/" and the
// manifest's icons.
// - navigations: network first (short timeout), falling back to the cached "/" so any route
//   (e.g. /procedures/1.001193) opens offline; a fresh index replaces the cached one and
//   assets it no longer references are pruned;
// - other same-origin GETs (hashed assets): cache first, cached on first use;
// - /api/: never touched (the app keeps its data in IndexedDB);
// - server-rendered QR posters (/q/{token}/poster, /c/{commune}/posters, /posters/*): never
//   touched, and only an HTML answer that is the app shell (it loads the app's wasm) may
//   replace the cached "/"; /q/{token} itself is an app route and opens offline like any other
//   (online, the server may answer it and /procedures/{code} with the guide as HTML, which
//   loads the app after it: such a page is never cached as the shell);
// - the QR scanner's worker (/qrscan*, unhashed names): network first, cached for offline.
// Updates (issue 9): a new worker does not take over by itself. It installs its own cache next to
// the running one and waits until the page asks it to (`{type: 'SKIP_WAITING'}`, sent when the
// citizen taps "Tải lại" once drafts are saved); old caches are deleted on activate.
// A failed install (an asset missing or 500, the storage quota exceeded) deletes the cache it
// created, so the old worker goes on serving its own complete cache and no half-filled cache
// is left taking space; the browser tries again on its next update check.
// Cache writes while serving are best effort: a full quota never turns a good network answer
// into a failed request.
// BUILD is stamped by Trunk's post_build hook (`cargo xtask app-wasm`, Trunk.toml) with a hash of
// the built index.html, so every deploy changes this file's bytes and the browser finds the new
// worker. PARTS, stamped by the same step, are the app's lazily loaded wasm parts (the drafts,
// tracking, rating, scanner and dashboard pages, the outbox): a cold visit does not download
// them, so the worker precaches them with the shell and every page opens offline. Bump VERSION
// when this file's caching logic changes.

const VERSION = 'v5';
const BUILD = '__MOTCUA_BUILD__';
const PARTS = [/* __MOTCUA_PARTS__ */];
const CACHE = `motcua-shell-${VERSION}-${BUILD}`;
const NAV_TIMEOUT_MS = 3500;
const KEEP = new Set(['/', '/manifest.webmanifest', '/sw.js']);
const WORKER_FILES = /^\/qrscan(_loader\.js|\.js|_bg\.wasm)$/;

// Server-rendered pages that are not the app.
function isServerPage(path) {
  return /^\/q\/[^/]+\/poster$/.test(path) || /^\/c\/[^/]+\/posters$/.test(path) || path.startsWith('/posters/');
}

// The app shell is the HTML that loads the app's wasm; a landing page the server rendered
// (`<div id="ssr">`, a guide as HTML that loads the app later) loads it too but is not the shell.
function isShell(html) {
  return /_bg\.wasm/.test(html) && !/<div id=["']?ssr["' >]/.test(html);
}

// Same-origin URLs referenced by an index.html: attributes and quoted paths in the loader script
// (Trunk's `init({ module_or_path: '/motcua-<hash>_bg.wasm' })`).
function assetUrls(html) {
  const urls = new Set();
  const patterns = [
    // quoted or (after HTML minification) unquoted attribute values
    /(?:href|src)\s*=\s*(?:"([^"#?]+)"|'([^'#?]+)'|([^\s>"'#?]+))/g,
    /["'](\/[^"'\s?#]+\.(?:js|wasm|css|webmanifest|json|svg|png|ico|woff2?))["']/g,
  ];
  for (const re of patterns) {
    for (const m of html.matchAll(re)) {
      const raw = m[1] || m[2] || m[3];
      let url;
      try {
        url = new URL(raw, self.location.origin);
      } catch (_) {
        continue;
      }
      if (url.origin === self.location.origin && !url.pathname.startsWith('/api/')) {
        urls.add(url.pathname);
      }
    }
  }
  return [...urls];
}

// Fills this build's cache; on failure deletes it again if this install created it (a cache of
// the same name that existed before may belong to the running worker) and fails the install.
async function precache() {
  const created = !(await caches.has(CACHE));
  try {
    await fillCache();
  } catch (err) {
    if (created) await caches.delete(CACHE).catch(() => {});
    throw err;
  }
}

async function fillCache() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/index.html', { cache: 'no-store' });
  if (!response.ok) throw new Error(`index.html: ${response.status}`);
  const html = await response.clone().text();
  await cache.put('/', response);
  const urls = [...new Set([...assetUrls(html), ...PARTS])].filter((u) => u !== '/' && u !== '/index.html');
  await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
  if (urls.includes('/manifest.webmanifest')) await precacheIcons(cache);
}

// The manifest's icons (the launcher and the install prompt need them offline too).
async function precacheIcons(cache) {
  const manifest = await cache.match('/manifest.webmanifest');
  if (!manifest) return;
  const { icons = [] } = await manifest.json();
  const urls = icons
    .map((icon) => new URL(icon.src, self.location.origin))
    .filter((url) => url.origin === self.location.origin)
    .map((url) => url.pathname);
  await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
}

// `cache.put` that never fails the response being served (QuotaExceededError, a closed cache).
async function store(cache, request, response) {
  try {
    await cache.put(request, response);
  } catch (_) {
    /* served from the network this time; cached on a later request */
  }
}

async function prune(html) {
  const wanted = new Set([...assetUrls(html), ...KEEP, ...PARTS]);
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!wanted.has(path) && !path.startsWith('/icons/') && !WORKER_FILES.test(path)) await cache.delete(request);
  }
}

// No skipWaiting here: a first install activates at once anyway, an update waits for the page.
self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'VERSION' && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION, build: BUILD });
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('motcua-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

async function navigate(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([fetch(request), timeout(NAV_TIMEOUT_MS)]);
    const type = response.headers.get('content-type') || '';
    if (response.ok && type.includes('text/html')) {
      const copy = response.clone();
      const html = await copy.clone().text();
      if (isShell(html)) {
        prune(html).catch(() => {});
        await store(cache, '/', copy);
      }
    }
    return response;
  } catch (_) {
    const cached = await cache.match('/');
    return cached || new Response('<h1>Một cửa: ngoại tuyến / offline</h1>', {
      status: 503,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  }
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await store(cache, request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await store(cache, request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // The staff workspace is server-rendered and online only: never cached, never the app shell.
  if (url.pathname === '/staff' || url.pathname.startsWith('/staff/')) return;
  if (isServerPage(url.pathname)) return;
  if (WORKER_FILES.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
  } else if (url.pathname !== '/sw.js') {
    event.respondWith(cacheFirst(request));
  }
});
