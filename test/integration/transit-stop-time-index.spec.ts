import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CALLS_SQL, SCHEDULES_SQL } from '../../src/infra/database/transit-timetable.repository.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

const usesIndex = (columns: string): RegExp =>
  new RegExp(`(Index (Only )?Scan using|Bitmap Index Scan on) gtfs_stop_time_v\\d+_${columns}_idx`);

/** The stop_times indexes compare bytes (COLLATE "C"), and the departures reads still use them. */
describe('stop_times indexes in COLLATE "C"', () => {
  const iso = isolation('stop_time_idx');
  let hub: RunningHub;
  let versionId: number;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stop-time-idx-'));
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources()), dataDir }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    const report = await hub.app
      .get(GtfsImportService)
      .importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    versionId = report.versionId;
    await client.connect();
    await client.query(`SET search_path = "${iso.schema}"`);
  }, 60_000);

  afterAll(async () => {
    await client.end();
    await hub.close();
    await iso.cleanup();
  });

  it('the imported version has both indexes in byte order, adopted by the parents', async () => {
    const { rows } = await client.query(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, pi.relname AS parent
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid LEFT JOIN pg_class pi ON pi.oid = h.inhparent
       WHERE n.nspname = $1 AND t.relname = $2 ORDER BY pi.relname`,
      [iso.schema, `gtfs_stop_time_v${versionId}`],
    );
    expect(rows.map((r: { parent: string }) => r.parent)).toEqual([
      'gtfs_stop_time_stop_idx',
      'gtfs_stop_time_trip_idx',
    ]);
    for (const r of rows as Array<{ def: string }>) expect(r.def).toMatch(/_id COLLATE "C"/);
  });

  it('the schedules and departures reads can use them (EXPLAIN, sequential scans off)', async () => {
    await client.query('SET enable_seqscan = off');
    const plan = async (sql: string, params: unknown[]): Promise<string> => {
      const { rows } = await client.query(`EXPLAIN ${sql}`, params);
      return (rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    };
    const schedules = await plan(SCHEDULES_SQL, [versionId, ['t1', 't2']]);
    expect(schedules).toMatch(usesIndex('trip_id_stop_sequence'));
    const calls = await plan(CALLS_SQL, [versionId, ['20261201'], [0], ['70172'], 0, 86_400, ['20261201|c1'], false]);
    expect(calls).toMatch(usesIndex('stop_id_departure'));
  });
});
