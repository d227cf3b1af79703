import { prepareResponse } from '../../common/http/cached-response.js';
import type { ChangeCursorPort } from '../../live/change-cursor.port.js';
import { ResponseCache } from './response-cache.js';

/** A cursor the test moves by hand (the Redis one is exercised by the e2e tests). */
class ManualCursor implements ChangeCursorPort {
  value = '1700000000000-0';
  down = false;
  latest(): Promise<string> {
    return this.down ? Promise.reject(new Error('redis down')) : Promise.resolve(this.value);
  }
}

describe('ResponseCache', () => {
  const answer = prepareResponse({ free: 3 }, { data: [{ free: 3 }] }, 30);

  it('reuses an answer while the change cursor stays and the TTL holds', async () => {
    const cursor = new ManualCursor();
    const cache = new ResponseCache(cursor);
    const first = await cache.lookup('json /v1/parkings', undefined, 1_000);
    expect(first).toEqual({ version: '1700000000000-0' });
    cache.store('json /v1/parkings', first.version, answer, '/v1/parkings', 1_000);
    expect((await cache.lookup('json /v1/parkings', undefined, 1_999)).hit).toBe(answer);
    expect((await cache.lookup('json /v1/parkings', undefined, 2_000)).hit).toBeUndefined();
    expect((await cache.lookup('geo /v1/parkings', undefined, 1_500)).hit).toBeUndefined();
  });

  it('never serves an answer from before a change', async () => {
    const cursor = new ManualCursor();
    const cache = new ResponseCache(cursor);
    cache.store('k', (await cache.lookup('k', undefined, 0)).version, answer, '/v1/parkings', 0);
    cursor.value = '1700000000001-0';
    expect(await cache.lookup('k', undefined, 10)).toEqual({ version: '1700000000001-0' });
  });

  it('uses a cursor already read during the request instead of reading one', async () => {
    const cursor = new ManualCursor();
    cursor.down = true;
    const cache = new ResponseCache(cursor);
    cache.store('k', (await cache.lookup('k', '5-0', 0)).version, answer, '/v1/parkings', 0);
    expect((await cache.lookup('k', '5-0', 10)).hit).toBe(answer);
    expect((await cache.lookup('k', '6-0', 10)).hit).toBeUndefined();
  });

  it('does not cache when the cursor cannot be read, nor past max-age 0', async () => {
    const cursor = new ManualCursor();
    const cache = new ResponseCache(cursor);
    cursor.down = true;
    const blind = await cache.lookup('k', undefined, 0);
    expect(blind).toEqual({});
    cache.store('k', blind.version, answer, '/v1/parkings', 0);
    cursor.down = false;
    expect((await cache.lookup('k', undefined, 1)).hit).toBeUndefined();
    const version = (await cache.lookup('z', undefined, 0)).version;
    cache.store('z', version, prepareResponse(1, 1, 0), '/v1/parkings', 0);
    expect((await cache.lookup('z', undefined, 0)).hit).toBeUndefined();
  });
});
