/**
 * A platform-neutral text reader: 8-bit grey pixels in, words with boxes out. Nothing here knows
 * where the OCR's files come from; the caller hands over bytes (see `OcrAssetSource`).
 */

/** One 8-bit grey frame, row after row, `width * height` bytes. */
export interface GreyImage8 {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A rectangle in pixels of the image it belongs to (x, y of the top-left corner). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One word the reader read. */
export interface ReadWord {
  readonly text: string;
  /** 0–100, as the OCR reports it. */
  readonly confidence: number;
  /** In the coordinates of the whole image, also when a `box` was read. */
  readonly box: Box;
  /** Words with the same number were read as one line. */
  readonly line: number;
}

export interface ReadOptions {
  /**
   * How the reader treats the image or box: `'sparse'` finds text anywhere (full frames with
   * scattered annotations), `'line'` reads it as one line (a box from a detector).
   * Default: `'line'` with a box, `'sparse'` without.
   */
  readonly layout?: 'sparse' | 'line' | 'block';
  /** Upscale before reading (integer 1–4). Default: 1 for a frame; for a box, to ~48 px tall. */
  readonly scale?: number;
}

export interface TextReader {
  /** Reads the whole frame, or only `box` (cropped with a small margin). */
  read(image: GreyImage8, box?: Box, options?: ReadOptions): Promise<ReadWord[]>;
  /** Frees the OCR's memory; the reader cannot be used after. */
  close(): void;
}

/** The files an OCR engine needs, as bytes: the caller reads them from disk or from the bundle. */
export type OcrAsset = 'tesseract-core-wasm' | 'eng-traineddata';
export type OcrAssetSource = (asset: OcrAsset) => Promise<Uint8Array>;
