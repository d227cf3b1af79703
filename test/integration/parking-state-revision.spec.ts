import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { ParkingSourceConfig } from '../../src/config/source-config.js';
import { ParkingLiveStateRedis } from '../../src/infra/redis/parking-live-state.redis.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { ParkingParserService } from '../../src/ingest/parking/parking-parser.service.js';
import { ParkingIngestService } from '../../src/ingest/parking/parking-ingest.service.js';
import type { StaticReferenceService } from '../../src/ingest/parking/static-reference.service.js';
import type { ParkingHistoryBatch } from '../../src/parking/ports/parking-history.port.js';
import type { StoredParking } from '../../src/parking/stored-parking.js';
import { jsonFeed } from '../support/json-feed.js';
import { isolation, testConfig, TEST_REDIS_URL } from '../support/test-env.js';

const source: ParkingSourceConfig = {
  id: 'rev',
  kind: 'parking',
  format: 'json-mapping',
  url: 'https://rev.invalid/feed.json',
  intervalMs: 60_000,
  enabled: true,
  staleAfterMs: 180_000,
  timeoutMs: 10_000,
  maxBytes: 2 ** 20,
  headers: {},
  allowPrivateNetwork: false,
  mapping: {
    items: 'items',
    id: 'id',
    name: 'name',
    lat: 'lat',
    lon: 'lon',
    free: 'free',
    capacity: 'total',
    observedAt: 'ts',
  },
};

/**
 * The per-process copy of a source's previous states against the per-source revision in real
 * Redis: every write bumps it in the same MULTI, a poll trusts its copy only at the same revision.
 */
describe('previous parking states kept per process, checked against the source revision (real Redis)', () => {
  const iso = isolation('state_revision');
  const config = testConfig(iso);
  const redis = new Redis(TEST_REDIS_URL);
  const keys = new RedisKeys(iso.prefix);
  const live = new ParkingLiveStateRedis(redis, keys, config);
  /** Another process writing the same hash (an admin tool, another worker). */
  const otherWriter = new ParkingLiveStateRedis(redis, keys, config);
  const batches: ParkingHistoryBatch[] = [];
  const parser = new ParkingParserService();
  // The source has no `static:` feed, so the reference service is never called.
  const ingest = new ParkingIngestService(
    config,
    live,
    { enqueue: async (batch) => void batches.push(batch) },
    undefined as unknown as StaticReferenceService,
    parser,
  );
  const reads = jest.spyOn(live, 'readSourceStates');
  let minute = 0;
  const poll = (free: Record<string, number>) => {
    minute += 1;
    const at = new Date(Date.UTC(2026, 0, 15, 8, minute));
    return ingest.ingest(source, Buffer.from(jsonFeed(free, at.toISOString())), at);
  };
  const stored = async (id: string) => JSON.parse((await redis.hget(keys.parkings(), id)) ?? 'null') as StoredParking;
  const revision = async () => Number(await redis.get(keys.parkingRevision(source.id)));

  beforeEach(async () => {
    await redis.del(keys.parkings(), keys.parkingGeo(), keys.changes(), keys.parkingRevision(source.id));
    parser.inlineKeeper.copy.drop(source.id);
    reads.mockClear();
    batches.length = 0;
  });

  afterAll(async () => {
    redis.disconnect();
    await iso.cleanup();
  });

  it('bumps the revision with each write, and a warm poll does not read the states again', async () => {
    expect((await poll({ a: 10, b: 20 })).changes).toBe(2);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await revision()).toBe(1);
    const unchanged = await poll({ a: 10, b: 20 });
    expect(unchanged.changes).toBe(0);
    expect(await revision()).toBe(1); // nothing written
    const changed = await poll({ a: 10, b: 19 });
    expect(changed.changes).toBe(1);
    expect(await revision()).toBe(2);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(parser.inlineKeeper.copy.get(source.id)?.revision).toBe(2);
    expect(batches.map((b) => b.observations.map((o) => [o.facilityId, o.free]))).toEqual([
      [
        ['rev:a', 10],
        ['rev:b', 20],
      ],
      [],
      [['rev:b', 19]],
    ]);
  });

  it('re-reads Redis after another writer bumped the revision, and diffs against what it wrote', async () => {
    await poll({ a: 10, b: 20 });
    const theirs = await stored('rev:a');
    await otherWriter.applyChanges([{ ...theirs, parking: { ...theirs.parking, free: 99 } }]);
    expect(await revision()).toBe(2);
    const next = await poll({ a: 10, b: 20 });
    expect(reads).toHaveBeenCalledTimes(2);
    // The copy said a = 10 (unchanged); Redis says 99, so a is a change back to 10.
    expect(next.changes).toBe(1);
    expect((await stored('rev:a')).parking).toMatchObject({ free: 10, trend: 'filling' });
    expect(await revision()).toBe(3);
  });

  it('drops the copy when its own write returns a revision other than the copied one + 1', async () => {
    await poll({ a: 10, b: 20 });
    // Another process writes b between this poll's check of the revision and its own write.
    const write = live.applySerialized.bind(live);
    jest.spyOn(live, 'applySerialized').mockImplementationOnce(async (changed) => {
      const theirs = await stored('rev:b');
      await otherWriter.applyChanges([{ ...theirs, parking: { ...theirs.parking, free: 55 } }]);
      return write(changed);
    });
    expect((await poll({ a: 11, b: 20 })).changes).toBe(1);
    expect(await revision()).toBe(3);
    expect(parser.inlineKeeper.copy.get(source.id)).toBeUndefined();
    // The next poll reads Redis again, so it sees b = 55 (its copy would have said 20).
    const next = await poll({ a: 11, b: 20 });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(next.changes).toBe(1);
    expect(batches.at(-1)?.observations.map((o) => [o.facilityId, o.free])).toEqual([['rev:b', 20]]);
  });

  it('drops the copy when its write fails, and reads Redis on the next poll', async () => {
    await poll({ a: 10 });
    jest.spyOn(live, 'applySerialized').mockRejectedValueOnce(new Error('connection lost'));
    await expect(poll({ a: 12 })).rejects.toThrow('connection lost');
    expect(parser.inlineKeeper.copy.get(source.id)).toBeUndefined();
    expect((await poll({ a: 12 })).changes).toBe(1);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('reads only the ids it never saw, as unknown rather than absent', async () => {
    await poll({ a: 10 });
    const next = await poll({ a: 10, c: 7 });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(reads.mock.calls[1]).toEqual([source.id, ['rev:c']]);
    expect(next.changes).toBe(1);
  });
});
