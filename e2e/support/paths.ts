/** Where things are, for the end-to-end tests and the browser benchmark (Node side). */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(PROJECT_ROOT, '../shared/data');
export const BUILT_PAGE = path.join(PROJECT_ROOT, 'dist', 'index.html');
export const BUILT_PAGE_URL = pathToFileURL(BUILT_PAGE).href;
/** The same page under the name it is handed out by (vite.config.ts writes it beside index.html). */
export const SINGLE_FILE = path.join(PROJECT_ROOT, 'dist', 'dicomanon.html');
export const SINGLE_FILE_URL = pathToFileURL(SINGLE_FILE).href;
export const PREVIEW_URL = 'http://127.0.0.1:4173/';
export const CLI = path.join(PROJECT_ROOT, 'dist-cli', 'dicomanon.mjs');
export const PYTHON = '/usr/bin/python3';

/** Throws with what to run when a build the tests use is missing. */
export function requireBuilt(file: string, command: string): void {
  if (!existsSync(file)) {
    throw new Error(`${path.relative(PROJECT_ROOT, file)} is missing: run ${command} first`);
  }
}

/** A fresh temporary folder; `remove()` deletes it with everything in it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dicomanon-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Every regular file under `root` as a path relative to it with "/" separators, in the order the
 * CLI walks (names by code unit, folder by folder, depth first): the order of input ids.
 */
export function walkFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else out.push(rel);
    }
  };
  walk(root, '');
  return out;
}
