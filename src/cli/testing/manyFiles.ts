/**
 * Test-only: many small, valid, distinct DICOM files made fast from one real corpus file
 * (pydicom's SC_rgb_small_odd.dcm, 1,444 bytes, a secondary capture of 3x3 RGB pixels).
 * Each copy is its own instance; every 100 copies make one patient's study (one series), like
 * an archive of small studies. The tail of every UID and the patient's name and ID are
 * overwritten in place with the same number of characters, so no length changes and the copy
 * is as valid as the original. (One study per file would also work, but its outputs make three
 * folders per file, which then take longer to delete than the whole run.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusFile } from '../../core/testing/corpus';

export const TEMPLATE = corpusFile('pydicom/src/pydicom/data/test_files/SC_rgb_small_odd.dcm');

/** Values in the template, with how many times each must occur (meta and data set). */
const SOP_INSTANCE_UID = '1.2.276.0.7230010.3.1.4.8323329.1099.1521494048.423534';
const STUDY_UID = '1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114';
const SERIES_UID = '1.2.826.0.1.3680043.8.498.16157229083793556332623330502397121062';
const PATIENT_NAME = 'Lestrade^G';
/** Patient ID "ID1", padded to even length: four characters to fill. */
const PATIENT_ID = 'ID1 ';

const FILES_PER_FOLDER = 1000;
export const FILES_PER_STUDY = 100;

interface Slot {
  readonly offsets: number[];
  /** The value for copy `n`, of study `study`. */
  readonly value: (n: number, study: number) => string;
}

function find(template: Buffer, text: string, times: number): number[] {
  const offsets: number[] = [];
  for (let at = template.indexOf(text, 0, 'latin1'); at >= 0;) {
    offsets.push(at);
    at = template.indexOf(text, at + 1, 'latin1');
  }
  if (offsets.length !== times) {
    throw new Error(`template: "${text}" found ${offsets.length} times, expected ${times}`);
  }
  return offsets;
}

/** `n` in base 36, upper case, left-padded with zeros to `width`. */
const base36 = (n: number, width: number): string =>
  n.toString(36).toUpperCase().padStart(width, '0');

/** A UID with its last 8 characters replaced by `n` (digits, and no component left to start with 0). */
const uidWith = (uid: string, n: number): string => uid.slice(0, -8) + String(n).padStart(8, '0');

/**
 * Writes `count` copies under `dir`, 1,000 per folder ("d0000/f0000000.dcm"). Returns the
 * number of bytes of one copy.
 */
export function writeCopies(dir: string, count: number): number {
  const template = readFileSync(TEMPLATE);
  const slots: Slot[] = [
    { offsets: find(template, SOP_INSTANCE_UID, 2), value: (n) => uidWith(SOP_INSTANCE_UID, n) },
    { offsets: find(template, STUDY_UID, 1), value: (_, s) => uidWith(STUDY_UID, s) },
    { offsets: find(template, SERIES_UID, 1), value: (_, s) => uidWith(SERIES_UID, s) },
    { offsets: find(template, PATIENT_NAME, 1), value: (_, s) => `P${base36(s, 4)}^Test` },
    { offsets: find(template, PATIENT_ID, 1), value: (_, s) => base36(s, 4) },
  ];
  const copy = Buffer.from(template);
  for (let n = 0; n < count; n++) {
    const study = Math.floor(n / FILES_PER_STUDY);
    const folder = path.join(dir, `d${String(Math.floor(n / FILES_PER_FOLDER)).padStart(4, '0')}`);
    if (n % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    for (const slot of slots) {
      const value = slot.value(n, study);
      for (const offset of slot.offsets) copy.write(value, offset, 'latin1');
    }
    writeFileSync(path.join(folder, `f${String(n).padStart(7, '0')}.dcm`), copy);
  }
  return copy.length;
}
