import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

/**
 * A version is switched in with planner statistics on its tables (issue #18). Without them the
 * departures read of one stop on a 1,000,000 stop_times feed looped over every trip and day
 * (515 ms, 33,332 index scans) instead of reading the stop's index range (0.45 ms), until
 * autovacuum happened to analyze the new partitions.
 */
describe('GTFS import: the new version has statistics when it becomes current', () => {
  const iso = isolation('gtfs_import_stats');
  let hub: RunningHub;
  let versionId: number;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gtfs-import-stats-'));
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources()), dataDir }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    const report = await hub.app
      .get(GtfsImportService)
      .importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    versionId = report.versionId;
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client.end();
    await hub.close();
    await iso.cleanup();
  });

  it('stop_times, trips, stops and calendars of the version have column statistics', async () => {
    const tables = ['gtfs_stop_time', 'gtfs_trip', 'gtfs_stop', 'gtfs_calendar'].map((t) => `${t}_v${versionId}`);
    const { rows } = await client.query<{ tablename: string; columns: string }>(
      `SELECT tablename, count(*) AS columns FROM pg_stats WHERE schemaname = $1 AND tablename = ANY($2)
       GROUP BY tablename ORDER BY tablename`,
      [iso.schema, tables],
    );
    expect(rows.map((r) => r.tablename)).toEqual([...tables].sort());
    for (const r of rows) expect(Number(r.columns)).toBeGreaterThan(3);
  });
});
