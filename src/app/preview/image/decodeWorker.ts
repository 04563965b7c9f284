/**
 * The decode worker: compressed frames are decoded here so that a large JPEG 2000 or JPEG-LS
 * image never freezes the page. Built by Vite as a classic (iife) script inlined as a string
 * (see decodeClient.ts); the codecs and their wasm are in this bundle only.
 */
import { Codecs } from '../../../core/pixels/codecs';
import { decodeFrameSource } from '../../../core/pixels/decodeFrame';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import { inlinedWasm } from './wasmSources';

const codecs = new Codecs(inlinedWasm);
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const { id, layout, source } = event.data;
  decodeFrameSource(layout, source, codecs).then(
    (image) => {
      const buffer = image.kind === 'grey' ? image.pixels.buffer : image.rgba.buffer;
      scope.postMessage({ id, image } satisfies DecodeResponse, [buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ id, error: message } satisfies DecodeResponse);
    },
  );
};
