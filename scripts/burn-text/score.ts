/**
 * Test and benchmark only (Node): the detector against the generator's ground truth (recall by
 * size, layout, kind and image type; precision by area) and against images with no text.
 */
import path from 'node:path';
import { corpusFile } from '../../src/core/testing/corpus';
import { Tally, areaOutside, decodeFrames, isFound, type GroundTruth } from './corpus';
import { detectText, type DetectOptions } from '../../src/core/pixels/detect/detectText';

export interface BurnedResult {
  /** Keys such as "size 12", "layout bands", "kind name", "image RGB 8", "all". */
  readonly recall: Tally;
  /** Same keys, for lines of 12 px and more only. */
  readonly recall12: Tally;
  /** Detected area outside planted lines / all detected area, per layout and in all. */
  readonly falseArea: Map<string, { outside: number; total: number }>;
  readonly frames: number;
  /** CPU time of this process spent in the detector (the machine may be shared). */
  readonly milliseconds: number;
  /** Lines not found, for the report. */
  readonly missed: string[];
}

export async function evaluateBurned(
  dir: string,
  truths: readonly GroundTruth[],
  options: DetectOptions = {},
): Promise<BurnedResult> {
  const recall = new Tally();
  const recall12 = new Tally();
  const falseArea = new Map<string, { outside: number; total: number }>();
  const missed: string[] = [];
  let frames = 0;
  let milliseconds = 0;
  for (const truth of truths) {
    const images = await decodeFrames(path.join(dir, truth.file));
    const image = `image ${truth.photometric === 'RGB' ? 'RGB' : 'grey'} ${truth.bitsAllocated}${truth.frames > 1 ? ' multi-frame' : ''}`;
    for (let f = 0; f < images.length; f++) {
      const start = process.cpuUsage();
      const boxes = detectText(images[f]!, options);
      const used = process.cpuUsage(start);
      milliseconds += (used.user + used.system) / 1000;
      frames++;
      const planted = truth.lines.filter((l) => l.frames.includes(f));
      for (const line of planted) {
        const found = isFound(line.box, boxes);
        const keys = [
          'all',
          `size ${line.size}`,
          `layout ${truth.layout}`,
          `kind ${line.kind}`,
          image,
        ];
        for (const key of keys) {
          recall.add(key, found);
          if (line.size >= 12) recall12.add(key, found);
        }
        if (!found)
          missed.push(`${truth.file} frame ${f} ${line.size}px ${line.font} "${line.text}"`);
      }
      const area = areaOutside(
        boxes,
        planted.map((l) => l.box),
        truth.columns,
        truth.rows,
      );
      for (const key of ['all', `layout ${truth.layout}`]) {
        const sum = falseArea.get(key) ?? { outside: 0, total: 0 };
        sum.outside += area.outside;
        sum.total += area.total;
        falseArea.set(key, sum);
      }
    }
  }
  return { recall, recall12, falseArea, frames, milliseconds, missed };
}

/** Real images without burned-in text (checked by eye), from ../shared/data. */
export const TEXT_FREE = [
  ['CT', 'pydicom-data/data_store/data/693_UNCR.dcm'],
  ['CT', 'dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm'],
  ['CT', 'pydicom-data/data_store/data/eCT_Supplemental.dcm'],
  ['CT', 'dicomParser/testImages/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm'],
  ['MR', 'flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_000.dcm'],
  ['MR', 'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm'],
  ['MR', 'pydicom-data/data_store/data/MR2_UNCR.dcm'],
  ['MR', 'dcm_qa_nih/In/20180918Si/mr_0003/epi_pe_ap-00001.dcm'],
  ['MR', 'pydicom-data/data_store/data/emri_small.dcm'],
  ['US', 'dicomParser/testImages/encapsulated/multi-frame/IM00001.implicit_little_endian.dcm'],
  ['US', 'pydicom-data/data_store/data/color-px.dcm'],
] as const;

export interface CleanResult {
  /** Per modality: frames, frames with any box, boxed area / image area. */
  readonly byModality: Map<
    string,
    { frames: number; flagged: number; area: number; pixels: number }
  >;
}

export async function evaluateTextFree(options: DetectOptions = {}): Promise<CleanResult> {
  const byModality = new Map<
    string,
    { frames: number; flagged: number; area: number; pixels: number }
  >();
  for (const [modality, file] of TEXT_FREE) {
    const images = await decodeFrames(corpusFile(file));
    for (const image of images) {
      const boxes = detectText(image, options);
      const area = areaOutside(boxes, [], image.columns, image.rows).total;
      const sum = byModality.get(modality) ?? { frames: 0, flagged: 0, area: 0, pixels: 0 };
      sum.frames++;
      if (boxes.length > 0) sum.flagged++;
      sum.area += area;
      sum.pixels += image.columns * image.rows;
      byModality.set(modality, sum);
    }
  }
  return { byModality };
}
