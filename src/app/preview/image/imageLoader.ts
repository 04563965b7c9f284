/**
 * cornerstone-core's custom image loader for the 'dicomanon:' scheme. An image id names a
 * registered source and a frame (`dicomanon:<source>/<frame>`); the loader asks the source to
 * decode that frame (our own reader and decoders, in the worker) and hands cornerstone an Image
 * object built from the result. Nothing is fetched: there is no URL behind an image id.
 */
import cornerstone, { type CornerstoneImage } from 'cornerstone-core';
import type { DisplayImage } from '../../../core/pixels/display';

export const SCHEME = 'dicomanon';

export type FrameDecoder = (frame: number) => Promise<DisplayImage>;

const sources = new Map<string, FrameDecoder>();
let registered = false;
let nextSource = 1;

/** Makes a source's frames loadable; returns its key and a function that removes it. */
export function registerSource(decode: FrameDecoder): { key: string; remove: () => void } {
  if (!registered) {
    cornerstone.registerImageLoader(SCHEME, (imageId) => ({ promise: loadFrame(imageId) }));
    registered = true;
  }
  const key = `s${nextSource++}`;
  sources.set(key, decode);
  return { key, remove: () => sources.delete(key) };
}

export const imageIdOf = (key: string, frame: number): string => `${SCHEME}:${key}/${frame}`;

async function loadFrame(imageId: string): Promise<CornerstoneImage> {
  const match = /^dicomanon:([^/]+)\/(\d+)$/.exec(imageId);
  const decode = match ? sources.get(match[1]!) : undefined;
  if (!match || !decode) throw new Error(`Nothing to show for ${imageId}.`);
  return toCornerstoneImage(imageId, await decode(Number(match[2])));
}

/** The Image object cornerstone draws (grey: stored values + LUT pipeline; colour: RGBA). */
export function toCornerstoneImage(imageId: string, image: DisplayImage): CornerstoneImage {
  const common = {
    imageId,
    rows: image.rows,
    columns: image.columns,
    height: image.rows,
    width: image.columns,
    columnPixelSpacing: 1,
    rowPixelSpacing: 1,
    stats: {},
  };
  if (image.kind === 'colour') {
    const rgba = image.rgba;
    return {
      ...common,
      minPixelValue: 0,
      maxPixelValue: 255,
      slope: 1,
      intercept: 0,
      windowCenter: 128,
      windowWidth: 256,
      getPixelData: () => rgba,
      color: true,
      rgba: false,
      invert: false,
      sizeInBytes: rgba.byteLength,
    };
  }
  const pixels = image.pixels;
  return {
    ...common,
    minPixelValue: image.min,
    maxPixelValue: image.max,
    slope: image.slope,
    intercept: image.intercept,
    windowCenter: image.windowCenter,
    windowWidth: image.windowWidth,
    getPixelData: () => pixels,
    color: false,
    rgba: false,
    invert: image.invert,
    sizeInBytes: pixels.byteLength,
  };
}
