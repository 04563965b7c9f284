/**
 * The Web Worker entry for the scan, de-identification and the preview (built by Vite as a
 * classic script, inlined in the page: see spawn.ts). The message loop is workerLoop.ts, shared
 * with the NIfTI worker (niftiWorker.ts).
 */
import { createJobHandler } from './jobs';
import { serveJobs } from './workerLoop';

serveJobs(createJobHandler);
