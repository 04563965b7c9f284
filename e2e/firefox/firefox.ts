/**
 * Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core (Playwright drives only its
 * own patched Firefox, and its BiDi mode needs commands that Firefox 153 lacks).
 *
 * What a user does that BiDi cannot: pick a folder in the system dialog (input.setFiles takes
 * files only) and answer Firefox's "Confirm Upload" question that follows. Both are done in the
 * browser's privileged scope (hence --remote-allow-system-access): the folder dialog is replaced
 * by a stand-in that answers with a path, as Firefox's own tests do (MockFilePicker), and the
 * question is answered "Upload" once its button unlocks. Everything after the dialog is
 * Firefox's own: it walks the folder, sets webkitRelativePath, fires the input's change event.
 *
 * Every request of every page and worker is recorded from the BiDi session's network events;
 * the browser's own traffic (updates, telemetry) is not the page's and is switched off by
 * puppeteer's default preferences.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { zipEntries } from '../support/oracle';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const VIEWPORT = { width: 1280, height: 720 };
const LOCAL_SCHEMES = /^(file|blob|data|about):/;

/** The BiDi session under puppeteer: not public API, but the only way to the chrome scope. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
  on(event: string, handler: (event: unknown) => void): void;
}

/** A question Firefox asked in a dialog of its own, and the button it was answered with. */
export interface BrowserPrompt {
  readonly title: string;
  readonly text: string;
  readonly button: string;
}

export interface Firefox {
  readonly browser: Browser;
  readonly page: Page;
  readonly version: string;
  /** The Firefox main process (its content processes are its children). */
  readonly pid: number;
  /** Where downloads land, without a dialog. */
  readonly downloads: string;
  /** Every URL requested by any page or worker since launch, in order (data: cut short). */
  readonly requests: string[];
  /** Requests that would have left the machine. */
  remote(): string[];
  /** Uncaught errors of the page. */
  readonly pageErrors: string[];
  /** Firefox's own dialogs so far (folder upload confirmations, download questions, ...). */
  prompts(): Promise<BrowserPrompt[]>;
  /** The next folder dialog answers with this folder. */
  answerFolderDialogWith(folder: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchFirefox(downloads: string): Promise<Firefox> {
  mkdirSync(downloads, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    args: ['--remote-allow-system-access'],
    defaultViewport: VIEWPORT,
    protocolTimeout: 300_000,
    extraPrefsFirefox: {
      // Only where downloads go: everything else is as Firefox comes (it saves to the
      // downloads folder without asking, and has no limit on several downloads from a page).
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
    },
  });
  try {
    const connection = Reflect.get(browser, 'connection') as BidiConnection;
    const requests: string[] = [];
    connection.on('network.beforeRequestSent', (event) => {
      const url = (event as { request: { url: string } }).request.url;
      requests.push(url.startsWith('data:') ? url.slice(0, 40) : url);
    });
    const chrome = await chromeScope(connection);
    await chrome(installFolderDialog, null);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    return {
      browser,
      page,
      version: await browser.version(),
      pid: browser.process()?.pid ?? 0,
      downloads,
      requests,
      remote: () => requests.filter((url) => !LOCAL_SCHEMES.test(url)),
      pageErrors,
      prompts: async () => (await chrome(readPrompts, null)) as BrowserPrompt[],
      answerFolderDialogWith: async (folder) => void (await chrome(setFolder, folder)),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The files Firefox has finished downloading into `dir`, once it is writing none: while it
 * writes, the final name is an empty placeholder beside a `.part` file.
 */
export async function settledDownloads(dir: string, timeout: number): Promise<string[]> {
  const until = Date.now() + timeout;
  let last = '';
  for (;;) {
    const names = readdirSync(dir).sort();
    // Firefox renames a `.part` file when it finishes it: one listed may be gone by its stat,
    // which leaves "gone" in this round's sizes, so the next round cannot match it.
    const sizes = names
      .map((name) => {
        const size = statSync(path.join(dir, name), { throwIfNoEntry: false })?.size ?? 'gone';
        return `${name}:${size}`;
      })
      .join();
    if (names.length > 0 && !names.some((n) => n.endsWith('.part')) && sizes === last) {
      return names.map((name) => path.join(dir, name));
    }
    if (Date.now() > until) throw new Error(`downloads still in progress: ${sizes}`);
    last = sizes;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface DownloadedPart {
  readonly name: string;
  readonly file: string;
  /** The entries, by Info-ZIP's unzip. */
  readonly entries: string[];
}

/** The downloaded .zip parts of a run, once the one with the report (the last) is complete. */
export async function downloadedParts(dir: string, timeout: number): Promise<DownloadedPart[]> {
  const until = Date.now() + timeout;
  for (;;) {
    const files = await settledDownloads(dir, timeout);
    const parts = files.map((file) => ({
      name: path.basename(file),
      file,
      entries: zipEntries(file),
    }));
    if (parts.some((part) => part.entries.includes('report.json'))) return parts;
    if (Date.now() > until)
      throw new Error(`no downloaded part holds report.json: ${files.join()}`);
  }
}

type ChromeCall = <A>(fn: (arg: A) => unknown, arg: A) => Promise<unknown>;

/** Runs functions in the browser window's privileged scope, as source text (see saveStubs.ts). */
async function chromeScope(connection: BidiConnection): Promise<ChromeCall> {
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' }))
    .result as { contexts: Array<{ context: string }> };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('Firefox showed no browser window to the chrome scope');
  return async (fn, arg) => {
    const expression = `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
    const { result } = (await connection.send('script.evaluate', {
      expression,
      target: { context },
      awaitPromise: true,
      serializationOptions: { maxObjectDepth: 4 },
    })) as { result: { type: string; result?: unknown; exceptionDetails?: { text: string } } };
    if (result.type !== 'success')
      throw new Error(`chrome scope: ${result.exceptionDetails?.text}`);
    return fromRemoteValue(result.result);
  };
}

/** A BiDi RemoteValue (what script.evaluate returns) as plain data. */
function fromRemoteValue(value: unknown): unknown {
  const { type, value: inner } = value as { type: string; value?: unknown };
  if (type === 'array') return (inner as unknown[]).map(fromRemoteValue);
  if (type === 'object') {
    return Object.fromEntries(
      (inner as Array<[string, unknown]>).map(([key, item]) => [key, fromRemoteValue(item)]),
    );
  }
  return inner;
}

interface ChromeGlobals {
  Components: {
    manager: { QueryInterface(iface: unknown): ComponentRegistrar };
    ID(id: string): unknown;
    interfaces: Record<string, { returnOK?: number }>;
    classes: Record<string, { createInstance(iface: unknown): { initWithPath(p: string): void } }>;
  };
  ChromeUtils: { generateQI(names: string[]): (iid: unknown) => unknown };
  Services: {
    obs: { addObserver(observer: { observe(subject: unknown): void }, topic: string): void };
    tm: { dispatchToMainThread(fn: () => void): void };
    io: { newFileURI(file: unknown): unknown };
  };
  __dicomanonFolder?: string;
  __dicomanonPrompts?: BrowserPrompt[];
}
/** A button of Firefox's own dialogs (XUL): its text is `label`. */
interface XulButton {
  readonly disabled: boolean;
  readonly label: string;
  click(): void;
}
interface ComponentRegistrar {
  registerFactory(cid: unknown, name: string, contract: string, factory: object): void;
}

/**
 * Runs in the chrome scope: the folder dialog (nsIFilePicker, which Firefox creates in its
 * parent process for every page's file input) answers with `__dicomanonFolder`, and every
 * dialog Firefox opens over a page is recorded and answered with its first button once that
 * is enabled ("Upload" for the folder question; it unlocks after a second, as for a user).
 */
function installFolderDialog(): void {
  const g = globalThis as unknown as ChromeGlobals;
  const { Components: C, ChromeUtils, Services } = g;
  const Ci = C.interfaces;
  g.__dicomanonPrompts = [];
  const chosen = () => {
    const file = C.classes['@mozilla.org/file/local;1']!.createInstance(Ci.nsIFile);
    file.initWithPath(g.__dicomanonFolder ?? '/nonexistent');
    return file;
  };
  const picker = {
    QueryInterface: ChromeUtils.generateQI(['nsIFilePicker']),
    init() {},
    appendFilter() {},
    appendFilters() {},
    appendRawFilter() {},
    get file() {
      return chosen();
    },
    get fileURL() {
      return Services.io.newFileURI(chosen());
    },
    open(callback: { done(result: number): void }) {
      Services.tm.dispatchToMainThread(() => callback.done(Ci.nsIFilePicker!.returnOK!));
    },
    close() {},
  };
  C.manager
    .QueryInterface(Ci.nsIComponentRegistrar)
    .registerFactory(
      C.ID('{5d1b6f52-8a51-4c1e-9f0e-1d3c0a7e4b19}'),
      'dicomanon e2e folder dialog',
      '@mozilla.org/filepicker;1',
      { createInstance: (iid: unknown) => picker.QueryInterface(iid) },
    );
  Services.obs.addObserver(
    {
      observe(subject: unknown) {
        const win = subject as Window;
        const answer = () => {
          const dialog = win.document.querySelector('dialog') as
            (Element & { getButton(name: string): XulButton }) | null;
          const button = dialog?.getButton('accept');
          if (!button || button.disabled) {
            win.setTimeout(answer, 100);
            return;
          }
          g.__dicomanonPrompts!.push({
            title: win.document.title,
            text: win.document.getElementById('infoBody')?.textContent ?? '',
            button: button.label,
          });
          button.click();
        };
        win.setTimeout(answer, 0);
      },
    },
    'common-dialog-loaded',
  );
}

function setFolder(folder: string): void {
  (globalThis as unknown as ChromeGlobals).__dicomanonFolder = folder;
}

function readPrompts(): BrowserPrompt[] {
  return (globalThis as unknown as ChromeGlobals).__dicomanonPrompts ?? [];
}

/**
 * Shows that the recorder is not blind: a page served from a local server (in a second tab)
 * fetches from itself and from a dedicated worker made from a blob: URL, as the app's workers
 * are. Returns what the recorder saw of that server.
 */
export async function recorderCanary(ff: Firefox): Promise<string[]> {
  const server = createServer((request, response) => {
    if (request.url !== '/') return void response.end('ok');
    response.setHeader('content-type', 'text/html');
    response.end(`<script>
      const source = "fetch(self.location.origin + '/from-worker').then(() => postMessage('done'))";
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      worker.onmessage = () => fetch('/from-page').then(() => { document.title = 'done'; });
    </script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tab = await ff.browser.newPage();
  try {
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => document.title === 'done', { timeout: 20_000 });
    return ff.requests
      .filter((url) => url.startsWith(origin))
      .map((url) => url.slice(origin.length));
  } finally {
    await tab.close();
    server.close();
  }
}
