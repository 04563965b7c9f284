/** Messages between the image view and its decode worker. */
import type { FrameSource } from '../../../core/pixels/decodeFrame';
import type { DisplayImage } from '../../../core/pixels/display';
import type { PixelLayout } from '../../../core/pixels/imageInfo';

export interface DecodeRequest {
  readonly id: number;
  readonly layout: PixelLayout;
  readonly source: FrameSource;
}

export type DecodeResponse =
  | { readonly id: number; readonly image: DisplayImage }
  | { readonly id: number; readonly error: string };
