import { defineConfig } from 'vitest/config';

// Mutation runs (`npm run mutate`) only need the unit tests of the pure modules: they run in-process,
// without PostgreSQL, Redis or Chromium, so each mutant costs milliseconds.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/charts/render-svg.test.ts', 'test/unit/pdf/**'],
    testTimeout: 60_000,
  },
});
