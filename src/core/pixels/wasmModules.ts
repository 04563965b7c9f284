/**
 * The Emscripten builds of the @cornerstonejs codecs (decoders in codecs.ts, encoders in
 * redact/encoders.ts), made from wasm bytes the caller hands over: the browser build inlines
 * them, Node reads them from disk. The glue never fetches: it gets the module compiled here
 * through its `instantiateWasm` hook.
 */

/** A glue module: its factory as the default export, or the module itself. */
export type EmscriptenGlue<Module> = () => Promise<
  { default: EmscriptenFactory<Module> } | EmscriptenFactory<Module>
>;

type EmscriptenFactory<Module> = (moduleArg?: CodecModuleArg) => Promise<Module>;

interface DescribesExceptions {
  getExceptionMessage?: (error: unknown) => string;
}

/** One instance per build, made on its first use and kept. */
export class WasmModules<Build extends string, Module extends DescribesExceptions> {
  private readonly loaded = new Map<Build, Promise<Module>>();

  constructor(
    private readonly glue: Record<Build, EmscriptenGlue<Module>>,
    private readonly wasm: (build: Build) => Promise<Uint8Array>,
  ) {}

  get(build: Build): Promise<Module> {
    let loading = this.loaded.get(build);
    if (!loading) {
      loading = this.instantiate(build);
      // A failed load may be retried by the next frame.
      loading.catch(() => this.loaded.delete(build));
      this.loaded.set(build, loading);
    }
    return loading;
  }

  /**
   * What a call into a build's instance threw, in words. A C++ exception arrives as a number the
   * module can describe; anything else (an abort, running out of memory) may leave the instance
   * unusable, so the next frame gets a fresh one.
   */
  describeFailure(build: Build, module: Module, error: unknown): string {
    if (typeof error !== 'number') this.loaded.delete(build);
    if (typeof error === 'number' && module.getExceptionMessage) {
      return String(module.getExceptionMessage(error));
    }
    return error instanceof Error ? error.message : String(error);
  }

  private async instantiate(build: Build): Promise<Module> {
    const [glue, wasm] = await Promise.all([this.glue[build](), this.wasm(build)]);
    const factory = typeof glue === 'function' ? glue : glue.default;
    const compiled = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
    return factory({
      print: () => {},
      printErr: () => {},
      instantiateWasm: (imports, receive) =>
        // The glue awaits this promise and expects receive() to have run by then.
        WebAssembly.instantiate(compiled, imports).then((made) => receive(made, compiled)),
    });
  }
}
