/**
 * The policy the built page ships with. Every request from the page or its workers is blocked
 * (connect-src 'none'); scripts only run inline or from blob: URLs because the product is one
 * self-contained HTML file that must also work from file:// on a machine with no network.
 * worker-src 'self' lets the page register its service worker (public/sw.js) when served over
 * http(s); it opens no connection: fetch, XHR, WebSocket and beacons stay under connect-src.
 */
export const PRODUCTION_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'none'",
  'img-src blob: data:',
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Vite's dev server loads modules from its own origin and talks to it over a websocket for hot
 * reload; the dev policy allows exactly that and nothing else. Never used in a build.
 */
export const DEV_SERVER_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
