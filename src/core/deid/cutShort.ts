/**
 * Files cut short where the reader cannot tell by itself. The reader keeps bytes that trail the
 * last element (padding some writers leave), and a file that ends right after its file meta
 * reads as an empty data set; both are valid to read. But a de-identified copy of a file cut in
 * an element's header would silently lack the rest of the file (its image, usually), and one of
 * an empty data set holds nothing at all: either is reported as "written" while the user's data
 * is not in it. Such files fail, with the reason, instead.
 */
import type { DicomFile } from '../dicom/dataset';

/** Bytes writers pad with: NUL, space, and line ends some tools append. */
const isPadding = (byte: number): boolean =>
  byte === 0x00 || byte === 0x20 || byte === 0x0a || byte === 0x0d;

/** Why `file` is cut short, or undefined when nothing says so. */
export function cutShortReason(file: DicomFile): string | undefined {
  // The reader leaves as trailing bytes only what cannot hold an element header, or zeros.
  const trailing = file.trailing;
  if (trailing.length > 0 && !trailing.every(isPadding))
    return `truncated: the file ends inside the header of an element (${trailing.length} bytes after the last whole element), so the rest of it is missing`;
  if (file.dataset.elements.length === 0)
    return 'truncated: the file ends after its file meta information; it holds no data set';
  return undefined;
}
