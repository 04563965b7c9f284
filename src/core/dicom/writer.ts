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
  const out = new ByteChunks();
  const writer = new DataSetWriter();
  if (file.preamble === 'preamble') out.add(PREAMBLE_AND_MAGIC);
  else if (file.preamble === 'magic-only') out.add(PREAMBLE_AND_MAGIC.subarray(128));
  if (file.meta) writer.writeDataSet(file.meta, out);
  if (file.transferSyntax.deflated) {
    const body = new ByteChunks();
    writer.writeDataSet(file.dataset, body);
    if (options.keepTrailingBytes !== false) body.copy(file.trailing, 0, file.trailing.length);
    out.add(deflateDataSet(body.concat()));
  } else {
    writer.writeDataSet(file.dataset, out);
    if (options.keepTrailingBytes !== false) out.copy(file.trailing, 0, file.trailing.length);
  }
  return out.views();
}

/** The whole file in one buffer. */
export function writeDicom(file: DicomFile, options: WriteOptions = {}): Uint8Array {
  const chunks = writeDicomChunks(file, options);
  if (chunks.length === 1) return chunks[0]!.slice();
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
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
    if (!this.isItemDirty(item) && item.start >= 0) {
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
    const written = item.elements.map((element) => {
      const chunks = new ByteChunks();
      const dirty = this.writeElement(element, item, chunks);
      return { element, chunks, dirty };
    });
    const groupSizes = new Map<number, number>();
    const dirtyGroups = new Set<number>();
    for (const { element, chunks, dirty } of written) {
      if (isGroupLengthTag(element.tag)) continue;
      const group = groupOf(element.tag);
      groupSizes.set(group, (groupSizes.get(group) ?? 0) + chunks.size);
      if (dirty) dirtyGroups.add(group);
    }
    for (const { element, chunks } of written) {
      const group = groupOf(element.tag);
      if (isGroupLengthTag(element.tag) && (dirtyGroups.has(group) || item.elementsChanged)) {
        const value = new Uint8Array(4);
        new DataView(value.buffer).setUint32(
          0,
          groupSizes.get(group) ?? 0,
          item.encoding.littleEndian,
        );
        out.add(encodeHeader(element.tag, 'UL', 4, item.encoding));
        out.add(value);
      } else {
        out.append(chunks);
      }
    }
  }

  /** Returns whether the element differs from its source bytes. */
  private writeElement(element: DicomElement, item: DicomItem, out: ByteChunks): boolean {
    const encoding = item.encoding;
    if (element.newValue) {
      out.add(encodeHeader(element.tag, element.vr, element.newValue.length, encoding));
      out.add(element.newValue);
      return true;
    }
    if (element.items && this.isElementDirty(element)) {
      // Undefined-length UN holds implicit VR little endian, whatever the data set around it.
      const itemEncoding = element.vr === 'UN' ? IMPLICIT_LITTLE : encoding;
      const content = new ByteChunks();
      for (const child of element.items) this.writeItem(child, itemEncoding, content);
      const delimited = element.length === UNDEFINED_LENGTH;
      out.add(
        encodeHeader(
          element.tag,
          element.vr,
          delimited ? UNDEFINED_LENGTH : content.size,
          encoding,
        ),
      );
      out.append(content);
      if (delimited) out.add(encodeDelimiter(SEQUENCE_DELIMITATION, 0, itemEncoding));
      return true;
    }
    if (element.start < 0)
      throw new DicomWriteError(`added element ${formatTag(element.tag)} has no value`);
    out.copy(item.source, element.start, element.end);
    return false;
  }

  private isElementDirty(element: DicomElement): boolean {
    if (element.newValue || element.itemsChanged || element.start < 0) return true;
    return element.items?.some((child) => this.isItemDirty(child)) ?? false;
  }

  private isItemDirty(item: DicomItem): boolean {
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

export function encodeHeader(t: Tag, vr: string, length: number, encoding: Encoding): Uint8Array {
  const le = encoding.littleEndian;
  if (!encoding.explicitVR) {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, t >>> 16, le);
    view.setUint16(2, t & 0xffff, le);
    view.setUint32(4, length, le);
    return bytes;
  }
  const short = hasShortLength(vr);
  if (short && length > 0xffff) {
    throw new DicomWriteError(
      `value of ${formatTag(t)} is ${length} bytes, more than a ${vr} value can hold (65534)`,
    );
  }
  const bytes = new Uint8Array(short ? 8 : 12);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, t >>> 16, le);
  view.setUint16(2, t & 0xffff, le);
  bytes[4] = vr.charCodeAt(0);
  bytes[5] = vr.charCodeAt(1);
  if (short) view.setUint16(6, length, le);
  else view.setUint32(8, length, le);
  return bytes;
}

function encodeDelimiter(t: Tag, length: number, encoding: Encoding): Uint8Array {
  return encodeHeader(t, '', length, { littleEndian: encoding.littleEndian, explicitVR: false });
}
