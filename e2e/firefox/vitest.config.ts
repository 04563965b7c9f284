import { defineConfig } from 'vitest/config';

// The Firefox suite (npm run test:firefox): one file at a time, each launching its own Firefox,
// after `vite build` and `npm run build:cli` (npm run test:e2e does both first).
export default defineConfig({
  test: {
    include: ['e2e/firefox/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
