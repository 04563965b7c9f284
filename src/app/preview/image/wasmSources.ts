/**
 * The codecs' wasm, inlined into the bundle as base64 data URLs (Vite `?url&inline`; the build's
 * assetsInlineLimit keeps every asset inline) and decoded here, never fetched: the page's policy
 * has connect-src 'none', and a data: URL may not be fetched either. Each codec's bytes are only
 * evaluated when its first frame is decoded. Imported by the decode worker only.
 */
import type { WasmCodec, WasmSource } from '../../../core/pixels/codecs';

const INLINED: Record<WasmCodec, () => Promise<{ default: string }>> = {
  'libjpeg-turbo': () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url&inline'),
  charls: () => import('@cornerstonejs/codec-charls/decodewasm?url&inline'),
  openjpeg: () => import('@cornerstonejs/codec-openjpeg/decodewasm?url&inline'),
  openjph: () => import('@cornerstonejs/codec-openjph/wasm?url&inline'),
};

export const inlinedWasm: WasmSource = async (codec) => {
  const dataUrl = (await INLINED[codec]()).default;
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || !dataUrl.slice(0, comma).endsWith(';base64')) {
    throw new Error(`the ${codec} decoder was not built into this page`);
  }
  const text = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
