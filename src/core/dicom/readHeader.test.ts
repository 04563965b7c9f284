import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_DICOM_NAME, corpusFile, corpusFiles, relativeToCorpus } from '../testing/corpus';
import type { DicomFile } from './dataset';
import { DicomError } from './errors';
import { readDicom } from './readDicom';
import { PIXEL_DATA_GROUP_START, readDicomHeader, readHeaderFrom } from './readHeader';
import { tag } from './tag';

const prefixReader =
  (bytes: Uint8Array, reads: number[] = []) =>
  async (length: number) => {
    reads.push(length);
    return bytes.subarray(0, length);
  };

const tagsBefore = (file: DicomFile, stop: number): number[] =>
  file.dataset.elements.map((e) => e.tag).filter((t) => t < stop);

function fullRead(bytes: Uint8Array): DicomFile | DicomError {
  try {
    return readDicom(bytes);
  } catch (error) {
    if (error instanceof DicomError) return error;
    throw error;
  }
}

describe('header-only reads', () => {
  it('agree with full reads on every corpus file, from prefixes grown from 256 bytes', async () => {
    let compared = 0;
    for (const path of corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f))) {
      const bytes = new Uint8Array(readFileSync(path));
      const full = fullRead(bytes);
      const reads: number[] = [];
      let header: DicomFile | DicomError;
      try {
        header = await readHeaderFrom(prefixReader(bytes, reads), bytes.length, {
          firstBytes: 256,
        });
      } catch (error) {
        if (!(error instanceof DicomError)) throw error;
        header = error;
      }
      const name = relativeToCorpus(path);
      if (full instanceof DicomError) {
        // A file broken after its header may still have a readable header; not-DICOM never is.
        if (full.code === 'not-dicom') expect(header, name).toBeInstanceOf(DicomError);
        continue;
      }
      expect(header, name).not.toBeInstanceOf(DicomError);
      const file = header as DicomFile;
      expect(tagsBefore(file, PIXEL_DATA_GROUP_START), name).toEqual(
        tagsBefore(full, PIXEL_DATA_GROUP_START),
      );
      expect(file.transferSyntax, name).toEqual(full.transferSyntax);
      // Never more than needed: the last read is at most 4× what the header took.
      expect(reads.at(-1)!, name).toBeLessThanOrEqual(Math.max(256, headerEnd(file) * 4));
      compared++;
    }
    expect(compared).toBeGreaterThan(900);
  });

  it('never fails on a prefix of a valid file: it asks for more or has the header', () => {
    const bytes = new Uint8Array(
      readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm')),
    );
    const full = readDicom(bytes);
    for (let length = 1; length < bytes.length; length += 7) {
      const header = readDicomHeader(bytes.subarray(0, length), bytes.length);
      if (header)
        expect(tagsBefore(header, PIXEL_DATA_GROUP_START)).toEqual(
          tagsBefore(full, PIXEL_DATA_GROUP_START),
        );
    }
  });

  it('stops at the stop tag without needing the bytes after it', () => {
    const bytes = new Uint8Array(
      readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm')),
    );
    const stop = tag(0x0020, 0x0000);
    const full = readDicom(bytes);
    const at = full.dataset.elements.find((e) => e.tag >= stop)!.start;
    const header = readDicomHeader(bytes.subarray(0, at + 4), bytes.length, { stopAtTag: stop });
    expect(header?.dataset.elements.map((e) => e.tag)).toEqual(tagsBefore(full, stop));
    expect(readDicomHeader(bytes.subarray(0, at), bytes.length, { stopAtTag: stop })).toBe(
      undefined,
    );
  });

  it('reads the header of a deflated data set from a prefix of it', () => {
    for (const name of ['dicomParser/testImages/deflate/image_dfl']) {
      const bytes = new Uint8Array(readFileSync(corpusFile(name)));
      const full = readDicom(bytes);
      expect(full.transferSyntax.deflated).toBe(true);
      let found: DicomFile | undefined;
      let length = 256;
      for (; !found; length *= 2) {
        found = readDicomHeader(bytes.subarray(0, Math.min(length, bytes.length)), bytes.length);
      }
      // Found from a prefix: the inflater ran on a deflate stream cut short.
      expect(length / 2, name).toBeLessThan(bytes.length);
      expect(tagsBefore(found, PIXEL_DATA_GROUP_START), name).toEqual(
        tagsBefore(full, PIXEL_DATA_GROUP_START),
      );
    }
  });

  it('refuses headers longer than the limit with a too-large error', async () => {
    const bytes = new Uint8Array(
      readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm')),
    );
    await expect(
      readHeaderFrom(prefixReader(bytes), bytes.length, { firstBytes: 128, maxBytes: 512 }),
    ).rejects.toMatchObject({ code: 'too-large' });
  });
});

function headerEnd(file: DicomFile): number {
  return file.dataset.end;
}
