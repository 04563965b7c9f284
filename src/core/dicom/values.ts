import { decodeText, encodeAscii, encodeText, plainText, type CharacterSets } from './charset';
import { trimPadding, trimPaddingEnd } from './padding';
import { findElement, valueBytes, type DicomElement, type DicomItem } from './dataset';
import { DicomWriteError } from './errors';
import { asciiTrimmed } from './parser';
import {
  SPECIFIC_CHARACTER_SET,
  elementOf,
  formatTag,
  groupOf,
  isPrivateCreatorTag,
  isPrivateTag,
  tag,
} from './tag';
import { BINARY_VALUE_SIZE, isSingleValuedTextVR, isTextVR } from './vr';

/**
 * The character sets in force for an item: its own (0008,0005), else the nearest enclosing
 * item's (PS3.5 7.5.3: a sequence item may declare its own).
 */
export function characterSetsOf(item: DicomItem): CharacterSets {
  for (let at: DicomItem | undefined = item; at; at = at.parent) {
    const element = findElement(at, SPECIFIC_CHARACTER_SET);
    if (element) {
      const raw = valueBytes(at, element);
      // Asked for every text value a file has: the terms are split once per element and
      // value (an edit gives the element new bytes, so the bytes are compared, not trusted).
      const cached = parsedCharsets.get(element);
      if (cached && sameBytes(cached.raw, raw)) return cached.sets;
      // Not String.fromCharCode(...bytes): a hostile, huge value would overflow the stack.
      const sets = asciiTrimmed(raw, 0, raw.length)
        .split('\\')
        .map((term) => trimPadding(term).trim());
      parsedCharsets.set(element, { raw, sets });
      return sets;
    }
  }
  return [];
}

const parsedCharsets = new WeakMap<DicomElement, { raw: Uint8Array; sets: CharacterSets }>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The whole text of a text element, decoded by the character sets in force; '' otherwise. */
export function readText(item: DicomItem, element: DicomElement): string {
  if (!isTextVR(element.vr)) return '';
  const bytes = valueBytes(item, element);
  return plainText(bytes, element.vr) ?? decodeText(bytes, characterSetsOf(item), element.vr);
}

/**
 * The values of a text element, split at backslashes (except in LT/ST/UT/UR, where a backslash
 * is text) and stripped of the padding PS3.5 6.2 allows.
 */
export function readStrings(item: DicomItem, element: DicomElement): string[] {
  const text = readText(item, element);
  if (text === '' && valueBytes(item, element).length === 0) return [];
  const values = isSingleValuedTextVR(element.vr) ? [text] : text.split('\\');
  // UIDs are padded with a NUL, and leading spaces are text in LT, ST and UT: strip the end only.
  const endOnly = ['UI', 'LT', 'ST', 'UT'].includes(element.vr);
  return values.map((value) => (endOnly ? trimPaddingEnd(value) : value.trim()));
}

/** The numbers of a binary element (US, SL, FD, ...) in the data set's byte order, or of IS/DS. */
export function readNumbers(item: DicomItem, element: DicomElement): number[] {
  if (element.vr === 'IS' || element.vr === 'DS') {
    return readStrings(item, element)
      .filter((v) => v !== '')
      .map(Number);
  }
  const size = BINARY_VALUE_SIZE[element.vr];
  if (!size || element.vr === 'AT') return [];
  const bytes = valueBytes(item, element);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = item.encoding.littleEndian;
  const values: number[] = [];
  for (let pos = 0; pos + size <= bytes.length; pos += size) {
    values.push(readBinary(view, pos, element.vr, le));
  }
  return values;
}

function readBinary(view: DataView, pos: number, vr: string, le: boolean): number {
  switch (vr) {
    case 'US':
    case 'OW':
      return view.getUint16(pos, le);
    case 'SS':
      return view.getInt16(pos, le);
    case 'UL':
    case 'OL':
      return view.getUint32(pos, le);
    case 'SL':
      return view.getInt32(pos, le);
    case 'FL':
    case 'OF':
      return view.getFloat32(pos, le);
    case 'SV':
      return Number(view.getBigInt64(pos, le));
    case 'UV':
    case 'OV':
      return Number(view.getBigUint64(pos, le));
    default:
      return view.getFloat64(pos, le);
  }
}

/**
 * Encodes text for an element of this VR in this item: padded to even length with a space (a
 * NUL for UI), in the item's character sets. Throws when the sets cannot represent the text.
 */
export function encodeTextValue(item: DicomItem, vr: string, text: string): Uint8Array {
  // The engine's own values are ASCII: the item's character sets need not be looked up.
  const encoded = encodeAscii(text) ?? encodeText(text, characterSetsOf(item), vr);
  if (!encoded)
    throw new DicomWriteError(
      `"${vr}" text cannot be written in character sets ${characterSetsOf(item).join('\\') || 'ISO_IR 6'}`,
    );
  if (encoded.length % 2 === 0) return encoded;
  const padded = new Uint8Array(encoded.length + 1);
  padded.set(encoded);
  padded[encoded.length] = vr === 'UI' ? 0x00 : 0x20;
  return padded;
}

/** Replaces a text element's value. */
export function setText(item: DicomItem, element: DicomElement, text: string): void {
  if (!isTextVR(element.vr))
    throw new DicomWriteError(`${formatTag(element.tag)} is ${element.vr}, not text`);
  element.newValue = encodeTextValue(item, element.vr, text);
  // Undefined rather than deleted: the element keeps its shape (see setValueBytes).
  element.items = undefined;
}

/**
 * The creator of the private block a private element belongs to: the value of (gggg,00bb) in
 * the same item, where bb is the element's high byte (PS3.5 7.8.1). Undefined for public
 * elements, creators themselves and blocks whose creator is missing.
 */
export function privateCreatorOf(item: DicomItem, element: DicomElement): string | undefined {
  if (!isPrivateTag(element.tag) || isPrivateCreatorTag(element.tag)) return undefined;
  const block = elementOf(element.tag) >> 8;
  if (block < 0x10) return undefined;
  const creator = findElement(item, tag(groupOf(element.tag), block));
  if (!creator) return undefined;
  const bytes = valueBytes(item, creator);
  return asciiTrimmed(bytes, 0, bytes.length);
}
