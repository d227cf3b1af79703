import { Redis } from 'ioredis';
import { appendChange, ChangeStreamRedis } from '../../src/infra/redis/change-stream.redis.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import type { ChangePayloads } from '../../src/live/change-stream.port.js';
import { type LiveEvent, toLiveEvent } from '../../src/live/live-event.js';
import type { Parking } from '../../src/parking/parking.model.js';
import { isolation, TEST_REDIS_URL } from '../support/test-env.js';

/** The change stream's Redis adapter on real Redis: what the typed write side appends, the port reads back. */
describe('ChangeStreamRedis (change-stream port) on real Redis', () => {
  const iso = isolation('change_stream_redis');
  const redis = new Redis(TEST_REDIS_URL);
  const keys = new RedisKeys(iso.prefix);
  const stream = new ChangeStreamRedis(redis, keys);
  const parking = { id: 'gp:1', name: 'Notre-Dame', location: { lat: 46.58, lon: 0.34 } } as unknown as Parking;

  const append = async <T extends keyof ChangePayloads>(type: T, id: string, data: ChangePayloads[T]) => {
    const multi = redis.multi();
    appendChange(multi, keys.changes(), 600_000, type, id, data);
    const [[error, cursor]] = (await multi.exec()) as Array<[Error | null, string]>;
    if (error) throw error;
    return cursor;
  };

  afterAll(async () => {
    await iso.cleanup();
    redis.disconnect();
  });

  it('reads the state of a stream that does not exist yet as 0-0', async () => {
    expect(await stream.state()).toEqual({ lastId: '0-0' });
  });

  it('returns appended entries by range and tail, decodable into the live events written', async () => {
    const first = await append('parking', parking.id, parking);
    const second = await append('alert', 'vitalis:a1', {
      alert: { id: 'vitalis:a1', routes: ['vitalis:1'], stops: [] } as unknown as ChangePayloads['alert']['alert'],
      removed: true,
    });

    const state = await stream.state();
    expect(state.lastId).toBe(second);
    expect(state.firstId).toBe(first);

    const pages: LiveEvent[][] = [];
    for await (const page of stream.range('0-0', second)) pages.push(page.map((e) => toLiveEvent(e) as LiveEvent));
    expect(pages.flat().map((e) => [e.cursor, e.name])).toEqual([
      [first, 'parking'],
      [second, 'alert'],
    ]);
    expect(pages.flat()[0].payload).toEqual({ cursor: first, parking });
    expect(pages.flat()[1].payload).toMatchObject({ cursor: second, removed: true });

    const tail = stream.openTail();
    try {
      expect((await tail.read(first, 10, 100)).map((e) => e.cursor)).toEqual([second]);
      expect(await tail.read(second, 10, 100)).toEqual([]);
      const later = tail.read(second, 10, 5_000);
      const third = await append('source', 'gp', { id: 'gp' } as unknown as ChangePayloads['source']);
      expect((await later).map((e) => e.cursor)).toEqual([third]);
    } finally {
      tail.close();
    }
  });
});

/** Checked by tsc only (never called): the write side takes exactly the payload of the type. */
export function writeSideIsTyped(multi: ReturnType<Redis['multi']>, parking: Parking): void {
  appendChange(multi, 'k', 1, 'parking', parking.id, parking);
  // @ts-expect-error a parking payload is not a departures payload
  appendChange(multi, 'k', 1, 'departures', 's1', parking);
  // @ts-expect-error unknown data is refused
  appendChange(multi, 'k', 1, 'vehicle', 'v1', {} as unknown);
  // @ts-expect-error only the change types of the map
  appendChange(multi, 'k', 1, 'weather', 'w1', {});
}
