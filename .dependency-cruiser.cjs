/**
 * The layout rules of the hub (README "Layout"): one lane per pipeline, source -> format adapter
 * (pure) -> domain model and rules -> ports -> infra -> push and read. `npm run deps` checks them;
 * .ci/run fails on any violation.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles between files.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'formats-are-pure',
      severity: 'error',
      comment:
        'Format adapters turn bytes into canonical records: they import only common code, models and other format code.',
      from: { path: '^src/ingest/formats/', pathNot: '[.]spec[.]ts$' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/ingest/formats/',
          '^src/common/',
          '^src/(parking|transit)/.*[.]model[.]ts$',
          '^src/config/source-config[.]ts$',
        ],
      },
    },
    {
      name: 'domain-is-not-infra',
      severity: 'error',
      comment: 'Domain folders (parking, transit, live rules) depend on their ports, never on infra, api or ingest.',
      from: { path: '^src/(parking|transit)/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^src/(infra|api|ingest)/' },
    },
    {
      name: 'drivers-only-in-infra',
      severity: 'error',
      comment: 'Only src/infra talks to Redis, BullMQ and Postgres drivers.',
      from: { path: '^src/', pathNot: '^src/infra/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: '(^|/)node_modules/(ioredis|bullmq|typeorm|pg|@nestjs/bullmq|@nestjs/typeorm)/',
      },
    },
    {
      name: 'protobuf-only-in-formats',
      severity: 'error',
      comment:
        'GTFS-RT bytes are decoded in src/ingest/formats/gtfs-rt, built by the demo operator and by the export serialiser (src/export/gtfs-rt), nowhere else.',
      from: { path: '^src/', pathNot: ['^src/ingest/formats/', '^src/demo/', '^src/export/gtfs-rt/'] },
      to: { path: '(^|/)node_modules/gtfs-realtime-bindings/' },
    },
    {
      name: 'exports-are-pure',
      severity: 'error',
      comment:
        'Export serialisers turn canonical objects into standard formats (GTFS-RT, ParkAPI v3, DATEX II v3): they import only common code, the domain models and query schemas, and other export code; reads happen in src/api/export.',
      from: { path: '^src/export/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^src/(infra|api|ingest|live|ops|access|config|boot|demo|cli)/' },
    },
    {
      name: 'live-does-not-import-api',
      severity: 'error',
      comment: 'The live feed and the REST API are siblings: what both need lives in common code or its own module.',
      from: { path: '^src/live/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Product code never imports tests or their support.',
      from: { path: '^src/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^test/|[.]spec[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
