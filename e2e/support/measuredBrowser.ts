/**
 * A Chromium launched by the test itself, with the pid of its browser process, so that the
 * tab's memory can be read from /proc (bench/browserMemory.ts). Playwright keeps a browser per
 * worker for the other tests: the one launched here is told apart as the new child process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import config from '../../playwright.config';

export async function launchMeasuredBrowser(): Promise<{ browser: Browser; pid: number }> {
  const before = childBrowserPids();
  const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true });
  const launched = [...childBrowserPids()].filter((pid) => !before.has(pid));
  if (launched.length !== 1) {
    await browser.close();
    throw new Error(`expected one new Chromium process, found ${launched.length}`);
  }
  return { browser, pid: launched[0]! };
}

function childBrowserPids(): Set<number> {
  const pids = new Set<number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('chrom') && !cmdline.includes('--type=')) {
        pids.add(Number(pid));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
