/** A tag as one unsigned 32-bit number: group in the high half, element in the low half. */
export type Tag = number;

export const tag = (group: number, element: number): Tag => ((group << 16) | element) >>> 0;
export const groupOf = (t: Tag): number => t >>> 16;
export const elementOf = (t: Tag): number => t & 0xffff;

export const isPrivateGroup = (group: number): boolean => (group & 1) === 1;
export const isPrivateTag = (t: Tag): boolean => isPrivateGroup(groupOf(t));
/** (gggg,0010)-(gggg,00FF) in an odd group: the element that names a private block's creator. */
export const isPrivateCreatorTag = (t: Tag): boolean => {
  const element = elementOf(t);
  return isPrivateTag(t) && element >= 0x10 && element <= 0xff;
};
export const isGroupLengthTag = (t: Tag): boolean => elementOf(t) === 0;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
/**
 * Tags already formatted: the engine names every element it looks at by its path, file after
 * file, and the same few hundred tags come back. Bounded, as a hostile file may bring many.
 */
const formatted = new Map<Tag, string>();
/** "(0010,0010)" — the notation of the standard and of dcmdump. */
export function formatTag(t: Tag): string {
  let text = formatted.get(t);
  if (text === undefined) {
    text = `(${hex4(groupOf(t))},${hex4(elementOf(t))})`;
    if (formatted.size >= 4096) formatted.clear();
    formatted.set(t, text);
  }
  return text;
}

/** Parses "(0010,0010)", "0010,0010" or "00100010". */
export function parseTag(text: string): Tag {
  const m = /^\(?([0-9a-f]{4}),?([0-9a-f]{4})\)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a tag: ${text}`);
  return tag(parseInt(m[1]!, 16), parseInt(m[2]!, 16));
}

export const ITEM = tag(0xfffe, 0xe000);
export const ITEM_DELIMITATION = tag(0xfffe, 0xe00d);
export const SEQUENCE_DELIMITATION = tag(0xfffe, 0xe0dd);

export const FILE_META_GROUP_LENGTH = tag(0x0002, 0x0000);
export const MEDIA_STORAGE_SOP_CLASS_UID = tag(0x0002, 0x0002);
export const MEDIA_STORAGE_SOP_INSTANCE_UID = tag(0x0002, 0x0003);
export const TRANSFER_SYNTAX_UID = tag(0x0002, 0x0010);
export const SPECIFIC_CHARACTER_SET = tag(0x0008, 0x0005);
export const PIXEL_DATA = tag(0x7fe0, 0x0010);
/** Pixel Data, Float Pixel Data, Double Float Pixel Data: the image itself. */
export const IMAGE_DATA_TAGS: readonly Tag[] = [
  PIXEL_DATA,
  tag(0x7fe0, 0x0008),
  tag(0x7fe0, 0x0009),
];
