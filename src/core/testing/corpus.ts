/**
 * Test-only access to the shared corpus of real DICOM (../shared/data beside the project root).
 * Tests read it in place; nothing is copied into the project.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA = path.resolve(PROJECT_ROOT, '../shared/data');

/** Every regular file under shared/data, sorted, as absolute paths. */
export function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(SHARED_DATA);
  if (files.length === 0) throw new Error(`no test corpus at ${SHARED_DATA}`);
  return files;
}

/** A path inside shared/data, for tests that name one file. */
export const corpusFile = (relative: string): string => path.join(SHARED_DATA, relative);

export const relativeToCorpus = (file: string): string => path.relative(SHARED_DATA, file);

/** Names that are documentation, NIfTI, JSON sidecars and the like: never DICOM. */
export const NOT_DICOM_NAME = /(\.(json|nii|txt|md|pdf|zip|gz|icc|dump|dicom)|\/(LICENSE|README))$/;
