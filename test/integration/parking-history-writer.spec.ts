import pg from 'pg';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { ParkingHistoryWriter } from '../../src/infra/database/parking-history.writer.js';
import type { ParkingHistoryBatch } from '../../src/parking/ports/parking-history.port.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

const row = (facilityId: string, observedAt: string, free: number) => ({
  facilityId,
  observedAt,
  receivedAt: observedAt,
  free,
  occupied: 100 - free,
  capacity: 100,
  status: 'open',
  quality: free > 90 ? ['frozen'] : [],
});

describe('ParkingHistoryWriter on real Postgres', () => {
  const iso = isolation('writer');
  const db = new DatabaseService(testConfig(iso));
  // The batch is dated 2025-2026: a retention that covers it (the window itself: test/resilience/values-history.spec.ts).
  const writer = new ParkingHistoryWriter(db, { historyRetentionMs: 10 * 365 * 86_400_000 });
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(() => client.connect());
  afterAll(async () => {
    await db.onApplicationShutdown();
    await client.end();
    await iso.cleanup();
  });

  const batch: ParkingHistoryBatch = {
    facilities: [
      {
        id: 's:a',
        source: 's',
        localId: 'a',
        name: 'A',
        kind: 'car-park',
        lat: 46.5,
        lon: 0.3,
        address: null,
        capacity: 100,
        disabledCapacity: 4,
        updatedAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    observations: [
      row('s:a', '2025-01-15T10:00:00.000Z', 10),
      row('s:a', '2026-10-31T23:59:59.000Z', 20),
      row('s:a', '2026-11-20T10:00:00.000Z', 95),
    ],
  };

  it('writes facilities and observations into monthly partitions', async () => {
    expect(await writer.write(batch)).toEqual({ inserted: 3, rejected: [] });
    const { rows } = await client.query(
      `SELECT tableoid::regclass::text AS part, free, quality FROM "${iso.schema}".parking_observation ORDER BY observed_at`,
    );
    expect(rows).toEqual([
      { part: `${iso.schema}.parking_observation_y2025m01`, free: 10, quality: [] },
      { part: `${iso.schema}.parking_observation_y2026m10`, free: 20, quality: [] },
      { part: `${iso.schema}.parking_observation_y2026m11`, free: 95, quality: ['frozen'] },
    ]);
    const facility = await client.query(`SELECT name, capacity, disabled_capacity FROM "${iso.schema}".facility`);
    expect(facility.rows).toEqual([{ name: 'A', capacity: 100, disabled_capacity: 4 }]);
  });

  it('is idempotent on facility + observedAt: a replayed batch inserts nothing', async () => {
    expect(await writer.write(batch)).toEqual({ inserted: 0, rejected: [] });
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${iso.schema}".parking_observation`);
    expect(rows[0].n).toBe(3);
  });

  it('drops whole months past the retention, and nothing newer', async () => {
    expect(await writer.prune(new Date('2026-11-05T00:00:00Z'))).toEqual([
      'parking_observation_y2025m01',
      'parking_observation_y2026m10',
    ]);
    const { rows } = await client.query(`SELECT free FROM "${iso.schema}".parking_observation`);
    expect(rows).toEqual([{ free: 95 }]);
  });

  it('deletes the hourly rollup of the months it drops, and nothing newer', async () => {
    await client.query(
      `INSERT INTO "${iso.schema}".parking_history_hour (facility_id, hour, free_min, free_max, free_wsum, free_w, occ_wsum, occ_w)
       SELECT 's:a', h::timestamptz, 1, 2, 3, 4, 5, 6 FROM unnest($1::text[]) AS h`,
      [['2025-01-15T10:00:00Z', '2026-10-31T23:00:00Z', '2026-11-01T00:00:00Z', '2026-11-20T10:00:00Z']],
    );
    await writer.prune(new Date('2026-11-05T00:00:00Z'));
    const { rows } = await client.query(`SELECT hour FROM "${iso.schema}".parking_history_hour ORDER BY hour`);
    expect(rows.map((r: { hour: Date }) => r.hour.toISOString())).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-20T10:00:00.000Z',
    ]);
  });

  it('refuses a row it cannot date, and says so (not retried forever)', async () => {
    const bad: ParkingHistoryBatch = { facilities: [], observations: [row('s:a', 'not-a-time', 1)] };
    expect(await writer.write(bad)).toEqual({
      inserted: 0,
      rejected: [{ code: 'HISTORY_OUT_OF_RANGE', message: expect.any(String), facilities: 0, observations: 1 }],
    });
  });
});
