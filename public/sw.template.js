// Yishi's service worker, generated at build time by `cargo xtask precache` (do not edit
// dist/sw.js). The app shell is cached when the worker installs: it is what the first screen
// has just fetched, so a first visit downloads nothing more. The rest of the app (the pages'
// chunks, the word tables) is fetched when the citizen comes back (the app sends 'warm' when
// it starts under this worker, unless the browser asks to save data), and each file is kept
// as it is fetched meanwhile. The catalogue and the guides a citizen opened are kept as they
// are fetched, so the app starts, searches and shows guides offline after a visit. A new
// version installs in the background and takes over on the next visit (no skipWaiting): an open
// session is never switched mid-way.
'use strict';

const VERSION = '__VERSION__';
const SHELL = `yishi-shell-${VERSION}`;
// The app deletes this cache when the citizen deletes what the device holds (src/pages/privacy.rs).
const DATA = 'yishi-data-v1';
const SHELL_FILES = __SHELL__;
const LATER_FILES = __LATER__;
const BUILD_FILES = new Set([...SHELL_FILES, ...LATER_FILES]);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)));
});

// The files of this build not yet kept, one by one (one connection, not all at once); one
// that cannot be fetched now is fetched when used, or by the next start's 'warm'.
async function warm() {
  const cache = await caches.open(SHELL);
  for (const file of LATER_FILES) {
    if (await cache.match(file)) continue;
    try {
      await cache.add(file);
    } catch {
      // offline, or the server refused it: the others may still come
    }
  }
}

// One warm at a time: every start under the worker asks for one.
let warming = null;
self.addEventListener('message', (event) => {
  if (event.data !== 'warm') return;
  warming = warming || warm().finally(() => { warming = null; });
  event.waitUntil(warming);
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((n) => n.startsWith('yishi-shell-') && n !== SHELL).map((n) => caches.delete(n))),
    ),
  );
});

// Reads the citizen may need offline: the catalogue, life events and matter guides.
const KEPT = /^\/api\/v1\/(catalogue|events\/[^/]+|matters\/[^/]+)$/;

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // History-API routes: the network's index.html, else the precached one.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: SHELL })));
    return;
  }
  if (url.pathname === '/config.json') {
    // The deployer's settings: fresh when online, the last copy offline.
    event.respondWith(networkFirst(request, SHELL));
    return;
  }
  if (KEPT.test(url.pathname)) {
    event.respondWith(networkFirst(request, DATA));
    return;
  }
  if (url.pathname.startsWith('/api/')) return; // personal data is never cached here
  event.respondWith(fromShell(event, url));
});

// A file of this build: the kept copy, else the network's, kept for the next time.
async function fromShell(event, url) {
  const hit = await caches.match(event.request, { cacheName: SHELL });
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok && BUILD_FILES.has(url.pathname)) {
    const copy = response.clone();
    event.waitUntil(caches.open(SHELL).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}
