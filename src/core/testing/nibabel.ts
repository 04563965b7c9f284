/**
 * nibabel (Debian's python3-nibabel under /usr/bin/python3) as an independent NIfTI reader:
 * compares our NIfTI files with reference files. Test-only.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import json, sys
import nibabel as nib, numpy as np
out = []
for ref_path, our_path in json.load(sys.stdin):
    ref, our = nib.load(ref_path), nib.load(our_path)
    ref_raw, our_raw = np.asanyarray(ref.dataobj), np.asanyarray(our.dataobj)
    same_shape = ref.shape == our.shape
    out.append({
        'ref': ref_path,
        'refShape': list(ref.shape),
        'ourShape': list(our.shape),
        'sameDtype': str(ref_raw.dtype) == str(our_raw.dtype),
        # Stored values and scaled values both: the same numbers, not merely the same picture.
        'sameVoxels': bool(same_shape and np.array_equal(ref_raw, our_raw)
                           and np.array_equal(ref.get_fdata(), our.get_fdata())),
        'affineDiff': float(np.abs(ref.affine - our.affine).max()),
    })
json.dump(out, sys.stdout)
`;

export interface NiftiComparison {
  readonly ref: string;
  readonly refShape: number[];
  readonly ourShape: number[];
  readonly sameDtype: boolean;
  readonly sameVoxels: boolean;
  /** Largest absolute difference between the two affines (mm). */
  readonly affineDiff: number;
}

/** Compares each [reference, ours] pair of NIfTI paths (.nii or .nii.gz). */
export function compareNifti(pairs: ReadonlyArray<readonly [string, string]>): NiftiComparison[] {
  const output = execFileSync('/usr/bin/python3', ['-c', SCRIPT], {
    input: JSON.stringify(pairs),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(output) as NiftiComparison[];
}
