/**
 * Types for tesseract.js-core 7 (Emscripten + WebIDL binder), which ships none. Only what
 * tesseractReader.ts uses is declared.
 */
declare module 'tesseract.js-core/tesseract-core-simd-lstm.js' {
  export interface TesseractCoreOptions {
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (file: string, prefix: string) => string;
    instantiateWasm?: unknown;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
    TesseractProgress?: (percent: number) => void;
  }
  export interface TessBaseAPI {
    Init(dataPath: string | null, lang: string, oem?: number, config?: string): number;
    SetVariable(name: string, value: string): boolean;
    SetPageSegMode(mode: number): void;
    SetImageFile(exifOrientation?: number, angle?: number): number;
    SetRectangle(left: number, top: number, width: number, height: number): void;
    Recognize(monitor: null): number;
    GetTSVText(page: number): string;
    Clear(): void;
    End(): void;
  }
  export interface TesseractModule {
    FS: {
      writeFile(path: string, data: Uint8Array | string): void;
      unlink(path: string): void;
    };
    TessBaseAPI: new () => TessBaseAPI;
  }
  export type TesseractCoreFactory = (options?: TesseractCoreOptions) => Promise<TesseractModule>;
  const factory: TesseractCoreFactory;
  export default factory;
}
