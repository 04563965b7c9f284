/**
 * How the preview shows one element's value: text decoded with the item's character sets,
 * numbers as numbers, tags as tags, and everything opaque (pixel data, OB, UN ...) as its size
 * only. Pure: the strings are for display as text, never as markup.
 */
import { valueBytes, type DicomElement, type DicomItem } from '../dicom/dataset';
import { formatTag, tag } from '../dicom/tag';
import { isTextVR } from '../dicom/vr';
import { textValues } from './dataSetPlan';

/** Characters of a value shown in the table; the full text is kept beside it when longer. */
export const SHORT_TEXT_CHARS = 160;
/** At most this much of a huge text value is decoded at all (a hostile file can hold 2 GiB). */
export const MAX_DECODED_BYTES = 256 * 1024;
/** Numbers shown before "… (N values)". */
const MAX_NUMBERS = 16;

export interface ValueText {
  /** What the table shows: one line, at most SHORT_TEXT_CHARS (plus an ellipsis). */
  readonly short: string;
  /** The whole value, present only when `short` is not all of it. */
  readonly full?: string;
}

const NUMERIC_SIZE: Readonly<Record<string, number>> = {
  US: 2,
  SS: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  FD: 8,
  SV: 8,
  UV: 8,
  AT: 4,
};

/**
 * The value of an element as text. `vr` is the VR the element is read as (the dictionary's for
 * a UN element of a known tag, see effectiveVR).
 */
export function describeValue(item: DicomItem, element: DicomElement, vr: string): ValueText {
  if (element.items) return { short: countOf(element.items.length, 'item') };
  if (element.fragments) {
    const fragments = element.fragments.slice(1);
    const bytes = fragments.reduce((sum, f) => sum + f.length, 0);
    return {
      short: `${element.vr}, encapsulated: ${countOf(fragments.length, 'fragment')}, ${countOf(bytes, 'byte')}`,
    };
  }
  const bytes = valueBytes(item, element);
  if (isTextVR(vr)) return describeText(item, element, vr, bytes.length);
  const size = NUMERIC_SIZE[vr];
  if (size !== undefined && bytes.length % size === 0) {
    return fitted(numbers(bytes, vr, size, item.encoding.littleEndian));
  }
  return { short: `${element.vr}, ${countOf(bytes.length, 'byte')}` };
}

function describeText(
  item: DicomItem,
  element: DicomElement,
  vr: string,
  byteLength: number,
): ValueText {
  let text: string;
  if (byteLength > MAX_DECODED_BYTES) {
    const head = valueBytes(item, element).subarray(0, MAX_DECODED_BYTES);
    const first = textValues(item, { ...element, newValue: head }, vr);
    text = `${first.join('\\')} … (${countOf(byteLength, 'byte')} in all)`;
  } else {
    text = textValues(item, element, vr).join('\\');
  }
  return fitted(text);
}

/** One line for the table, with the whole text beside it when that had to be cut. */
export function fitted(text: string): ValueText {
  const line = oneLine(text);
  if (line.length <= SHORT_TEXT_CHARS && line === text) return { short: text };
  if (line.length <= SHORT_TEXT_CHARS) return { short: line, full: text };
  return { short: `${line.slice(0, SHORT_TEXT_CHARS)}…`, full: text };
}

/** Line breaks and other control characters as visible symbols: a table row is one line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(text)) return text;
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ↵ ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\t' ? ' ' : '�'))
  );
}

function numbers(bytes: Uint8Array, vr: string, size: number, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length / size;
  const shown: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_NUMBERS); i++) {
    shown.push(numberAt(view, i * size, vr, littleEndian));
  }
  const rest = count > MAX_NUMBERS ? ` … (${countOf(count, 'value')})` : '';
  return `${shown.join('\\')}${rest}`;
}

function numberAt(view: DataView, pos: number, vr: string, le: boolean): string {
  switch (vr) {
    case 'US':
      return String(view.getUint16(pos, le));
    case 'SS':
      return String(view.getInt16(pos, le));
    case 'UL':
      return String(view.getUint32(pos, le));
    case 'SL':
      return String(view.getInt32(pos, le));
    case 'FL':
      return String(view.getFloat32(pos, le));
    case 'SV':
      return String(view.getBigInt64(pos, le));
    case 'UV':
      return String(view.getBigUint64(pos, le));
    case 'AT':
      return formatTag(tag(view.getUint16(pos, le), view.getUint16(pos + 2, le)));
    default:
      return String(view.getFloat64(pos, le));
  }
}

/** "1 item", "1,234 bytes": grouped digits, the same in every locale. */
export function countOf(n: number, one: string): string {
  const digits = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${digits} ${one}${n === 1 ? '' : 's'}`;
}
