/**
 * The sample job: one image file read and sampled for text (sampleFile.ts), for the review
 * screen, which flags a series whose images show text even when its header does not say so
 * (src/app/pipeline/sampleText.ts). The worker's OCR starts on the first box it must read.
 */
import { readerFrom, codecsFrom, type SampleAssets } from './pixelAssets';
import type { TextReader } from '../core/pixels/ocr/types';
import { readWhole, type JobReply } from './jobs';
import { sampleDicom, type FileTextSample } from './sampleFile';

export type { FileTextSample, SampledBox, SampledFrame, TextRead } from './sampleFile';

export function createSampleHandler(assets: SampleAssets) {
  const codecs = codecsFrom(assets);
  let reader: Promise<TextReader | undefined> | undefined;
  // A reader that cannot start leaves boxes unread: the series is then flagged on the boxes.
  const startReader = () => (reader ??= readerFrom(assets).catch(() => undefined));
  return async (file: File): Promise<JobReply<FileTextSample>> => {
    const bytes = await readWhole(file);
    const result: FileTextSample =
      typeof bytes === 'string'
        ? { status: 'failed', reason: bytes }
        : await sampleDicom(bytes, { codecs, reader: startReader });
    return { result, transfer: [] };
  };
}
