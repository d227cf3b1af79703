import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig, TEST_REDIS_URL } from '../support/test-env.js';
import { append, pollNow, poitiersFeed, sleep, SseStream } from './live-test-kit.js';

jest.setTimeout(60_000);

const QUIET_MS = 800;

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/**
 * Issue #13: `curl -N /v1/stream` (as the README shows it) streams everything the caller may see,
 * and a bad SSE parameter is refused in REST's words (the parameter's name, not a socket.io field).
 */
describe('GET /v1/stream as everyday clients call it', () => {
  const iso = isolation('live_sse_defaults');
  const streams: SseStream[] = [];
  let operator: LocalOperator;
  let hub: RunningHub;
  let redis: Redis;

  async function sse(query: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const stream = await SseStream.open(`${hub.url}/v1/stream${query}`, headers);
    streams.push(stream);
    return stream;
  }

  async function errorOf(path: string, headers: Record<string, string> = {}): Promise<[number, ErrorBody]> {
    const res = await fetch(`${hub.url}${path}`, { headers });
    return [res.status, (await res.json()) as ErrorBody];
  }

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    hub = await startHub(
      testConfig(iso, { sourcesPath: writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`) }),
    );
    redis = new Redis(TEST_REDIS_URL);
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
  });

  afterAll(async () => {
    streams.forEach((s) => s.close());
    redis.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('without filters streams every car park (also one that appears later), alerts and sources', async () => {
    const stream = await sse('');
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const [ready] = await stream.waitFor(1);
    expect(ready).toMatchObject({ event: 'ready', data: { ok: true, resumed: false } });
    const snapshot = ready.data.snapshot as { parkings: Array<{ id: string }>; sources: Array<{ id: string }> };
    expect(snapshot.parkings).toHaveLength(10);
    expect(snapshot.sources.map((s) => s.id)).toEqual(['gp']);
    expect(Object.keys(snapshot).sort()).toEqual(['alerts', 'parkings', 'sources']);

    // Two car parks change and one appears that was not there when the stream started.
    const body = JSON.parse(poitiersFeed({ 0: 1, 1: 2 }, '2026-11-28T11:00:00Z')) as { items: object[] };
    body.items.push({
      id: '99',
      name: 'Nouveau',
      lat: 46.58,
      lon: 0.34,
      free: 5,
      total: 10,
      ts: '2026-11-28T11:00:00Z',
    });
    operator.setBody(JSON.stringify(body));
    await pollNow(hub);
    await append(redis, iso.prefix, 'alert', 'vitalis:a1', { alert: { id: 'vitalis:a1', routes: [], stops: [] } });
    await stream.waitFor(5);
    await sleep(QUIET_MS);
    const names = stream.names;
    expect(names).toEqual(
      expect.arrayContaining(['parking gp:0', 'parking gp:1', 'parking gp:99', 'alert vitalis:a1']),
    );
    expect(names.filter((n) => n.startsWith('parking'))).toHaveLength(3);
  });

  it.each([
    'near=abc',
    'near=abc&radius=100',
    'radius=100',
    'bbox=0.3,46.5,0.2,46.6',
    'bbox=1,2',
    'near=46.58,0.34&near=46.5,0.3&radius=100',
    'near=46.58,0.34&bbox=0.3,46.5,0.4,46.6',
  ])('refuses ?%s exactly as GET /v1/parkings does (400, same message and details)', async (query) => {
    const [restStatus, rest] = await errorOf(`/v1/parkings?${query}`);
    const [status, body] = await errorOf(`/v1/stream?${query}`);
    expect(restStatus).toBe(400);
    expect(status).toBe(400);
    expect(body).toEqual(rest);
  });

  it.each([
    ['near=46.58,0.34&radius=900000', 'radius', 'at most 5000 m'],
    ['near=46.58,0.34', 'radius', 'radius (m) is required with near'],
    ['bbox=0.1,46.5,0.5,46.6', 'bbox', 'each side at most 10000 m (this one: 30617 m)'],
    ['sources=true&since=yesterday', 'since', 'not a cursor (expected "<ms>-<seq>", as found in events)'],
    ['alerts=maybe', 'alerts', 'expected true or false'],
  ])('refuses ?%s naming the parameter %s, in REST words', async (query, parameter, message) => {
    const [status, body] = await errorOf(`/v1/stream?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { code: 'BAD_REQUEST', message: `${parameter}: ${message}`, details: [{ parameter, message }] },
    });
    expect(JSON.stringify(body)).not.toMatch(/area\.|\(payload\)/);
  });

  it('ignores an unknown parameter (a cache-buster) and says so in ready; refuses a typo naming the nearest', async () => {
    const stream = await sse('?sources=true&_=1733100000000');
    expect(stream.status).toBe(200);
    const [ready] = await stream.waitFor(1);
    expect(ready.data).toMatchObject({ ok: true, ignored: ['_'], snapshot: { sources: [{ id: 'gp' }] } });
    const [status, body] = await errorOf('/v1/stream?parking=gp:1');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: 'unknown parameter parking; did you mean parkings?',
        details: [{ parameter: 'parking', message: 'unknown parameter; did you mean parkings?' }],
      },
    });
  });

  it('names the Last-Event-ID header when it is what is wrong', async () => {
    const [status, body] = await errorOf('/v1/stream?sources=true', { 'last-event-id': 'junk' });
    expect(status).toBe(400);
    expect(body.error.details).toEqual([
      { parameter: 'Last-Event-ID', message: 'not a cursor (expected "<ms>-<seq>", as found in events)' },
    ]);
  });
});
