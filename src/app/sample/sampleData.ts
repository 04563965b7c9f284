/**
 * The sample study behind "Try with sample data": a small real Siemens MR study from
 * dcm_qa_nih (BSD-2, see LICENSE and README.md beside this file), embedded in the page as a
 * data URL so that it needs no request: the page may not fetch anything, not even its own
 * files under file://. It is unzipped into File objects and goes through the same scan and
 * review as files the user chose.
 */
import { unzipSync } from 'fflate';
import sampleZip from './dcm_qa_nih-20180918Si.zip?inline';
import type { InputFile } from '../pipeline/types';

export const SAMPLE_SOURCE = {
  name: 'dcm_qa_nih',
  description: 'a Siemens MR study (four series, eight files) acquired by the NIH',
  licence: 'BSD 2-Clause',
  url: 'https://github.com/neurolabusc/dcm_qa_nih',
} as const;

/** The bytes behind a base64 data URL. */
function dataUrlBytes(url: string): Uint8Array {
  const base64 = url.slice(url.indexOf(',') + 1);
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The sample's files, as the file picker would list them, in the CLI's order. */
export function sampleFiles(): InputFile[] {
  const entries = unzipSync(dataUrlBytes(sampleZip));
  return Object.keys(entries)
    .filter((name) => !name.endsWith('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const bytes = entries[name]!;
      const file = new File([bytes.slice().buffer], name.slice(name.lastIndexOf('/') + 1), {
        type: 'application/dicom',
        lastModified: Date.UTC(2018, 8, 18),
      });
      return { file, path: name };
    });
}
