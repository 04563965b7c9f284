/**
 * Everything heavy behind the image view, loaded by ImageView with a dynamic import so that the
 * page does not evaluate cornerstone or the decode worker until an image is first shown.
 */
import { frameSource } from '../../../core/pixels/decodeFrame';
import type { DisplayImage } from '../../../core/pixels/display';
import { decodeInWorker, holdDecoder } from './decodeClient';
import { imageIdOf, registerSource } from './imageLoader';
import { LinkedViewer, type SharedView, type ViewState } from './linkedViewer';
import type { OpenedImage } from './openImage';

export { LinkedViewer };

/** Decoded frames kept per source: enough to step back and forth without decoding again. */
const CACHED_FRAMES = 6;

export interface ViewerSession {
  readonly viewer: LinkedViewer;
  /** Image ids of a frame, one per side (null where that side has nothing to show). */
  imageIds(frame: number): (string | null)[];
  close(): void;
}

/**
 * Starts cornerstone on the elements and registers each side as a source of frames. Sides that
 * share pixel data (`sameAs`) share one source, so every frame is decoded once. `view`: where
 * the previous session of the same image was (see LinkedViewer).
 */
export function openSession(
  elements: readonly HTMLElement[],
  sides: readonly (OpenedImage | undefined)[],
  onChange: (view: ViewState) => void,
  view?: SharedView,
): ViewerSession {
  const release = holdDecoder();
  const viewer = new LinkedViewer(elements, onChange, view);
  const registrations: { key: string; remove: () => void }[] = [];
  const keys = sides.map((side): string | undefined => {
    if (!side) return undefined;
    if (side.sameAs !== undefined && sides[side.sameAs]) return undefined; // filled below
    const registration = registerSource(cachedDecoder(side));
    registrations.push(registration);
    return registration.key;
  });
  sides.forEach((side, i) => {
    if (side?.sameAs !== undefined && keys[side.sameAs]) keys[i] = keys[side.sameAs];
  });
  return {
    viewer,
    imageIds: (frame) =>
      sides.map((side, i) => {
        const key = keys[i];
        return key && side && frame < side.info.frames ? imageIdOf(key, frame) : null;
      }),
    close: () => {
      viewer.destroy();
      for (const registration of registrations) registration.remove();
      release();
    },
  };
}

function cachedDecoder(side: OpenedImage): (frame: number) => Promise<DisplayImage> {
  const cache = new Map<number, Promise<DisplayImage>>();
  return (frame) => {
    const hit = cache.get(frame);
    if (hit) {
      cache.delete(frame);
      cache.set(frame, hit); // most recently used last
      return hit;
    }
    const decoding = (async () =>
      decodeInWorker(side.info, frameSource(side.file, side.info, frame)))();
    decoding.catch(() => cache.delete(frame));
    cache.set(frame, decoding);
    while (cache.size > CACHED_FRAMES) cache.delete(cache.keys().next().value!);
    return decoding;
  };
}
