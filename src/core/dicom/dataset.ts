import type { Encoding, TransferSyntax } from './transferSyntax';
import type { Tag } from './tag';

export const UNDEFINED_LENGTH = 0xffffffff;

/**
 * One element as it lies in its source bytes. Offsets point into the `source` of the item that
 * holds it, so an element that no edit touched is written back by copying [start, end).
 */
export interface DicomElement {
  readonly tag: Tag;
  /** From the file for explicit VR; from the dictionary for implicit VR ('UN' when unknown). */
  readonly vr: string;
  /** First header byte; -1 for an element that an edit added. */
  readonly start: number;
  readonly valueOffset: number;
  /** The value length the header states; UNDEFINED_LENGTH when undefined. */
  readonly length: number;
  /** Just past the element, delimiters included. */
  readonly end: number;
  /** Present for sequences, including UN and implicit elements found to hold a sequence. */
  items?: DicomItem[];
  /** Present for encapsulated values: fragment 0 is the basic offset table. */
  readonly fragments?: readonly Fragment[];
  /** A value set by an edit, already encoded in the data set's byte order and padded. */
  newValue?: Uint8Array;
  /** Set by edits that change `items`: the sequence is re-encoded on write. */
  itemsChanged?: boolean;
}

export interface Fragment {
  /** Offset of the fragment's value (after its 8-byte item header). */
  readonly valueOffset: number;
  readonly length: number;
}

/** A data set: the file's body, the file meta group, or one item of a sequence. */
export interface DicomItem {
  readonly source: Uint8Array;
  readonly encoding: Encoding;
  /** First byte of the item header (or of the first element, for a top-level data set). */
  readonly start: number;
  /** The item length the header states; UNDEFINED_LENGTH when undefined. */
  readonly length: number;
  /** Just past the item, its delimiter included. */
  readonly end: number;
  elements: DicomElement[];
  /** The item that holds the sequence this item is in: character sets are inherited from it. */
  readonly parent?: DicomItem;
  /** Set by edits that add or remove elements: the item is re-encoded on write. */
  elementsChanged?: boolean;
}

export type PreambleKind = 'preamble' | 'magic-only' | 'none';

export interface DicomFile {
  /** How the file began: 128-byte preamble + "DICM", "DICM" alone, or straight into the data. */
  readonly preamble: PreambleKind;
  /** Group 0002, always explicit VR little endian; null for files without file meta. */
  readonly meta: DicomItem | null;
  readonly dataset: DicomItem;
  readonly transferSyntax: TransferSyntax;
  /** For deflated transfer syntaxes, the data set as stored (deflated), to write back unedited. */
  readonly deflatedDataSet?: Uint8Array;
  /** Bytes after the last element that are not an element (zero padding seen in the wild). */
  readonly trailing: Uint8Array;
  /** Things that were odd but readable, in words for a report. */
  readonly warnings: string[];
}

export function findElement(item: DicomItem, t: Tag): DicomElement | undefined {
  // Elements are nearly always in ascending order; a linear scan also copes when they are not.
  for (const element of item.elements) if (element.tag === t) return element;
  return undefined;
}

/** The bytes of an element's value as it stands now (an edit's value, else the source's). */
export function valueBytes(item: DicomItem, element: DicomElement): Uint8Array {
  if (element.newValue) return element.newValue;
  if (element.length === UNDEFINED_LENGTH)
    return item.source.subarray(element.valueOffset, element.valueOffset);
  return item.source.subarray(element.valueOffset, element.valueOffset + element.length);
}
