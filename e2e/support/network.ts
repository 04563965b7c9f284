/**
 * Every request the page and its workers make, recorded at the browser context (which sees
 * dedicated workers' requests too). Only the page's own local schemes may appear, and the local
 * preview server when a test opens the page from it.
 */
import type { BrowserContext } from '@playwright/test';

const LOCAL_SCHEMES = /^(file|blob|data|about):/;

export interface NetworkLog {
  /** Every URL requested, in order (data: URLs cut short). */
  readonly all: string[];
  /** The URLs that would have left the machine: must stay empty. */
  readonly remote: () => string[];
}

export function watchNetwork(context: BrowserContext, allowedOrigins: string[] = []): NetworkLog {
  const all: string[] = [];
  const record = (url: string) => all.push(url.startsWith('data:') ? url.slice(0, 40) : url);
  context.on('request', (request) => record(request.url()));
  const allowed = (url: string) =>
    LOCAL_SCHEMES.test(url) || allowedOrigins.some((origin) => url.startsWith(origin));
  return { all, remote: () => all.filter((url) => !allowed(url)) };
}
