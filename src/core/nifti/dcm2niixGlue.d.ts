/**
 * Types for the Emscripten glue of @niivue/dcm2niix (dist/dcm2niix.jpeg.js), which ships none.
 * Only what dcm2niix.ts uses is declared. The package hides this file behind its `exports`, so
 * it is imported by relative path; the wildcard lets TypeScript match that path.
 */
declare module '*/dcm2niix.jpeg.js' {
  export interface Dcm2niixFs {
    mkdir(path: string): void;
    /** canOwn: MEMFS may keep `data` itself instead of copying it. */
    createDataFile(
      parent: string,
      name: string,
      data: Uint8Array,
      canRead: boolean,
      canWrite: boolean,
      canOwn: boolean,
    ): void;
    readdir(path: string): string[];
    readFile(path: string): Uint8Array;
    /** MEMFS internals: a file node's storage (may be longer than the file) and its length. */
    lookupPath(path: string): { node: { contents?: unknown; usedBytes?: unknown } };
    unlink(path: string): void;
  }

  export interface Dcm2niixModule {
    readonly FS: Dcm2niixFs;
    callMain(args: string[]): number;
  }

  export interface Dcm2niixModuleArg {
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    /** Emscripten's hook: instantiate the wasm ourselves, so the glue never fetches or reads it. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown,
    ) => unknown;
  }

  const createDcm2niixModule: (moduleArg: Dcm2niixModuleArg) => Promise<Dcm2niixModule>;
  export default createDcm2niixModule;
}
