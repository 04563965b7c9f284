/**
 * Clean Pixel Data for NIfTI output. dcm2niix must read the original files (it needs the vendor
 * tags that de-identification removes), so the burned-in text is blacked out in the original
 * files themselves, headers otherwise untouched, before dcm2niix sees them: the volume is then
 * stacked from cleaned pixels. As for DICOM output, each cleaned image is read by the OCR, and an
 * identifier still readable holds back the whole series.
 */
import type { ProfileSpec } from '../deid/api';
import type { KeyedHash } from '../deid/derivations';
import type { Identifier, LeakFinding } from '../deid/identifierTypes';
import { findElement } from '../dicom/dataset';
import { readDicom } from '../dicom/readDicom';
import { readStrings } from '../dicom/values';
import { writeDicom } from '../dicom/writer';
import { cleanPixels, type PixelTools } from '../pixels/clean/cleanPixels';
import { findPixelLeaks } from '../pixels/clean/verifyPixels';
import { PixelError } from '../pixels/imageInfo';
import { seriesRegionKey } from '../pixels/regions/seriesKey';

/** What NIfTI conversion needs to clean pixels: the tools and the run's keyed hash. */
export interface ConversionPixels {
  readonly tools: PixelTools;
  /** For the series keys of the user's boxes (regions/seriesKey.ts). */
  readonly hash: KeyedHash;
}

export type CleanedSeries =
  | { readonly status: 'cleaned'; readonly files: Uint8Array[]; readonly cleaned: number }
  | { readonly status: 'quarantined'; readonly findings: LeakFinding[] }
  | { readonly status: 'failed'; readonly reason: string };

const SERIES_INSTANCE_UID = 0x0020000e;

/** The series' files, each with its burned-in text blacked out (or as it was, without any). */
export async function cleanForConversion(
  files: readonly Uint8Array[],
  settings: NonNullable<ProfileSpec['pixels']>,
  { tools, hash }: ConversionPixels,
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string>,
): Promise<CleanedSeries> {
  const keys = new Map<string, string>();
  const out: Uint8Array[] = [];
  let cleaned = 0;
  for (const [index, bytes] of files.entries()) {
    const which = `file ${index + 1} of the series`;
    let file;
    try {
      file = readDicom(bytes);
    } catch {
      out.push(bytes); // dcm2niix skips what it cannot read, as it would have anyway
      continue;
    }
    const uid = seriesUid(file.dataset);
    if (uid && settings.regions?.series.length && !keys.has(uid))
      keys.set(uid, await seriesRegionKey(hash, uid));
    let result;
    try {
      result = await cleanPixels(file, tools, {
        regions: settings.regions,
        seriesKey: uid ? keys.get(uid) : undefined,
        keepSafeText: settings.keepSafeText ? { identifiers } : undefined,
        setMetaTransferSyntax: true,
      });
    } catch (error) {
      if (!(error instanceof PixelError)) throw error;
      return { status: 'failed', reason: `${which}: ${error.message}` };
    }
    const changed = result && (result.report.changed || result.report.overlays !== undefined);
    const written =
      result && changed ? writeDicom(result.file, { keepTrailingBytes: false }) : bytes;
    if (result?.report.changed) cleaned++;
    if (result && tools.reader) {
      const findings = await findPixelLeaks(
        readDicom(written),
        identifiers,
        tools.reader,
        tools.codecs,
        allowed,
      );
      if (findings.length > 0)
        return {
          status: 'quarantined',
          findings: findings.map((f) => ({ ...f, path: `${which}, ${f.path}` })),
        };
    }
    out.push(written);
  }
  return { status: 'cleaned', files: out, cleaned };
}

function seriesUid(dataset: Parameters<typeof findElement>[0]): string {
  const element = findElement(dataset, SERIES_INSTANCE_UID);
  if (!element) return '';
  try {
    return readStrings(dataset, element)[0] ?? '';
  } catch {
    return '';
  }
}
