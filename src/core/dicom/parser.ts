import { trimPadding } from './padding';
import {
  UNDEFINED_LENGTH,
  type DicomElement,
  type DicomFile,
  type DicomItem,
  type Fragment,
} from './dataset';
import { dictionaryVR } from './dictionary';
import { DicomError } from './errors';
import {
  ITEM,
  ITEM_DELIMITATION,
  PIXEL_DATA,
  SEQUENCE_DELIMITATION,
  elementOf,
  formatTag,
  groupOf,
  isPrivateCreatorTag,
  isPrivateTag,
  tag,
  type Tag,
} from './tag';
import { IMPLICIT_LITTLE, type Encoding } from './transferSyntax';
import { hasShortLengthBytes, looksLikeVR, vrFromBytes } from './vr';

export interface ParseLimits {
  /** Sequences nested deeper than this are refused as hostile (real files nest a few levels). */
  readonly maxDepth: number;
  /** Elements, items and fragments in one file; bounds memory for files built to exhaust it. */
  readonly maxElements: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxDepth: 128, maxElements: 2_000_000 };

type Mode = 'bounded' | 'delimited' | 'top-level' | 'meta';

interface MutableItem extends Omit<DicomItem, 'end'> {
  end: number;
}

/** Parses the elements of one data set (body, meta group or item) out of one buffer. */
export class ElementParser {
  private readonly view: DataView;
  private count = 0;
  /** Above zero while trying whether a value is a sequence: no leniency then, only proof. */
  private guessing = 0;
  readonly warnings: string[] = [];

  constructor(
    private readonly source: Uint8Array,
    private readonly limits: ParseLimits,
    /**
     * Header-only reads: the top-level data set ends at the first element whose tag is this or
     * higher, so pixel data (and whatever follows) is neither parsed nor needed in `source`.
     */
    private readonly stopAtTag = Infinity,
  ) {
    this.view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  }

  fail(code: DicomError['code'], detail: string, offset: number): never {
    throw new DicomError(code, detail, offset);
  }

  /**
   * Reads elements from `start` up to `limit` (bounded, top-level), up to an item delimiter
   * (delimited), or while they are in group 0002 (meta). Returns the item with its end.
   */
  parseItem(
    encoding: Encoding,
    start: number,
    contentStart: number,
    length: number,
    limit: number,
    mode: Mode,
    parent: DicomItem | undefined,
    depth: number,
  ): DicomItem {
    if (depth > this.limits.maxDepth) {
      this.fail('too-deep', `sequences nested deeper than ${this.limits.maxDepth} levels`, start);
    }
    const item: MutableItem = {
      source: this.source,
      encoding,
      start,
      length,
      end: -1,
      elements: [],
      parent,
      elementsChanged: undefined,
    };
    const { littleEndian: le, explicitVR } = encoding;
    const view = this.view;
    const creators = explicitVR ? undefined : new Map<number, string>();
    let pos = contentStart;
    for (;;) {
      if (mode !== 'delimited' && pos >= limit) break;
      if (mode === 'top-level' && (limit - pos < 8 || this.allZero(pos, limit))) break;
      if (pos + 8 > limit) {
        this.fail(
          'truncated',
          mode === 'delimited'
            ? 'item has no item delimiter before the data ends'
            : 'element header runs past the end of its item',
          pos,
        );
      }
      const group = view.getUint16(pos, le);
      const t = tag(group, view.getUint16(pos + 2, le));
      if (mode === 'meta' && group !== 0x0002) break;
      if (mode === 'top-level' && t >= this.stopAtTag) break;
      if (group === 0xfffe) {
        if (t === ITEM_DELIMITATION && mode === 'delimited') {
          pos += 8;
          break;
        }
        // A stray delimiter between elements is meaningless; skip it rather than lose the file.
        this.warnings.push(`stray ${formatTag(t)} delimiter skipped at byte ${pos}`);
        pos += 8;
        continue;
      }
      const element = this.parseElement(encoding, item, t, pos, limit, depth, creators);
      item.elements.push(element);
      pos = element.end;
    }
    item.end = pos;
    return item;
  }

  private parseElement(
    encoding: Encoding,
    item: DicomItem,
    t: Tag,
    start: number,
    limit: number,
    depth: number,
    creators: Map<number, string> | undefined,
  ): DicomElement {
    if (++this.count > this.limits.maxElements) {
      this.fail('too-many-elements', `more than ${this.limits.maxElements} elements`, start);
    }
    const { littleEndian: le, explicitVR } = encoding;
    const src = this.source;
    let vr: string;
    let length: number;
    let valueOffset: number;
    if (explicitVR) {
      const b0 = src[start + 4]!;
      const b1 = src[start + 5]!;
      if (!looksLikeVR(b0, b1)) {
        this.fail(
          'bad-structure',
          `element ${formatTag(t)} has no valid VR (bytes ${b0.toString(16)} ${b1.toString(16)})`,
          start + 4,
        );
      }
      vr = vrFromBytes(b0, b1);
      if (hasShortLengthBytes(b0, b1)) {
        length = this.view.getUint16(start + 6, le);
        valueOffset = start + 8;
      } else {
        if (start + 12 > limit)
          this.fail('truncated', `element ${formatTag(t)} header runs past the end`, start);
        length = this.view.getUint32(start + 8, le);
        valueOffset = start + 12;
      }
    } else {
      length = this.view.getUint32(start + 4, le);
      valueOffset = start + 8;
      vr = dictionaryVR(t, isPrivateTag(t) ? creators?.get(creatorKey(t)) : undefined);
    }

    if (length === UNDEFINED_LENGTH) {
      if (t === PIXEL_DATA || (vr !== 'SQ' && vr !== 'UN' && explicitVR)) {
        const { fragments, end } = this.parseFragments(t, valueOffset, limit);
        return element(t, vr, start, valueOffset, length, end, undefined, fragments);
      }
      // Undefined-length UN holds implicit VR little endian (PS3.5 6.2.2 note, CP-246).
      const itemEncoding = vr === 'UN' ? IMPLICIT_LITTLE : encoding;
      const { items, end } = this.parseSequence(
        t,
        itemEncoding,
        valueOffset,
        length,
        limit,
        item,
        depth,
      );
      return element(t, vr, start, valueOffset, length, end, items);
    }

    const end = valueOffset + length;
    if (end > limit) {
      this.fail(
        'length-past-end',
        `element ${formatTag(t)} (${vr}) declares ${length} bytes but only ${Math.max(0, limit - valueOffset)} remain`,
        start,
      );
    }
    if (creators && isPrivateCreatorTag(t)) {
      creators.set(creatorKey(t, true), asciiTrimmed(src, valueOffset, end));
    }
    if (vr === 'SQ') {
      const { items } = this.parseSequence(t, encoding, valueOffset, length, end, item, depth);
      return element(t, vr, start, valueOffset, length, end, items);
    }
    if (vr === 'UN' && this.startsWithItem(valueOffset, end)) {
      const items = this.tryParseHiddenSequence(t, valueOffset, length, end, item, depth);
      if (items) return element(t, vr, start, valueOffset, length, end, items);
    }
    return element(t, vr, start, valueOffset, length, end);
  }

  /**
   * A UN element (or an implicit VR element the dictionary does not know) whose value starts with
   * an item tag is almost always a sequence, often private and full of identifiers. It is read as
   * implicit VR little endian; if it does not parse cleanly it stays an opaque value.
   */
  private tryParseHiddenSequence(
    t: Tag,
    valueOffset: number,
    length: number,
    end: number,
    parent: DicomItem,
    depth: number,
  ): DicomItem[] | undefined {
    const countBefore = this.count;
    const warningsBefore = this.warnings.length;
    this.guessing++;
    try {
      const parsed = this.parseSequence(
        t,
        IMPLICIT_LITTLE,
        valueOffset,
        length,
        end,
        parent,
        depth,
      );
      return parsed.end === end ? parsed.items : undefined;
    } catch (error) {
      if (!(error instanceof DicomError) || error.code === 'too-many-elements') throw error;
      this.count = countBefore;
      this.warnings.length = warningsBefore;
      return undefined;
    } finally {
      this.guessing--;
    }
  }

  private parseSequence(
    t: Tag,
    encoding: Encoding,
    valueOffset: number,
    length: number,
    limit: number,
    parent: DicomItem,
    depth: number,
  ): { items: DicomItem[]; end: number } {
    const le = encoding.littleEndian;
    const delimited = length === UNDEFINED_LENGTH;
    const seqEnd = delimited ? limit : valueOffset + length;
    const items: DicomItem[] = [];
    let pos = valueOffset;
    while (delimited || pos < seqEnd) {
      if (pos + 8 > seqEnd) {
        this.fail(
          'truncated',
          `sequence ${formatTag(t)} ends inside an item header${delimited ? ' (no sequence delimiter)' : ''}`,
          pos,
        );
      }
      const itemTag = tag(this.view.getUint16(pos, le), this.view.getUint16(pos + 2, le));
      const itemLength = this.view.getUint32(pos + 4, le);
      if (itemTag === SEQUENCE_DELIMITATION) {
        pos += 8;
        if (delimited) break;
        this.warnings.push(
          `sequence delimiter inside defined-length sequence ${formatTag(t)} skipped`,
        );
        continue;
      }
      if (itemTag !== ITEM) {
        this.fail(
          'bad-structure',
          `sequence ${formatTag(t)} holds ${formatTag(itemTag)} where an item was expected`,
          pos,
        );
      }
      if (++this.count > this.limits.maxElements) {
        this.fail('too-many-elements', `more than ${this.limits.maxElements} elements`, pos);
      }
      let item: DicomItem;
      if (itemLength === UNDEFINED_LENGTH) {
        item = this.parseItem(
          encoding,
          pos,
          pos + 8,
          itemLength,
          seqEnd,
          'delimited',
          parent,
          depth + 1,
        );
      } else {
        let itemEnd = pos + 8 + itemLength;
        if (itemEnd > seqEnd && !delimited && this.guessing === 0) {
          // Seen where elements were deleted by hand without fixing lengths: the item claims
          // more than its sequence holds. Like dcmtk, read the item up to the sequence's end.
          this.warnings.push(
            `item at byte ${pos} overruns sequence ${formatTag(t)} by ${itemEnd - seqEnd} bytes; read to the sequence's end`,
          );
          itemEnd = seqEnd;
        }
        if (itemEnd > seqEnd) {
          this.fail(
            'length-past-end',
            `item in ${formatTag(t)} declares ${itemLength} bytes but only ${seqEnd - pos - 8} remain`,
            pos,
          );
        }
        item = this.parseItem(
          encoding,
          pos,
          pos + 8,
          itemLength,
          itemEnd,
          'bounded',
          parent,
          depth + 1,
        );
      }
      items.push(item);
      pos = item.end;
    }
    return { items, end: pos };
  }

  /** Encapsulated values: a run of items whose bytes are kept exactly as they are. */
  private parseFragments(
    t: Tag,
    valueOffset: number,
    limit: number,
  ): { fragments: Fragment[]; end: number } {
    const fragments: Fragment[] = [];
    let pos = valueOffset;
    for (;;) {
      if (pos + 8 > limit)
        this.fail(
          'truncated',
          `encapsulated ${formatTag(t)} has no sequence delimiter before the data ends`,
          pos,
        );
      const le = true; // encapsulated values only occur in little endian transfer syntaxes
      const itemTag = tag(this.view.getUint16(pos, le), this.view.getUint16(pos + 2, le));
      const length = this.view.getUint32(pos + 4, le);
      if (itemTag === SEQUENCE_DELIMITATION) return { fragments, end: pos + 8 };
      if (itemTag !== ITEM)
        this.fail(
          'bad-structure',
          `encapsulated ${formatTag(t)} holds ${formatTag(itemTag)} where a fragment was expected`,
          pos,
        );
      if (length === UNDEFINED_LENGTH || pos + 8 + length > limit) {
        this.fail(
          'length-past-end',
          `fragment of ${formatTag(t)} declares ${length === UNDEFINED_LENGTH ? 'an undefined length' : `${length} bytes`} but only ${limit - pos - 8} remain`,
          pos,
        );
      }
      if (++this.count > this.limits.maxElements)
        this.fail('too-many-elements', `more than ${this.limits.maxElements} elements`, pos);
      fragments.push({ valueOffset: pos + 8, length });
      pos += 8 + length;
    }
  }

  private startsWithItem(offset: number, end: number): boolean {
    const s = this.source;
    return (
      end - offset >= 8 &&
      s[offset] === 0xfe &&
      s[offset + 1] === 0xff &&
      s[offset + 2] === 0x00 &&
      s[offset + 3] === 0xe0
    );
  }

  private allZero(from: number, to: number): boolean {
    // Returns at the first byte for any real element: no tag starts with a zero group byte pair.
    for (let i = from; i < to; i++) if (this.source[i] !== 0) return false;
    return true;
  }
}

/**
 * Every element gets the same fields in the same order: one object shape keeps the code that
 * walks the tree fast (V8 optimises for a single shape).
 */
function element(
  t: Tag,
  vr: string,
  start: number,
  valueOffset: number,
  length: number,
  end: number,
  items?: DicomItem[],
  fragments?: Fragment[],
): DicomElement {
  return {
    tag: t,
    vr,
    start,
    valueOffset,
    length,
    end,
    items,
    fragments,
    newValue: undefined,
    itemsChanged: undefined,
  };
}

/** Key of a private block: its group and block number (the high byte of its elements). */
function creatorKey(t: Tag, isCreator = false): number {
  const block = isCreator ? elementOf(t) : elementOf(t) >> 8;
  return (groupOf(t) << 8) | block;
}

export function asciiTrimmed(src: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(src[i]!);
  return trimPadding(text);
}

export type { DicomFile };
