import { describe, expect, it } from 'vitest';
import { NiftiHeaderError, scrubNiftiHeader } from './niftiHeader';

const ascii = (text: string) => new TextEncoder().encode(text);

/** A NIfTI-1 file: text in every text field, `extension` bytes after the header, then data. */
function nifti1(littleEndian: boolean, extension: Uint8Array, data: Uint8Array): Uint8Array {
  const voxOffset = 352 + extension.length;
  const bytes = new Uint8Array(voxOffset + data.length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 348, littleEndian);
  bytes.set(ascii('DOE JOHN'), 4); // data_type
  bytes.set(ascii('db 19700101'), 14); // db_name
  view.setInt16(40, 3, littleEndian); // dim[0]
  view.setFloat32(108, voxOffset, littleEndian);
  bytes.set(ascii('TE=30;Time=135416.225;phase=1'), 148); // descrip
  bytes.set(ascii('Patient John'), 228); // aux_file
  bytes.set(ascii('intent 12345'), 328);
  bytes.set(ascii('n+1\0'), 344);
  if (extension.length) bytes[348] = 1;
  bytes.set(extension, 352);
  bytes.set(data, voxOffset);
  return bytes;
}

function nifti2(extension: Uint8Array, data: Uint8Array): Uint8Array {
  const voxOffset = 544 + extension.length;
  const bytes = new Uint8Array(voxOffset + data.length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 540, true);
  bytes.set(ascii('n+2\0\r\n\x1a\n'), 4);
  view.setBigInt64(168, BigInt(voxOffset), true);
  bytes.set(ascii('Time=135416'), 240);
  bytes.set(ascii('John'), 320);
  bytes.set(ascii('intent'), 508);
  if (extension.length) bytes[540] = 1;
  bytes.set(extension, 544);
  bytes.set(data, voxOffset);
  return bytes;
}

const join = (chunks: Uint8Array[]) => new Uint8Array(Buffer.concat(chunks));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const DATA = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const EXTENSION = ascii('{"PatientName":"DOE^JOHN"}\0\0\0\0\0\0'); // 32 bytes

describe('scrubNiftiHeader', () => {
  it.each([true, false])('NIfTI-1 (little endian: %s): text and extensions gone', (le) => {
    const out = join(scrubNiftiHeader(nifti1(le, EXTENSION, DATA)));
    expect(out.length).toBe(352 + DATA.length);
    expect(text(out)).not.toMatch(/JOHN|John|Time|1970|intent/);
    expect(new DataView(out.buffer).getFloat32(108, le)).toBe(352);
    expect(new DataView(out.buffer).getInt16(40, le)).toBe(3); // geometry untouched
    expect(out.subarray(344, 352)).toEqual(new Uint8Array([0x6e, 0x2b, 0x31, 0, 0, 0, 0, 0]));
    expect(out.subarray(352)).toEqual(DATA);
  });

  it('NIfTI-2: text and extensions gone, data kept', () => {
    const out = join(scrubNiftiHeader(nifti2(EXTENSION, DATA)));
    expect(out.length).toBe(544 + DATA.length);
    expect(text(out)).not.toMatch(/JOHN|John|Time|intent/);
    expect(new DataView(out.buffer).getBigInt64(168, true)).toBe(544n);
    expect(out.subarray(544)).toEqual(DATA);
  });

  it('does not copy the voxel data', () => {
    const input = nifti1(true, new Uint8Array(), DATA);
    const [, data] = scrubNiftiHeader(input);
    expect(data!.buffer).toBe(input.buffer);
  });

  it('refuses what is not a single-file NIfTI', () => {
    expect(() => scrubNiftiHeader(new Uint8Array(100))).toThrow(NiftiHeaderError);
    expect(() => scrubNiftiHeader(new Uint8Array(400))).toThrow(/not a NIfTI/);
    const pair = nifti1(true, new Uint8Array(), DATA);
    pair.set(ascii('ni1\0'), 344); // a .hdr/.img pair's header
    expect(() => scrubNiftiHeader(pair)).toThrow(/single-file/);
    const past = nifti1(true, new Uint8Array(), DATA);
    new DataView(past.buffer).setFloat32(108, 9999, true);
    expect(() => scrubNiftiHeader(past)).toThrow(/vox_offset/);
  });
});
