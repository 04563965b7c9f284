/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { DEV_SERVER_CSP, PRODUCTION_CSP } from './src/app/contentSecurityPolicy.ts';
import { gzipInline } from './scripts/build/gzipInline.ts';

function contentSecurityPolicy(): Plugin {
  let policy = PRODUCTION_CSP;
  return {
    name: 'dicomanon-csp',
    configResolved(config) {
      policy =
        config.command === 'serve' && config.mode !== 'production'
          ? DEV_SERVER_CSP
          : PRODUCTION_CSP;
    },
    transformIndexHtml(html) {
      return html.replace('%DICOMANON_CSP%', policy);
    },
  };
}

/**
 * After the build, dist/index.html is copied to dist/dicomanon.html, the file to hand out (the
 * same self-contained page under a name that says what it is), and its SHA-256 is printed and
 * written beside it in `sha256sum` format so that a copy can be checked with `sha256sum -c`.
 * The same hash names the service worker's cache in dist/sw.js.
 */
function namedSingleFile(): Plugin {
  let outDir = 'dist';
  return {
    name: 'dicomanon-named-single-file',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // writeBundle, not closeBundle: it runs only when the build succeeded and wrote index.html.
    writeBundle() {
      const name = 'dicomanon.html';
      const target = path.join(outDir, name);
      copyFileSync(path.join(outDir, 'index.html'), target);
      const hex = createHash('sha256').update(readFileSync(target)).digest('hex');
      writeFileSync(`${target}.sha256`, `${hex}  ${name}\n`);
      console.log(`dist/${name} sha256 ${hex}`);
      // public/sw.js, copied as is: its cache name gets the page's hash, so each build's page
      // is a new service worker that replaces the cached copy.
      const worker = path.join(outDir, 'sw.js');
      // Builds from another root (the e2e image harness) have no public/sw.js: nothing to mark.
      if (!existsSync(worker)) return;
      const source = readFileSync(worker, 'utf8');
      if (!source.includes('__DICOMANON_BUILD__')) throw new Error('dist/sw.js has no build mark');
      writeFileSync(worker, source.replaceAll('__DICOMANON_BUILD__', hex.slice(0, 16)));
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), gzipInline(), viteSingleFile(), namedSingleFile()],
  // Workers must be classic scripts: module workers from blob: URLs fail silently under file://.
  worker: { format: 'iife' },
  build: { target: 'es2022', assetsInlineLimit: Number.MAX_SAFE_INTEGER },
  // The sample study (src/app/sample), imported with ?inline as a data URL.
  assetsInclude: ['**/*.zip'],
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'threads',
  },
});
