/**
 * dcm2niix compiled to WebAssembly (@niivue/dcm2niix, the build with JPEG, JPEG-LS and JPEG 2000
 * decoders), driven without network or file system access of its own: the caller hands over the
 * wasm bytes (Node reads them from disk; a browser worker gets them from its bundle), they are
 * compiled once, and every conversion runs in a fresh instance.
 *
 * A fresh instance per series because dcm2niix is a command-line program: its C globals and its
 * heap (which only grows, up to 2 GiB) are not meant to outlive one run. Instantiating an
 * already compiled module takes a few milliseconds.
 */
import createDcm2niixModule, {
  type Dcm2niixFs,
} from '../../../node_modules/@niivue/dcm2niix/dist/dcm2niix.jpeg.js';

export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface Dcm2niixRun {
  /** dcm2niix's exit code: 0 success, 2 no DICOM found, 8 some series failed, ... */
  readonly exitCode: number;
  /** Every file dcm2niix wrote into its output folder, sorted by name. */
  readonly outputs: NamedBytes[];
  /** What it printed (stdout and stderr interleaved), for counting, never for reports. */
  readonly log: string[];
}

/** What convertSeries needs from a dcm2niix: one run over one folder of files. */
export interface Dcm2niixRunner {
  run(inputs: readonly NamedBytes[], args: readonly string[]): Promise<Dcm2niixRun>;
}

const IN_DIR = '/in';
const OUT_DIR = '/out';

export class Dcm2niix implements Dcm2niixRunner {
  private constructor(private readonly module: WebAssembly.Module) {}

  /** Compiles the wasm bytes (dcm2niix.jpeg.wasm of @niivue/dcm2niix) once. */
  static async compile(wasm: Uint8Array<ArrayBuffer>): Promise<Dcm2niix> {
    return new Dcm2niix(await WebAssembly.compile(wasm));
  }

  /**
   * Runs `dcm2niix args -o /out /in` over `inputs`, which become the files of /in. The input
   * arrays are handed to the in-memory file system without a copy and must not change meanwhile.
   */
  async run(inputs: readonly NamedBytes[], args: readonly string[]): Promise<Dcm2niixRun> {
    const log: string[] = [];
    const compiled = this.module;
    const instance = await createDcm2niixModule({
      print: (line) => log.push(line),
      printErr: (line) => log.push(line),
      instantiateWasm: (imports, receive) =>
        // The glue awaits this promise and expects receive() to have run by then.
        WebAssembly.instantiate(compiled, imports).then((made) => receive(made, compiled)),
    });
    const fs = instance.FS;
    fs.mkdir(IN_DIR);
    fs.mkdir(OUT_DIR);
    for (const input of inputs)
      fs.createDataFile(IN_DIR, input.name, input.bytes, true, false, true);
    const exitCode = instance.callMain([...args, '-o', OUT_DIR, IN_DIR]);
    const outputs = fs
      .readdir(OUT_DIR)
      .filter((name) => name !== '.' && name !== '..')
      .sort()
      .map((name) => ({ name, bytes: fileBytes(fs, `${OUT_DIR}/${name}`) }));
    return { exitCode, outputs, log };
  }
}

/**
 * A file's bytes straight from the in-memory file system, without FS.readFile's copy (a
 * 200 MB volume costs a noticeable memcpy, and the instance is dropped right after anyway).
 * Falls back to readFile if MEMFS ever stores files differently.
 */
function fileBytes(fs: Dcm2niixFs, path: string): Uint8Array {
  const { contents, usedBytes } = fs.lookupPath(path).node;
  if (
    contents instanceof Uint8Array &&
    typeof usedBytes === 'number' &&
    usedBytes <= contents.length
  )
    return contents.subarray(0, usedBytes);
  return fs.readFile(path);
}

/**
 * How many DICOM files dcm2niix stacked into each output it wrote, from its lines
 * "Convert 150 DICOM as /out/x_e2 (64x64x15x10)": output base name → file count.
 */
export function convertedCounts(log: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of log) {
    const match = /^Convert (\d+) DICOM as \/out\/(\S+) \(/.exec(line);
    if (match) counts.set(match[2]!, (counts.get(match[2]!) ?? 0) + Number(match[1]));
  }
  return counts;
}
