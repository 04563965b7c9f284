/**
 * Stripping the padding of DICOM text (spaces, and NULs after UIDs). Loops, not /[ \0]+$/:
 * V8 runs that regex in time quadratic in a run of spaces, and a hostile file can hold a
 * megabyte of them.
 */
const isPadding = (code: number): boolean => code === 0x20 || code === 0x00;

export function trimPaddingEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isPadding(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

export function trimPadding(text: string): string {
  let start = 0;
  while (start < text.length && isPadding(text.charCodeAt(start))) start++;
  return trimPaddingEnd(text.slice(start));
}
