/**
 * Vite plugin: `import text from 'gzip64:<path under node_modules>'` gives the file gzipped and
 * base64-encoded, as a string in the bundle. For the wasm and data Clean Pixel Data sends to the
 * page's workers (src/worker/inlinedPixelAssets.ts): base64 alone (Vite's `?url&inline`) adds a
 * third to each file, gzip first takes the OCR's 2.9 MB wasm down to 1.1 MB. A file that is
 * already gzipped (the OCR's traineddata) is kept as it is. Level 9 and no timestamp in the
 * header: the same input gives the same bundle, so the page's SHA-256 is reproducible.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const PREFIX = 'gzip64:';
const RESOLVED = '\0gzip64:';

/**
 * The file inside its package, from this project whatever root a build has: looked up along
 * Node's node_modules search paths (require.resolve would refuse it when the package's
 * `exports` hide its files).
 */
function packageFile(relative: string): string {
  const parts = relative.split('/');
  const nameParts = relative.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  const rest = parts.slice(nameParts);
  if (rest.length === 0 || rest.includes('..')) {
    throw new Error(`gzip64: imports name a file inside a package, not ${relative}`);
  }
  const require = createRequire(import.meta.url);
  for (const modules of require.resolve.paths(name) ?? []) {
    const file = path.join(modules, name, ...rest);
    if (existsSync(file)) return file;
  }
  throw new Error(`gzip64: ${relative} is not installed`);
}

export function gzipInline(): Plugin {
  return {
    name: 'dicomanon-gzip-inline',
    enforce: 'pre',
    resolveId(source) {
      if (!source.startsWith(PREFIX)) return null;
      return RESOLVED + packageFile(source.slice(PREFIX.length));
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const file = id.slice(RESOLVED.length);
      this.addWatchFile(file);
      const bytes = readFileSync(file);
      const packed = bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes, { level: 9 });
      return `export default ${JSON.stringify(packed.toString('base64'))};`;
    },
  };
}
