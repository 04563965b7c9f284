/**
 * Large files without holding them in memory: the image data (the first top-level element of
 * group 7FE0 past its group length: Pixel Data, Float Pixel Data...) is neither read nor
 * changed by de-identification, so a multi-gigabyte file is split into its header plus what
 * follows the image (a few bytes, if anything), which the engine de-identifies as a file of its
 * own, and the image's bytes, which the caller copies from the input into the output at the
 * place this module finds. The result is byte for byte what de-identifying the whole file in
 * memory gives (bulkData.test.ts).
 */
import { concatBytes } from '../dicom/byteChunks';
import { UNDEFINED_LENGTH, type DicomFile } from '../dicom/dataset';
import { readDicom } from '../dicom/readDicom';
import { readHeaderFrom } from '../dicom/readHeader';
import { IMAGE_DATA_TAGS, ITEM, SEQUENCE_DELIMITATION, tag } from '../dicom/tag';
import type { DeidContext, Deidentifier, FileOutcome, ProfileSpec } from './api';
import { COPIED_TEXTS, fragmentTexts } from './codestreamText';
import { unreadableOutcome } from './unreadable';

/** Reads `length` bytes at `start` (fewer only at the end of the file). */
export type RangeReader = (start: number, length: number) => Promise<Uint8Array>;

/** Where the image's element lies in the input, header and delimiters included. */
export interface BulkRange {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

export type BulkSplit =
  | {
      readonly kind: 'split';
      /** The file without the image's element: everything before it, then what follows. */
      readonly rest: Uint8Array;
      readonly bulk: BulkRange;
      /** The distinct texts of the frames' comment segments (codestreamText.ts). */
      readonly texts: readonly string[];
    }
  /**
   * No image data (the file is header only, or what follows its header is not an image), or a
   * deflated data set (its image is compressed with the rest): the file must be read whole.
   */
  | { readonly kind: 'read-whole' }
  | { readonly kind: 'problem'; readonly status: 'skipped' | 'failed'; readonly reason: string };

/** Past the group length (7FE0,0000), which stays with the header. */
const BULK_GROUP = tag(0x7fe0, 0x0001);
const FIRST_READ = 1024 * 1024;
/** Enhanced multi-frame headers run to megabytes (per-frame functional groups); not further. */
const MAX_HEADER = 256 * 1024 * 1024;
/** What may follow the image (padding, signatures): read into memory with the header. */
const MAX_AFTER_BULK = 16 * 1024 * 1024;
/** VRs image data is stored in; each has the 12-byte explicit VR header with a 4-byte length. */
const IMAGE_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** How much of each fragment is read for its comment segments: a frame's header and tables. */
const FRAME_HEADER_BYTES = 8192;
/** Distinct comments per file passed to the engine: encoders write one, a hostile file many. */
const MAX_FRAME_TEXTS = 256;

export async function splitAtBulkData(read: RangeReader, size: number): Promise<BulkSplit> {
  let header: DicomFile;
  try {
    header = await readHeaderFrom((length) => read(0, length), size, {
      stopAtTag: BULK_GROUP,
      firstBytes: FIRST_READ,
      maxBytes: MAX_HEADER,
    });
  } catch (error) {
    // The same words as the engine's for a file read whole.
    return { kind: 'problem', ...unreadableOutcome(error) };
  }
  const start = header.dataset.end;
  if (header.transferSyntax.deflated || start >= size) return { kind: 'read-whole' };
  const { explicitVR, littleEndian } = header.dataset.encoding;
  const head = await read(start, 12);
  if (head.length < 8) return broken('its image data element is cut short');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const group = view.getUint16(0, littleEndian);
  const elementTag = tag(group, view.getUint16(2, littleEndian));
  const vr = String.fromCharCode(head[4]!, head[5]!);
  // Only image data may pass unread: anything else past it (a private group, digital
  // signatures) is for the profile to decide on, so such a file is read whole.
  if (!IMAGE_DATA_TAGS.includes(elementTag) || (explicitVR && !IMAGE_VRS.has(vr))) {
    return { kind: 'read-whole' };
  }
  if (explicitVR && head.length < 12) return broken('its image data element is cut short');
  const valueStart = start + (explicitVR ? 12 : 8);
  const length = view.getUint32(explicitVR ? 8 : 4, littleEndian);
  let end: number;
  const texts = new Set<string>();
  if (length === UNDEFINED_LENGTH) {
    const found = await endOfFragments(read, valueStart, size, littleEndian, texts);
    if (typeof found === 'string') return broken(found);
    // More distinct comments than the engine is given: only a file read whole is searched.
    if (texts.size > MAX_FRAME_TEXTS) return { kind: 'read-whole' };
    end = found;
  } else {
    end = valueStart + length;
    if (end > size) return broken('its image data declares more bytes than the file has');
  }
  if (size - end > MAX_AFTER_BULK) {
    return broken(`more than ${MAX_AFTER_BULK >> 20} MiB follow its image data`);
  }
  const before = await read(0, start);
  const after = await read(end, size - end);
  if (before.length !== start || after.length !== size - end) {
    return broken('it became shorter while it was read');
  }
  const rest = new Uint8Array(start + after.length);
  rest.set(before, 0);
  rest.set(after, start);
  return { kind: 'split', rest, bulk: { tag: elementTag, start, end }, texts: [...texts] };
}

/**
 * Past the sequence delimiter of encapsulated fragments that start at `at`. The texts of the
 * comment segments at the start of each fragment go into `texts`: the fragments are copied
 * unread, so the engine must see what they say (codestreamText.ts).
 */
async function endOfFragments(
  read: RangeReader,
  at: number,
  size: number,
  littleEndian: boolean,
  texts: Set<string>,
): Promise<number | string> {
  let pos = at;
  for (let index = 0; ; index++) {
    const bytes = await read(pos, 8 + FRAME_HEADER_BYTES);
    if (bytes.length < 8) return 'its image fragments end without a sequence delimiter';
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const itemTag = tag(view.getUint16(0, littleEndian), view.getUint16(2, littleEndian));
    const length = view.getUint32(4, littleEndian);
    if (itemTag === SEQUENCE_DELIMITATION) return pos + 8;
    if (itemTag !== ITEM || length === UNDEFINED_LENGTH) return 'its image fragments are broken';
    // Fragment 0 is the offset table.
    if (index > 0 && texts.size <= MAX_FRAME_TEXTS)
      for (const text of fragmentTexts(bytes.subarray(8, 8 + Math.min(length, FRAME_HEADER_BYTES))))
        texts.add(text);
    pos += 8 + length;
    if (pos > size) return 'an image fragment declares more bytes than the file has';
  }
}

function broken(why: string): BulkSplit {
  return { kind: 'problem', status: 'failed', reason: `the file cannot be read: ${why}` };
}

/**
 * A custom profile may say what to do with the image's element itself, which the engine never
 * sees here: keep (copy) it, remove it, or (anything else) the file is refused.
 */
export function bulkAction(spec: ProfileSpec, bulkTag: number): 'copy' | 'drop' | 'unsupported' {
  const override = spec.overrides?.find((o) => o.tag === bulkTag);
  if (!override || override.action === 'K') return 'copy';
  return override.action === 'X' ? 'drop' : 'unsupported';
}

/**
 * Where the image's element goes back into the engine's output (which has none): before the
 * first top-level element past it, else at the end.
 */
export function bulkInsertOffset(output: Uint8Array, bulkTag: number): number {
  const file = readDicom(output);
  const next = file.dataset.elements.find((element) => element.tag > bulkTag);
  return next ? next.start : file.dataset.end;
}

/** The output is `chunks` with the input's bytes [start, end) inserted at byte `at`. */
export interface Splice {
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

export type AroundBulk =
  | { readonly kind: 'done'; readonly outcome: FileOutcome; readonly splice?: Splice }
  | { readonly kind: 'read-whole' };

/**
 * De-identifies a file read through `read` without reading its image data: the outcome is the
 * engine's for the rest of the file, and, when written, where the image goes back in.
 */
export async function deidentifyAroundBulk(
  deidentifier: Deidentifier,
  spec: ProfileSpec,
  read: RangeReader,
  size: number,
  context: DeidContext = {},
): Promise<AroundBulk> {
  const split = await splitAtBulkData(read, size);
  if (split.kind === 'read-whole') return split;
  if (split.kind === 'problem') {
    return { kind: 'done', outcome: { status: split.status, reason: split.reason } };
  }
  const action = bulkAction(spec, split.bulk.tag);
  if (action === 'unsupported') {
    const reason = 'the custom profile changes the image data, which this size of file cannot have';
    return { kind: 'done', outcome: { status: 'failed', reason } };
  }
  const outcome = await deidentifier.deidentify(
    split.rest,
    action === 'copy' ? { ...context, copiedTexts: split.texts } : context,
  );
  // A comment in the frames names the patient: only a file read whole can have it blanked.
  if (outcome.status === 'quarantined' && outcome.findings.some((f) => f.path === COPIED_TEXTS))
    return { kind: 'read-whole' };
  if (outcome.status !== 'written' || action === 'drop') return { kind: 'done', outcome };
  const output = concatBytes(outcome.chunks);
  const at = bulkInsertOffset(output, split.bulk.tag);
  return {
    kind: 'done',
    outcome: { ...outcome, chunks: [output] },
    splice: { at, start: split.bulk.start, end: split.bulk.end },
  };
}
