/**
 * dcm2niix for Node (the CLI's NIfTI workers, and tests and benchmarks in Node): the wasm bytes
 * read from disk, and a guard for process.exitCode.
 *
 * Where the wasm is: beside the built CLI (vite.cli.config.ts copies it into dist-cli, which
 * then runs without node_modules), else in node_modules (tests and tsx run from the sources).
 *
 * The guard: Emscripten's glue, when it sees Node, sets process.exitCode to dcm2niix's exit
 * code on every run. In a worker thread that would become the thread's exit code, and on the
 * main thread (tests, bench) the process's: the code before the run is put back after it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Dcm2niix,
  type Dcm2niixRun,
  type Dcm2niixRunner,
  type NamedBytes,
} from '../core/nifti/dcm2niix';

/** The file name of the wasm in dist-cli. */
export const DCM2NIIX_WASM_FILE = 'dcm2niix.jpeg.wasm';
const PACKAGE_WASM = 'node_modules/@niivue/dcm2niix/dist/dcm2niix.jpeg.wasm';

function wasmCandidates(): URL[] {
  return [
    new URL(DCM2NIIX_WASM_FILE, import.meta.url), // dist-cli/
    new URL(`../${PACKAGE_WASM}`, import.meta.url), // dist-cli/ inside the project
    new URL(`../../${PACKAGE_WASM}`, import.meta.url), // src/node/
  ];
}

export function dcm2niixWasmPath(): string {
  for (const url of wasmCandidates()) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return file;
  }
  throw new Error(`${DCM2NIIX_WASM_FILE} is missing: reinstall dicomanon (npm ci)`);
}

class ExitCodeGuard implements Dcm2niixRunner {
  constructor(private readonly inner: Dcm2niix) {}

  async run(inputs: readonly NamedBytes[], args: readonly string[]): Promise<Dcm2niixRun> {
    const before = process.exitCode;
    try {
      return await this.inner.run(inputs, args);
    } finally {
      process.exitCode = before;
    }
  }
}

export async function loadNodeDcm2niix(wasmPath = dcm2niixWasmPath()): Promise<Dcm2niixRunner> {
  const bytes = readFileSync(wasmPath);
  const own = new Uint8Array(new ArrayBuffer(bytes.length));
  own.set(bytes);
  return new ExitCodeGuard(await Dcm2niix.compile(own));
}
