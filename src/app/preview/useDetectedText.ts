/**
 * Where the detector finds text in the file the preview shows, by frame, to draw on the
 * original: the same search the review screen runs on each series (sampleSeriesForText, its
 * first, middle and last frame), on this one file. Nothing while no file is given.
 */
import { useEffect, useState } from 'react';
import { sampleSeriesForText } from '../pipeline/sampleText';

type Found = ReadonlyMap<
  number,
  readonly { x: number; y: number; width: number; height: number }[]
>;
const NONE: Found = new Map();

export function useDetectedText(file: File | undefined): Found {
  const [found, setFound] = useState<{ file: File; boxes: Found }>();
  useEffect(() => {
    if (!file) return;
    const controller = new AbortController();
    sampleSeriesForText([file], controller.signal).then(
      (sample) => {
        const boxes = new Map(sample.boxes.map((frame) => [frame.frame, frame.boxes]));
        if (!controller.signal.aborted) setFound({ file, boxes });
      },
      () => undefined, // aborted, or nothing could be searched: no outlines
    );
    return () => controller.abort();
  }, [file]);
  return found && found.file === file ? found.boxes : NONE;
}
