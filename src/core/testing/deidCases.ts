/**
 * Test-only: de-identifies real files under given profiles and reads inputs and outputs back
 * with pydicom, in one python run per batch, so that tests assert on what an independent reader
 * sees. Our own reader is used only to prepare inputs (planting values into real files).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileOutcome, ProfileSpec } from '../deid/api';
import { findElement, type DicomFile, type DicomItem } from '../dicom/dataset';
import { removeElements } from '../dicom/edit';
import { readDicom } from '../dicom/readDicom';
import { isPrivateTag } from '../dicom/tag';
import { setText } from '../dicom/values';
import { writeDicom } from '../dicom/writer';
import { corpusFile } from './corpus';
import { outputBytes, testDeidentifier } from './deid';
import { pydicomDump, type PydicomDump, type PydicomElement } from './pydicom';

export type Written = Extract<FileOutcome, { status: 'written' }>;
export type PydicomFile = Extract<PydicomDump, { elements: unknown }>;

export interface DeidCase {
  /** A path inside ../shared/data, or the bytes of a file prepared from one. */
  readonly input: string | Uint8Array;
  readonly spec: ProfileSpec;
  readonly key?: Uint8Array;
}

export interface DeidResult {
  readonly outcome: Written;
  /** What pydicom reads in the input and in the output. */
  readonly before: PydicomFile;
  readonly after: PydicomFile;
}

/** Runs every case (each with a fresh de-identifier) and reads all files with one pydicom run. */
export async function deidentifyCases<K extends string>(
  cases: Readonly<Record<K, DeidCase>>,
): Promise<Record<K, DeidResult>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-actions-'));
  const paths: Array<[K, string, string, Written]> = [];
  for (const [i, [label, c]] of (Object.entries(cases) as Array<[K, DeidCase]>).entries()) {
    let input: string;
    let bytes: Uint8Array;
    if (typeof c.input === 'string') {
      input = corpusFile(c.input);
      bytes = new Uint8Array(readFileSync(input));
    } else {
      input = path.join(dir, `${i}-in.dcm`);
      bytes = c.input;
      writeFileSync(input, bytes);
    }
    const outcome = await (await testDeidentifier(c.spec, c.key)).deidentify(bytes);
    if (outcome.status !== 'written') throw new Error(`${label}: ${outcome.reason}`);
    const output = path.join(dir, `${i}-out.dcm`);
    writeFileSync(output, outputBytes(outcome));
    paths.push([label, input, output, outcome]);
  }
  const dumps = pydicomDump(paths.flatMap(([, input, output]) => [input, output]));
  const results = {} as Record<K, DeidResult>;
  for (const [label, input, output, outcome] of paths) {
    results[label] = {
      outcome,
      before: readable(dumps[input], input),
      after: readable(dumps[output], output),
    };
  }
  return results;
}

function readable(dump: PydicomDump | undefined, file: string): PydicomFile {
  if (!dump) throw new Error(`pydicom gave nothing for ${file}`);
  if ('error' in dump) throw new Error(`pydicom cannot read ${file}: ${dump.error}`);
  return dump;
}

/** An element of a pydicom dump by key ("00081140/0/00081155"), or undefined. */
export function at(file: PydicomFile, key: string): PydicomElement | undefined {
  return file.elements[key];
}

/** The value pydicom reads, multiple values joined with a backslash; throws when absent. */
export function text(file: PydicomFile, key: string): string {
  const element = file.elements[key];
  if (!element) throw new Error(`${key} is absent`);
  if (element.value === undefined) throw new Error(`${key} has no value (${element.vr})`);
  return Array.isArray(element.value) ? element.value.join('\\') : element.value;
}

/** Keys of the dump, top level and nested, whose last tag matches. */
export function keysOfTag(file: PydicomFile, tag: number): string[] {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return Object.keys(file.elements).filter((k) => k.split('/').pop() === hex);
}

/** A ChangeRecord path, "(0008,1115)[0].(0020,000E)", as a pydicom dump key. */
export function keyOfPath(changePath: string): string {
  return changePath
    .split('.')
    .map((step) => {
      const m = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)(?:\[(\d+)\])?$/i.exec(step);
      if (!m) throw new Error(`not a change path: ${changePath}`);
      const key = `${m[1]}${m[2]}`.toUpperCase();
      return m[3] === undefined ? key : `${key}/${m[3]}`;
    })
    .join('/');
}

/** A real corpus file with some elements' text replaced (top level), written by our writer. */
export function plantedFile(
  relative: string,
  edits: ReadonlyArray<readonly [tag: number, text: string]>,
  more?: (file: DicomFile) => void,
): Uint8Array {
  const file = readDicom(new Uint8Array(readFileSync(corpusFile(relative))));
  for (const [tag, value] of edits) setText(file.dataset, elementIn(file.dataset, tag), value);
  more?.(file);
  return writeDicom(file);
}

export function elementIn(item: DicomItem, tag: number) {
  const element = findElement(item, tag);
  if (!element) throw new Error(`no element ${tag.toString(16)} to plant into`);
  return element;
}

/**
 * ctbrain1 without what the legacy table does not touch but the leak check rightly finds: its
 * private blocks, Requesting Physician and Requested Procedure ID hold the names and IDs the
 * table replaces elsewhere, so the legacy output of the original is quarantined. Tests of the
 * table itself use this copy.
 */
export function brainForLegacy(): Uint8Array {
  return plantedFile('deid-data/deid_data/data/humans/ctbrain1.dcm', [], (file) => {
    removeElements(
      file.dataset,
      (e) => isPrivateTag(e.tag) || e.tag === 0x00321032 || e.tag === 0x00401001,
    );
  });
}
