// Mutation testing of the pure modules (`npm run mutate`; not part of `npm test` or CI: it takes minutes).
// SQL and I/O code are not mutated here; their tests are checked by hand against plausible bugs (docs/testing.md).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  checkers: [],
  mutate: [
    'src/metrics/as-of.ts',
    'src/metrics/metrics-report.ts',
    'src/metrics/metrics-text.ts',
    'src/metrics/rfm-segments.ts',
    'src/schedule/next-runs.ts',
    'src/schedule/resolve-as-of.ts',
    'src/charts/*-chart.ts',
    'src/charts/month-label.ts',
    'src/charts/segment-colours.ts',
    'src/config/schedules-schema.ts',
    'src/config/environment.ts',
    'src/mail/compose-message.ts',
    'src/text/*.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: segment rules, labels, colours) re-run every unit test each; they are
  // left out by default to keep a run within minutes on two cores. `npm run mutate -- --ignoreStatic false` includes them.
  ignoreStatic: true,
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  timeoutMS: 20000,
};
