/**
 * Builds the CLI (npm run build:cli): dist-cli/dicomanon.mjs, the package's bin, and
 * dist-cli/deid-worker.mjs and dist-cli/nifti-worker.mjs, its worker thread entries, which the
 * CLI finds beside itself through import.meta.url. Everything but Node's built-ins is bundled,
 * and the wasm of dcm2niix and of the image codecs is copied beside them, so dist-cli runs
 * without node_modules.
 */
import { chmodSync, copyFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** The bin runs as ./dist-cli/dicomanon.mjs too, not only through npm's links (which chmod it). */
function executableBin(): Plugin {
  return {
    name: 'dicomanon-executable-bin',
    writeBundle(options) {
      chmodSync(path.join(options.dir ?? 'dist-cli', 'dicomanon.mjs'), 0o755);
    },
  };
}

/** dcm2niix's wasm, read by src/node/nodeDcm2niix.ts from beside the worker. */
function dcm2niixWasm(): Plugin {
  return {
    name: 'dicomanon-dcm2niix-wasm',
    writeBundle(options) {
      const file = 'dcm2niix.jpeg.wasm';
      copyFileSync(
        path.join('node_modules', '@niivue', 'dcm2niix', 'dist', file),
        path.join(options.dir ?? 'dist-cli', file),
      );
    },
  };
}

/**
 * The image codecs' wasm and the OCR's, read by src/cli/nodePixelTools.ts from beside the
 * workers: the files of wasmFiles.ts and OCR_FILES (cliPixels.test.ts checks each is copied).
 */
const PIXEL_WASM_FILES = [
  '@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm',
  '@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm',
  '@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.wasm',
  '@cornerstonejs/codec-openjph/dist/openjphjs.wasm',
  '@cornerstonejs/codec-charls/dist/charlswasm.wasm',
  '@cornerstonejs/codec-openjpeg/dist/openjpegwasm.wasm',
  'tesseract.js-core/tesseract-core-simd-lstm.wasm',
  '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
];

function pixelWasm(): Plugin {
  return {
    name: 'dicomanon-pixel-wasm',
    writeBundle(options) {
      for (const file of PIXEL_WASM_FILES)
        copyFileSync(
          path.join('node_modules', file),
          path.join(options.dir ?? 'dist-cli', path.basename(file)),
        );
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [executableBin(), dcm2niixWasm(), pixelWasm()],
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist-cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: {
        dicomanon: 'src/cli/dicomanon.ts',
        'deid-worker': 'src/cli/deidWorker.ts',
        'nifti-worker': 'src/cli/niftiWorker.ts',
      },
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        // Shared code sits beside the entries, so import.meta.url means the same folder in both.
        chunkFileNames: 'shared-[hash].mjs',
      },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
