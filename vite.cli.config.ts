/**
 * Builds the CLI (npm run build:cli): dist-cli/dicomanon.mjs, the package's bin, and
 * dist-cli/deid-worker.mjs, its worker thread entry, which the CLI finds beside itself through
 * import.meta.url. Everything but Node's built-ins is bundled, so dist-cli runs without
 * node_modules.
 */
import { chmodSync } from 'node:fs';
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

export default defineConfig({
  publicDir: false,
  plugins: [executableBin()],
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist-cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { dicomanon: 'src/cli/dicomanon.ts', 'deid-worker': 'src/cli/deidWorker.ts' },
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
