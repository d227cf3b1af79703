import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { connectLive, subscribeLive } from '../../src/live/live-client.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig, TEST_REDIS_URL } from '../support/test-env.js';
import { append, connected, EventLog, pollNow, poitiersFeed, sleep, Sockets, SseStream } from './live-test-kit.js';

jest.setTimeout(60_000);

const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };
const QUIET_MS = 800;

describe('GET /v1/stream: the live feed as Server-Sent Events', () => {
  const iso = isolation('live_sse');
  const sockets = new Sockets();
  const streams: SseStream[] = [];
  let operator: LocalOperator;
  let hub: RunningHub;
  let redis: Redis;
  let minute = 0;

  async function feed(free: Record<number, number>): Promise<void> {
    minute += 1;
    operator.setBody(poitiersFeed(free, `2026-11-28T11:${String(minute).padStart(2, '0')}:00Z`));
    await pollNow(hub);
  }

  async function sse(query: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const stream = await SseStream.open(`${hub.url}/v1/stream?${query}`, headers);
    streams.push(stream);
    return stream;
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
    sockets.closeAll();
    redis.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('starts with a ready event (the ack) and then sends the same events as socket.io, same cursors', async () => {
    const query = `near=${NOTRE_DAME.lat},${NOTRE_DAME.lon}&radius=100&parkings=gp:0`;
    const stream = await sse(query);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    const log = new EventLog(socket);
    await subscribeLive(socket, { area: { near: NOTRE_DAME, radius: 100 }, parkings: ['gp:0'] });

    const [ready] = await stream.waitFor(1);
    expect(ready).toMatchObject({ event: 'ready', data: { ok: true, resumed: false, subscription: 's1' } });
    expect(ready.id).toBe(ready.data.cursor);
    const snapshot = (ready.data.snapshot as { parkings: Array<{ id: string; free: number }> }).parkings;
    expect(snapshot.map((p) => `${p.id} ${p.free}`)).toEqual(['gp:1 73', 'gp:0 333']);

    await feed({ 0: 1, 1: 2, 6: 3, 12: 4 });
    await stream.waitFor(3);
    await log.waitFor(2);
    await sleep(QUIET_MS);
    expect(stream.names).toEqual(['parking gp:0', 'parking gp:1']);
    expect(log.names).toEqual(['parking gp:0', 'parking gp:1']);
    const sseEvents = stream.events.slice(1);
    expect(sseEvents.map((e) => e.id)).toEqual(log.events.map((e) => e.cursor));
    expect(sseEvents.map((e) => e.data)).toEqual(log.events.map((e) => e.payload));
  });

  it('resumes from Last-Event-ID with exactly the missed events', async () => {
    const first = await sse('parkings=gp:2,gp:3');
    await first.waitFor(1);
    await feed({ 0: 1, 1: 2, 6: 3, 12: 4, 2: 10 });
    const [, seen] = await first.waitFor(2);
    first.close();
    await feed({ 0: 1, 1: 2, 6: 3, 12: 4, 2: 11 });
    await feed({ 0: 1, 1: 2, 6: 3, 12: 5, 2: 11 });
    await feed({ 0: 1, 1: 2, 6: 3, 12: 5, 2: 11, 3: 12 });
    await feed({ 0: 1, 1: 2, 6: 3, 12: 5, 2: 13, 3: 12 });

    const again = await sse('parkings=gp:2,gp:3', { 'last-event-id': seen.id as string });
    const [ready] = await again.waitFor(4);
    await sleep(QUIET_MS);
    expect(ready).toMatchObject({
      event: 'ready',
      id: seen.id,
      data: { resumed: true, cursor: seen.id, snapshot: {} },
    });
    expect(
      again.events
        .slice(1)
        .map(
          (e) =>
            `${e.event} ${(e.data.parking as { id: string; free: number }).id} ${(e.data.parking as { free: number }).free}`,
        ),
    ).toEqual(['parking gp:2 11', 'parking gp:3 12', 'parking gp:2 13']);
  });

  it('carries transit events with the same filters', async () => {
    const stream = await sse('stops=vitalis:s1&alerts=true');
    await stream.waitFor(1);
    expect(stream.events[0].data.snapshot).toEqual({ departures: [], alerts: [] });
    await append(redis, iso.prefix, 'departures', 'vitalis:s2', { stopId: 'vitalis:s2', departures: [] });
    await append(redis, iso.prefix, 'departures', 'vitalis:s1', { stopId: 'vitalis:s1', departures: [] });
    await append(redis, iso.prefix, 'alert', 'vitalis:a1', { alert: { id: 'vitalis:a1', routes: [], stops: [] } });
    await stream.waitFor(3);
    await sleep(QUIET_MS);
    expect(stream.names).toEqual(['departures vitalis:s1', 'alert vitalis:a1']);
  });

  it.each([
    ['radius=100', /^radius: radius needs near$/],
    ['near=46.58,0.34&radius=900000', /^radius: at most 5000 m$/],
    ['bbox=0.3,46.5,0.2,46.6', /^bbox: .*min < max/],
    ['parking=gp:1', /^unknown parameter parking; did you mean parkings\?$/],
    ['parkings=,', /nothing to subscribe to/],
    ['sources=true&since=yesterday', /^since: not a cursor/],
  ])('refuses ?%s with 400 BAD_REQUEST', async (query, message) => {
    const res = await fetch(`${hub.url}/v1/stream?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(message);
  });
});
