import { ByteChunks } from './byteChunks';
import { UNDEFINED_LENGTH, type DicomElement, type DicomFile, type DicomItem } from './dataset';
import { deflateDataSet } from './deflate';
import { DicomWriteError } from './errors';
import {
  ITEM,
  ITEM_DELIMITATION,
  SEQUENCE_DELIMITATION,
  formatTag,
  groupOf,
  isGroupLengthTag,
  type Tag,
} from './tag';
import { IMPLICIT_LITTLE, type Encoding } from './transferSyntax';
import { hasShortLength } from './vr';

export interface WriteOptions {
  /**
   * Bytes after the last element are kept by default, so that an unedited file is written back
   * as it was. A de-identified file drops them: nobody can vouch for what they hold.
   */
  readonly keepTrailingBytes?: boolean;
  /**
   * Where writeDicom puts the file: `size` bytes, which it overwrites all of (so they need not
   * be zeroed). The CLI's workers hand out recycled buffers (cli/outputBuffers.ts); by default a
   * new buffer.
   */
  readonly allocate?: (size: number) => Uint8Array;
}

const PREAMBLE_AND_MAGIC = (() => {
  const bytes = new Uint8Array(132);
  bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
  return bytes;
})();

/**
 * Writes a file as a list of byte ranges, most of them views into the bytes it was read from.
 * Every element that no edit touched is copied byte for byte; sequences and items that hold an
 * edit are re-encoded with their lengths (and their group's length element) recomputed. The
 * preamble is always zeroed: it can carry anything, identifiers included.
 */
export function writeDicomChunks(file: DicomFile, options: WriteOptions = {}): Uint8Array[] {
  return writeRanges(file, options).views();
}

function writeRanges(file: DicomFile, options: WriteOptions): ByteChunks {
  const out = new ByteChunks();
  const writer = new DataSetWriter();
  if (file.preamble === 'preamble') out.add(PREAMBLE_AND_MAGIC);
  else if (file.preamble === 'magic-only') out.add(PREAMBLE_AND_MAGIC.subarray(128));
  if (file.meta) writer.writeDataSet(file.meta, out);
  const keepTrailing = options.keepTrailingBytes !== false;
  if (file.transferSyntax.deflated) {
    const stored = file.deflatedDataSet;
    if (
      stored &&
      !writer.isItemDirty(file.dataset) &&
      (keepTrailing || file.trailing.length === 0)
    ) {
      // Nothing changed: the deflated bytes as they were stored, rather than a re-compression.
      out.copy(stored, 0, stored.length);
      return out;
    }
    const body = new ByteChunks();
    writer.writeDataSet(file.dataset, body);
    if (keepTrailing) body.copy(file.trailing, 0, file.trailing.length);
    for (const chunk of deflateDataSet(body.views())) out.add(chunk);
  } else {
    writer.writeDataSet(file.dataset, out);
    if (keepTrailing) out.copy(file.trailing, 0, file.trailing.length);
  }
  return out;
}

/** The whole file in one buffer. */
export function writeDicom(file: DicomFile, options: WriteOptions = {}): Uint8Array {
  const ranges = writeRanges(file, options);
  if (ranges.count === 1 && !options.allocate) {
    // slice() copies without first zeroing a new buffer. It is taken from a plain Uint8Array
    // view: Buffer.prototype.slice would return a view sharing the input's memory.
    const only = ranges.views()[0]!;
    return new Uint8Array(only.buffer, only.byteOffset, only.byteLength).slice();
  }
  const out = options.allocate?.(ranges.size) ?? new Uint8Array(ranges.size);
  if (out.length !== ranges.size) throw new DicomWriteError('the output buffer has the wrong size');
  ranges.copyTo(out);
  return out;
}

class DataSetWriter {
  private readonly dirtyItems = new Map<DicomItem, boolean>();

  /** A top-level data set (body or file meta): its elements with no item header around them. */
  writeDataSet(item: DicomItem, out: ByteChunks): void {
    if (this.isItemDirty(item)) this.writeElements(item, out);
    else out.copy(item.source, item.start, item.end);
  }

  private writeItem(item: DicomItem, encoding: Encoding, out: ByteChunks): void {
    if (!this.isItemDirty(item)) {
      out.copy(item.source, item.start, item.end);
      return;
    }
    const content = new ByteChunks();
    this.writeElements(item, content);
    const delimited = item.length === UNDEFINED_LENGTH;
    out.add(encodeDelimiter(ITEM, delimited ? UNDEFINED_LENGTH : content.size, encoding));
    out.append(content);
    if (delimited) out.add(encodeDelimiter(ITEM_DELIMITATION, 0, encoding));
  }

  private writeElements(item: DicomItem, out: ByteChunks): void {
    // Only edited elements are encoded apart; runs of untouched ones are copied as one range.
    // An edited value's header is made as it is written: only sequences are encoded first
    // (their lengths need their items'), the rest need just a size for the group lengths.
    const sizes = new Map<DicomElement, number>();
    let sequences: Map<DicomElement, ByteChunks> | undefined;
    for (const element of item.elements) {
      if (!this.isElementDirty(element)) continue;
      if (element.newValue) {
        const length = element.newValue.length;
        sizes.set(element, headerLength(element.tag, element.vr, length, item.encoding) + length);
        continue;
      }
      const chunks = new ByteChunks();
      this.writeEditedElement(element, item.encoding, chunks);
      (sequences ??= new Map()).set(element, chunks);
      sizes.set(element, chunks.size);
    }
    const groupLengths = staleGroupLengths(item, sizes);
    for (const element of item.elements) {
      const groupLength = isGroupLengthTag(element.tag)
        ? groupLengths.get(groupOf(element.tag))
        : undefined;
      if (sizes.has(element)) {
        const value = element.newValue;
        if (value) {
          out.add(encodeHeader(element.tag, element.vr, value.length, item.encoding));
          out.add(value);
        } else out.append(sequences!.get(element)!);
      } else if (groupLength !== undefined)
        out.add(encodeGroupLength(element.tag, groupLength, item.encoding));
      else out.copy(item.source, element.start, element.end);
    }
  }

  private writeEditedElement(element: DicomElement, encoding: Encoding, out: ByteChunks): void {
    if (element.newValue) {
      out.add(encodeHeader(element.tag, element.vr, element.newValue.length, encoding));
      out.add(element.newValue);
      return;
    }
    if (!element.items)
      throw new DicomWriteError(`added element ${formatTag(element.tag)} has no value`);
    // Undefined-length UN holds implicit VR little endian, whatever the data set around it.
    const itemEncoding = element.vr === 'UN' ? IMPLICIT_LITTLE : encoding;
    const content = new ByteChunks();
    for (const child of element.items) this.writeItem(child, itemEncoding, content);
    const delimited = element.length === UNDEFINED_LENGTH;
    out.add(
      encodeHeader(element.tag, element.vr, delimited ? UNDEFINED_LENGTH : content.size, encoding),
    );
    out.append(content);
    if (delimited) out.add(encodeDelimiter(SEQUENCE_DELIMITATION, 0, itemEncoding));
  }

  private isElementDirty(element: DicomElement): boolean {
    if (element.newValue || element.itemsChanged || element.start < 0) return true;
    return element.items?.some((child) => this.isItemDirty(child)) ?? false;
  }

  isItemDirty(item: DicomItem): boolean {
    let dirty = this.dirtyItems.get(item);
    if (dirty === undefined) {
      dirty =
        !!item.elementsChanged ||
        item.start < 0 ||
        item.elements.some((e) => this.isElementDirty(e));
      this.dirtyItems.set(item, dirty);
    }
    return dirty;
  }
}

/**
 * New values for the group length elements of `item` whose group an edit changed (all of them
 * when elements were added or removed). Groups an edit did not touch keep their bytes, even a
 * stale length, so that untouched data stays exactly as it was.
 */
function staleGroupLengths(
  item: DicomItem,
  /** The edited elements, with their encoded sizes. */
  edited: Map<DicomElement, number>,
): Map<number, number> {
  const lengths = new Map<number, number>();
  const withLength = item.elements.filter((e) => isGroupLengthTag(e.tag));
  if (withLength.length === 0) return lengths;
  for (const element of withLength) {
    const group = groupOf(element.tag);
    const stale =
      item.elementsChanged ||
      item.elements.some(
        (e) => groupOf(e.tag) === group && !isGroupLengthTag(e.tag) && edited.has(e),
      );
    if (stale) lengths.set(group, 0);
  }
  for (const element of item.elements) {
    const group = groupOf(element.tag);
    const length = lengths.get(group);
    if (length === undefined || isGroupLengthTag(element.tag)) continue;
    lengths.set(group, length + (edited.get(element) ?? element.end - element.start));
  }
  return lengths;
}

function encodeGroupLength(t: Tag, length: number, encoding: Encoding): Uint8Array {
  const header = encodeHeader(t, 'UL', 4, encoding);
  const bytes = new Uint8Array(header.length + 4);
  bytes.set(header);
  put32(bytes, header.length, length, encoding.littleEndian);
  return bytes;
}

// Plain byte stores: a DataView on a small fresh array is far slower than this.
function put16(bytes: Uint8Array, pos: number, value: number, le: boolean): void {
  bytes[pos + (le ? 0 : 1)] = value & 0xff;
  bytes[pos + (le ? 1 : 0)] = (value >>> 8) & 0xff;
}

function put32(bytes: Uint8Array, pos: number, value: number, le: boolean): void {
  for (let i = 0; i < 4; i++) bytes[pos + (le ? i : 3 - i)] = (value >>> (8 * i)) & 0xff;
}

/** The length of encodeHeader's bytes; throws where it would. */
function headerLength(t: Tag, vr: string, length: number, encoding: Encoding): number {
  const short = encoding.explicitVR && hasShortLength(vr);
  if (short && length > 0xffff) {
    throw new DicomWriteError(
      `value of ${formatTag(t)} is ${length} bytes, more than a ${vr} value can hold (65534)`,
    );
  }
  return !encoding.explicitVR || short ? 8 : 12;
}

export function encodeHeader(t: Tag, vr: string, length: number, encoding: Encoding): Uint8Array {
  const le = encoding.littleEndian;
  const short = encoding.explicitVR && hasShortLength(vr);
  const bytes = new Uint8Array(headerLength(t, vr, length, encoding));
  put16(bytes, 0, t >>> 16, le);
  put16(bytes, 2, t & 0xffff, le);
  if (!encoding.explicitVR) put32(bytes, 4, length, le);
  else {
    bytes[4] = vr.charCodeAt(0);
    bytes[5] = vr.charCodeAt(1);
    if (short) put16(bytes, 6, length, le);
    else put32(bytes, 8, length, le);
  }
  return bytes;
}

function encodeDelimiter(t: Tag, length: number, encoding: Encoding): Uint8Array {
  return encodeHeader(t, '', length, { littleEndian: encoding.littleEndian, explicitVR: false });
}
