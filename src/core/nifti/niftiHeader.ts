/**
 * Makes a NIfTI file's header say nothing about the patient. dcm2niix fills the free-text fields
 * from the DICOM: `descrip` gets "TE=30;Time=135416.225;phase=1" (the acquisition time of day)
 * and `aux_file` gets the Image Comments, which can hold anything a technologist typed. Every
 * text field is therefore zeroed, whichever version of the header:
 *   NIfTI-1 (348 bytes): data_type, db_name, descrip, aux_file, intent_name;
 *   NIfTI-2 (540 bytes): descrip, aux_file, intent_name.
 * Header extensions (the bytes between the header and vox_offset) can carry anything too, a
 * DICOM header or a JSON sidecar among them: they are dropped and vox_offset points straight
 * after the header. Geometry, data type, scaling and the voxels are left exactly as they are.
 */
export class NiftiHeaderError extends Error {
  override readonly name = 'NiftiHeaderError';
}

interface Layout {
  readonly headerSize: number;
  /** [offset, length, name] of each text field. */
  readonly textFields: ReadonlyArray<readonly [number, number, string]>;
  readonly voxOffsetAt: number;
  readonly voxOffsetIs64: boolean;
}

const NIFTI1: Layout = {
  headerSize: 348,
  textFields: [
    [4, 10, 'data_type'],
    [14, 18, 'db_name'],
    [148, 80, 'descrip'],
    [228, 24, 'aux_file'],
    [328, 16, 'intent_name'],
  ],
  voxOffsetAt: 108, // float32
  voxOffsetIs64: false,
};

const NIFTI2: Layout = {
  headerSize: 540,
  textFields: [
    [240, 80, 'descrip'],
    [320, 24, 'aux_file'],
    [508, 16, 'intent_name'],
  ],
  voxOffsetAt: 168, // int64
  voxOffsetIs64: true,
};

/** The 4 bytes after the header: extension[0] != 0 says extensions follow. */
const EXTENDER_BYTES = 4;

/**
 * The scrubbed file as chunks: a new header (with an all-zero extender) and a view of the
 * voxel data in `nii`, which is not copied. Throws NiftiHeaderError for what is not a
 * single-file NIfTI-1 or NIfTI-2 image.
 */
export function scrubNiftiHeader(nii: Uint8Array): Uint8Array[] {
  const { layout, littleEndian } = detect(nii);
  const view = new DataView(nii.buffer, nii.byteOffset, nii.byteLength);
  const voxOffset = layout.voxOffsetIs64
    ? Number(view.getBigInt64(layout.voxOffsetAt, littleEndian))
    : view.getFloat32(layout.voxOffsetAt, littleEndian);
  const dataStart = layout.headerSize + EXTENDER_BYTES;
  if (!Number.isInteger(voxOffset) || voxOffset < dataStart || voxOffset > nii.length)
    throw new NiftiHeaderError(`vox_offset ${voxOffset} is not inside the file`);

  const header = nii.slice(0, dataStart);
  for (const [offset, length] of layout.textFields) header.fill(0, offset, offset + length);
  header.fill(0, layout.headerSize, dataStart); // no extensions
  const out = new DataView(header.buffer);
  if (layout.voxOffsetIs64) out.setBigInt64(layout.voxOffsetAt, BigInt(dataStart), littleEndian);
  else out.setFloat32(layout.voxOffsetAt, dataStart, littleEndian);
  return [header, nii.subarray(voxOffset)];
}

function detect(nii: Uint8Array): { layout: Layout; littleEndian: boolean } {
  if (nii.length < NIFTI1.headerSize + EXTENDER_BYTES)
    throw new NiftiHeaderError('too short for a NIfTI header');
  const view = new DataView(nii.buffer, nii.byteOffset, nii.byteLength);
  for (const layout of [NIFTI1, NIFTI2]) {
    for (const littleEndian of [true, false]) {
      if (view.getInt32(0, littleEndian) !== layout.headerSize) continue;
      if (nii.length < layout.headerSize + EXTENDER_BYTES)
        throw new NiftiHeaderError('too short for its NIfTI header');
      if (!hasSingleFileMagic(nii, layout)) throw new NiftiHeaderError('not a single-file NIfTI');
      return { layout, littleEndian };
    }
  }
  throw new NiftiHeaderError('not a NIfTI-1 or NIfTI-2 header');
}

/**
 * The text fields of a NIfTI header, by name, as Latin-1 (a NUL ends nothing: what follows it
 * is read too, as a separate word). For verifying an output's header: `header` is a whole
 * file or its first bytes.
 */
export function niftiHeaderTexts(header: Uint8Array): Array<{ field: string; text: string }> {
  const { layout } = detect(header);
  return layout.textFields.map(([offset, length, field]) => ({
    field,
    text: String.fromCharCode(...header.subarray(offset, offset + length)).replace(/\0/g, ' '),
  }));
}

/** "n+1\0" at 344 (NIfTI-1) or "n+2\0" + 4 check bytes at 4 (NIfTI-2). */
function hasSingleFileMagic(nii: Uint8Array, layout: Layout): boolean {
  const at = layout === NIFTI1 ? 344 : 4;
  const version = layout === NIFTI1 ? 0x31 : 0x32;
  return nii[at] === 0x6e && nii[at + 1] === 0x2b && nii[at + 2] === version && nii[at + 3] === 0;
}
