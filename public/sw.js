/*
 * dicomanon's service worker, for the build served from an intranet server. The whole app is
 * one self-contained HTML page, so that page is all there is to keep: it is fetched once when
 * the worker installs and answered from the cache from then on (cache first), with or without
 * a network. Every other request passes through untouched; the page's own Content-Security-
 * Policy (connect-src 'none') still forbids the page to make any. The cache name carries the
 * page's SHA-256, written in by the build (vite.config.ts), so a new build is a new worker
 * that replaces the cached page and deletes the old cache.
 */
const CACHE = 'dicomanon-__DICOMANON_BUILD__';
const PAGE = new URL('./', self.registration.scope).href;
// The page under its three names: the folder, index.html and dicomanon.html (the same bytes).
const NAMES = new Set([
  PAGE,
  new URL('index.html', PAGE).href,
  new URL('dicomanon.html', PAGE).href,
]);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new Request(PAGE, { cache: 'reload' })))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('dicomanon-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (!NAMES.has(url.href)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(PAGE))
      .then((cached) => cached ?? fetch(request)),
  );
});
