import { UNDEFINED_LENGTH, type DicomElement, type DicomItem } from './dataset';
import type { Tag } from './tag';

/**
 * Edits of a parsed data set. They only mark what changed; the writer re-encodes exactly the
 * items on the path to a change and copies everything else from the source bytes.
 */

/** Replaces an element's value with already-encoded bytes (padded here to even length). */
export function setValueBytes(element: DicomElement, bytes: Uint8Array): void {
  element.newValue = bytes.length % 2 === 0 ? bytes : padToEven(bytes);
  // Set to undefined, not deleted: every element is made with the same properties (parser.ts),
  // and deleting one turned each edited element into a slow dictionary-mode object.
  element.items = undefined;
}

/** Removes every element of `item` for which `remove` is true. Returns how many went. */
export function removeElements(
  item: DicomItem,
  remove: (element: DicomElement) => boolean,
): number {
  const before = item.elements.length;
  item.elements = item.elements.filter((element) => !remove(element));
  const removed = before - item.elements.length;
  if (removed > 0) item.elementsChanged = true;
  return removed;
}

/** Adds an element with an encoded value, in tag order; replaces one with the same tag. */
export function putElement(item: DicomItem, t: Tag, vr: string, value: Uint8Array): DicomElement {
  // The parser's properties in the parser's order: one object shape for every element.
  const element: DicomElement = {
    tag: t,
    vr,
    start: -1,
    valueOffset: -1,
    length: value.length,
    end: -1,
    items: undefined,
    fragments: undefined,
    newValue: undefined,
    itemsChanged: undefined,
  };
  setValueBytes(element, value);
  insertInOrder(item, element);
  return element;
}

/** Adds a sequence (empty unless items are given), in tag order; replaces one with the same tag. */
export function putSequence(item: DicomItem, t: Tag, items: DicomItem[] = []): DicomElement {
  const element: DicomElement = {
    tag: t,
    vr: 'SQ',
    start: -1,
    valueOffset: -1,
    length: UNDEFINED_LENGTH,
    end: -1,
    items,
    fragments: undefined,
    newValue: undefined,
    itemsChanged: true,
  };
  insertInOrder(item, element);
  return element;
}

/**
 * A new, empty item for a sequence inside `parent`. Items of a UN sequence are implicit VR
 * little endian whatever the parent is: pass that encoding for them.
 */
export function newItem(parent: DicomItem, encoding = parent.encoding): DicomItem {
  return {
    source: parent.source,
    encoding,
    start: -1,
    length: UNDEFINED_LENGTH,
    end: -1,
    elements: [],
    parent,
    elementsChanged: true,
  };
}

/** Replaces a sequence's items (an empty list empties it). */
export function setItems(element: DicomElement, items: DicomItem[]): void {
  element.items = items;
  element.itemsChanged = true;
  element.newValue = undefined;
}

function insertInOrder(item: DicomItem, element: DicomElement): void {
  const elements = item.elements;
  let index = elements.findIndex((e) => e.tag >= element.tag);
  if (index < 0) index = elements.length;
  if (elements[index]?.tag === element.tag) elements[index] = element;
  else elements.splice(index, 0, element);
  item.elementsChanged = true;
}

function padToEven(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  return padded;
}
