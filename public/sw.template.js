// Yishi's service worker, generated at build time by scripts/precache.sh (do not edit dist/sw.js).
// The app shell (hashed files) is precached; the catalogue and the guides a citizen opened are
// kept as they are fetched, so the app starts, searches and shows guides offline after one
// visit. A new version installs in the background and takes over on the next visit (no
// skipWaiting): an open session is never switched mid-way.
'use strict';

const VERSION = '__VERSION__';
const SHELL = `yishi-shell-${VERSION}`;
const DATA = 'yishi-data-v1';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
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
  event.respondWith(caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request)));
});
