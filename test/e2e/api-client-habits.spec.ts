import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import { startHerrenbergHub } from './api-support.js';

/** Issue #13: what everyday REST clients do (cache-busters, typos, ...) gets an answer that helps. */

interface ListBody {
  data: Array<{ id: string; name: string }>;
  meta: { count: number; next: string | null; ignored?: string[]; hint?: string };
}
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ parameter: string; message: string }> };
}

const ALTSTADT = '48.593768,8.872705';

describe('REST client habits (issue #13)', () => {
  const iso = isolation('api_habits');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  describe('unknown query parameters', () => {
    it('a cache-buster is ignored and listed in meta.ignored', async () => {
      const res = await fetch(`${base}/v1/parkings?near=${ALTSTADT}&radius=300&_=1733100000000&callback=x`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as ListBody;
      expect(body.meta.count).toBe(7);
      expect(body.meta.ignored).toEqual(['_', 'callback']);
      const plain = (await (await fetch(`${base}/v1/parkings?near=${ALTSTADT}&radius=300`)).json()) as ListBody;
      expect(plain.meta).not.toHaveProperty('ignored');
      expect(plain.data).toEqual(body.data);
    });

    it.each([
      ['/v1/parkings/herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a/history?_=1', 200],
      ['/v1/stops?_=1', 200],
      ['/v1/routes?_=1', 200],
      ['/v1/vehicles?_=1', 200],
      ['/v1/alerts?_=1', 200],
      ['/v1/sources/herrenberg/outages?_=1', 200],
    ])('%s: ignored too', async (path, status) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(status);
      expect(((await res.json()) as ListBody).meta.ignored).toEqual(['_']);
    });

    it.each([
      ['/v1/parkings?near=48.59,8.87&radus=300', 'radus', 'radius'],
      ['/v1/parkings?limt=5', 'limt', 'limit'],
      ['/v1/parkings?minfree=5', 'minfree', 'minFree'],
      ['/v1/stops?limt=5', 'limt', 'limit'],
      [
        '/v1/parkings/herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a/history?form=2025-01-01T00:00:00Z',
        'form',
        'from',
      ],
      ['/v1/sources/herrenberg/outages?cursr=x', 'cursr', 'cursor'],
    ])('%s: a typo of a known name is a 400 naming the nearest one', async (path, typo, meant) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toBe(`unknown parameter ${typo}; did you mean ${meant}?`);
      expect(body.error.details).toEqual([{ parameter: typo, message: `unknown parameter; did you mean ${meant}?` }]);
    });
  });

  describe('a parameter given twice', () => {
    it.each([
      ['/v1/parkings?limit=1&limit=2', 'limit', 2],
      ['/v1/parkings?near=48.59,8.87&near=48.6,8.8&near=1,2', 'near', 3],
      ['/v1/stops?q=a&q=b', 'q', 2],
      ['/v1/sources/herrenberg/outages?limit=1&limit=1', 'limit', 2],
    ])('%s: a 400 saying it was given more than once', async (path, parameter, times) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.message).toBe(`${parameter}: given ${times} times; give it once`);
      expect(body.error.details).toEqual([{ parameter, message: `given ${times} times; give it once` }]);
    });

    it('a repeated unknown parameter is still only ignored', async () => {
      const res = await fetch(`${base}/v1/parkings?limit=2&_=1&_=2`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as ListBody).meta.ignored).toEqual(['_']);
    });
  });
});
