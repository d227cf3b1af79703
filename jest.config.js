/** Jest runs in native ESM mode (NestJS 12 ships ES modules only): see package.json "test". */
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } },
];
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
};
export default {
  // Integration and e2e tests talk to real servers and wait on real schedulers.
  testTimeout: 30_000,
  // A suite whose hub could not close (a failed afterAll) must not keep CI waiting forever.
  forceExit: true,
  // Jest's default on a 2-core machine is one worker, in band: every suite then runs in one
  // process, one after the other, mostly waiting on schedulers and servers (17 min here). Two
  // worker processes: 4.5 min (2026-12-04); each suite keeps its own Redis prefix and schema.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    { ...common, displayName: 'resilience', testMatch: ['<rootDir>/test/resilience/**/*.spec.ts'] },
  ],
};
