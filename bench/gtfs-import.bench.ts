import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GtfsImportService } from '../src/ingest/gtfs/gtfs-import.service.js';
import { report } from './bench-result.js';
import { PeakRss, startTransitContext } from './transit/bench-context.js';
import { STOP_TIMES, writeGeneratedFeed } from './transit/generated-feed.js';

/**
 * A generated GTFS feed with 1,000,000 stop_times, imported through the real importer (yauzl
 * streaming inflate, papaparse chunk by chunk, COPY into a new version's partitions, index build at attach,
 * atomic switch). Peak RSS is the whole process (Nest context included), sampled off-thread.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gtfs-import-bench-'));
  const zip = path.join(dir, 'generated.zip');
  await writeGeneratedFeed(zip);
  const ctx = await startTransitContext(`sources:
  - id: bench-gtfs
    kind: gtfs
    url: ${zip}
    interval: 24h
    enabled: false
`);
  try {
    const imports = ctx.app.get(GtfsImportService);
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    const sampler = new PeakRss();
    const t0 = performance.now();
    const first = await imports.importFile('bench-gtfs', zip, { contentHash: 'first' });
    const seconds = (performance.now() - t0) / 1000;
    const peak = sampler.bytes();
    await sampler.stop();
    if (first.rows['stop_times.txt'] !== STOP_TIMES)
      throw new Error(`imported ${first.rows['stop_times.txt']} stop_times`);
    // A second version of the same size, switched over the first one (the daily case), then the old one dropped.
    const t1 = performance.now();
    await imports.importFile('bench-gtfs', zip, { contentHash: 'second' });
    const secondSeconds = (performance.now() - t1) / 1000;
    const all = Object.values(first.rows).reduce((a, b) => a + b, 0);
    report({
      bench: 'gtfs-import',
      metrics: [
        {
          metric: 'stop_times imported per second (first import)',
          value: STOP_TIMES / seconds,
          unit: 'rows/s',
          goal: '>= 100000',
        },
        { metric: 'whole import (first)', value: seconds * 1000, unit: 'ms' },
        { metric: 'whole import (second version + switch + retire)', value: secondSeconds * 1000, unit: 'ms' },
        { metric: 'peak RSS during import (whole process)', value: peak / 2 ** 20, unit: 'MB', goal: '<= 300' },
        { metric: 'RSS before import (Nest context)', value: baseline / 2 ** 20, unit: 'MB' },
      ],
      notes: [
        `zip ${(statSync(zip).size / 2 ** 20).toFixed(1)} MB, ${all} rows in all files (${STOP_TIMES} stop_times); Postgres on the same 2-core machine.`,
      ],
    });
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
