/**
 * Names of the files made from one series. dcm2niix is always told to call its output
 * DCM2NIIX_BASE (its default name embeds the study date and time, and `-f` patterns would embed
 * descriptions), so what it writes is that base, a suffix of its own for a series that becomes
 * several images (`_e2` second echo, `_ph` phase, `_real`, `_c3` coil, `_i00012` instance,
 * `_Tilt_1`, `_Eq_1`, `a` for a duplicate, ...) and an extension. The output keeps the suffix,
 * after the series' pseudonymous stem from the engine:
 *   ANON7K2M9QW4TD/study-5HG2XQ8N/series-0003-MR-Q4T7_e2.nii.gz
 * A suffix that is not plainly short and technical (letters, digits, `_`, `-`, `=`, no run of
 * six digits that could be a date, time or ID) becomes `_partN`, numbered in sorted order, so
 * names stay deterministic and say nothing.
 */
export const DCM2NIIX_BASE = 'series';

export type NiftiFileKind = 'image' | 'sidecar' | 'bval' | 'bvec';

const KINDS: ReadonlyArray<readonly [string, NiftiFileKind]> = [
  ['.nii', 'image'],
  ['.json', 'sidecar'],
  ['.bval', 'bval'],
  ['.bvec', 'bvec'],
];

export interface DcmOutputName {
  /** dcm2niix's file name. */
  readonly source: string;
  readonly kind: NiftiFileKind;
  /** The suffix to use after the stem (maybe rewritten). */
  readonly suffix: string;
}

const SAFE_SUFFIX = /^[A-Za-z0-9_=-]{0,40}$/;

/**
 * dcm2niix's output file names → what each one is and its output suffix. Names that are not
 * `DCM2NIIX_BASE<suffix><known extension>` are left out (the caller reports them as dropped).
 */
export function classifyOutputs(names: readonly string[]): DcmOutputName[] {
  const parsed: Array<{ source: string; kind: NiftiFileKind; raw: string }> = [];
  for (const source of [...names].sort()) {
    if (!source.startsWith(DCM2NIIX_BASE)) continue;
    const known = KINDS.find(([ext]) => source.endsWith(ext));
    if (!known) continue;
    parsed.push({
      source,
      kind: known[1],
      raw: source.slice(DCM2NIIX_BASE.length, source.length - known[0].length),
    });
  }
  const unsafe = [...new Set(parsed.map((p) => p.raw).filter((raw) => !isSafe(raw)))].sort();
  return parsed.map(({ source, kind, raw }) => ({
    source,
    kind,
    suffix: isSafe(raw) ? raw : `_part${unsafe.indexOf(raw) + 1}`,
  }));
}

function isSafe(suffix: string): boolean {
  return SAFE_SUFFIX.test(suffix) && !/\d{6}/.test(suffix);
}

/** The output path of one file: stem + suffix + extension. */
export function outputName(stem: string, file: DcmOutputName, compressImages: boolean): string {
  const ext =
    file.kind === 'image'
      ? compressImages
        ? '.nii.gz'
        : '.nii'
      : file.kind === 'sidecar'
        ? '.json'
        : `.${file.kind}`;
  return `${stem}${file.suffix}${ext}`;
}
