/**
 * The NIfTI Web Worker (built like deidWorker.ts: a classic script inlined in the page, see
 * spawn.ts). Its own entry so that dcm2niix's wasm, inlined here, is parsed only by the workers
 * of a NIfTI run. The wasm is decoded and compiled on the first series, never fetched.
 */
import wasmDataUrl from '../../node_modules/@niivue/dcm2niix/dist/dcm2niix.jpeg.wasm?url&inline';
import { Dcm2niix } from '../core/nifti/dcm2niix';
import { createJobHandler, type JobHandler } from './jobs';
import { createNiftiHandler } from './niftiJob';
import { serveJobs } from './workerLoop';

/** The wasm's bytes from its data: URL (one use of the URL, so the bundle holds it once). */
function decodeDataUrl(dataUrl: string): Uint8Array<ArrayBuffer> {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || !dataUrl.slice(0, comma).endsWith(';base64'))
    throw new Error('dcm2niix was not built into this page');
  const text = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const loadDcm2niix = (): Promise<Dcm2niix> => Dcm2niix.compile(decodeDataUrl(wasmDataUrl));

serveJobs((job): Promise<JobHandler> =>
  job.kind === 'nifti'
    ? (createNiftiHandler(job, loadDcm2niix) as Promise<JobHandler>)
    : createJobHandler(job),
);
