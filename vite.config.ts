/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { DEV_SERVER_CSP, PRODUCTION_CSP } from './src/app/contentSecurityPolicy.ts';

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

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), viteSingleFile()],
  // Workers must be classic scripts: module workers from blob: URLs fail silently under file://.
  worker: { format: 'iife' },
  build: { target: 'es2022', assetsInlineLimit: Number.MAX_SAFE_INTEGER },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'threads',
  },
});
