/**
 * What the benchmark runs on each file, and the checks (printed, not asserted) that the rewrite
 * keeps bytes and the edit lands:
 *   copy      — bytes.slice() of each file (allocation + memcpy: the floor for any rewrite that
 *               returns a fresh buffer);
 *   unchanged — writeDicom(readDicom(bytes));
 *   edited    — the same with PatientName (0010,0010) given a new value through
 *               element.newValue, so that the data set is re-encoded instead of copied whole.
 */
import { readFileSync } from 'node:fs';
import { findElement, type DicomFile } from '../src/core/dicom/dataset';
import { readDicom } from '../src/core/dicom/readDicom';
import { tag } from '../src/core/dicom/tag';
import { writeDicom } from '../src/core/dicom/writer';

export type Case = 'copy' | 'unchanged' | 'edited';
export const CASES: readonly Case[] = ['copy', 'unchanged', 'edited'];

export interface Input {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const PATIENT_NAME = tag(0x0010, 0x0010);
const NEW_PATIENT_NAME = asciiPadded('ANONYMIZED^PATIENT^BENCH');

/** Keeps results observable so that no work can be optimized away. */
let sink = 0;

export function keep(value: number): void {
  sink += value;
}

/** Reads the sink once at the end, so that what went into it counts as used. */
export function observeSink(): void {
  if (Number.isNaN(sink)) console.log('');
}

function asciiPadded(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length + (text.length % 2));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  if (text.length % 2) bytes[text.length] = 0x20;
  return bytes;
}

/** Gives PatientName its new value; false when the data set has none. */
export function editPatientName(file: DicomFile): boolean {
  const element = findElement(file.dataset, PATIENT_NAME);
  if (!element) return false;
  element.newValue = NEW_PATIENT_NAME;
  return true;
}

export function runCase(c: Case, bytes: Uint8Array, fileName: string): Uint8Array {
  if (c === 'copy') return bytes.slice();
  const file = readDicom(bytes, { fileName });
  if (c === 'edited') editPatientName(file);
  return writeDicom(file);
}

/**
 * The file as a plain Uint8Array (a Buffer's slice() would not copy) over a fresh ArrayBuffer of
 * exactly its size (readFileSync allocates one per call, outside Buffer's shared pool).
 */
export function readFileBytes(file: string): Uint8Array {
  const buffer = readFileSync(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function equalFrom(a: Uint8Array, b: Uint8Array, from: number): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset + from, a.length - from).equals(
    Buffer.from(b.buffer, b.byteOffset + from, b.length - from),
  );
}

export function checks(inputs: readonly Input[]): {
  identical: number;
  edited: number;
  named: number;
} {
  let identical = 0;
  let edited = 0;
  let named = 0;
  for (const { name, bytes } of inputs) {
    const file = readDicom(bytes, { fileName: name });
    // The writer zeroes the preamble by design; compare what follows it.
    const from = file.preamble === 'preamble' ? 128 : 0;
    if (equalFrom(writeDicom(file), bytes, from)) identical++;
    if (!editPatientName(file)) continue;
    named++;
    const reread = readDicom(writeDicom(file), { fileName: name });
    const element = findElement(reread.dataset, PATIENT_NAME);
    const value = element
      ? reread.dataset.source.subarray(element.valueOffset, element.valueOffset + element.length)
      : undefined;
    if (value && equalFrom(value, NEW_PATIENT_NAME, 0)) edited++;
  }
  return { identical, edited, named };
}
