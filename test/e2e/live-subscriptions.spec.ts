import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { connectLive, subscribeLive, unsubscribeLive, type LiveSocket } from '../../src/live/live-client.js';
import type { SubscribeAck, SubscribeOk } from '../../src/live/live-protocol.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig, TEST_REDIS_URL } from '../support/test-env.js';
import { append, connected, EventLog, increasing, pollNow, poitiersFeed, sleep, Sockets } from './live-test-kit.js';

jest.setTimeout(60_000);

// Real Poitiers car parks (ids from the Grand Poitiers dataset): 1 NOTRE DAME, 6 CORDELIERS (126 m from it,
// same grid cell), 0 BLOSSAC TISON, 100 P+R MILETRIE, 9 GARE TOUMAI, 11 ARRET MINUTE, 5 GARE EFFIA,
// 3 THEATRE (same cell as the station, outside the bbox below), 12 PALAIS DE JUSTICE.
const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };
const STATION_BBOX: [number, number, number, number] = [0.332, 46.581, 0.336, 46.584];
const QUIET_MS = 800;

describe('live feed subscriptions (socket.io /live, real Redis)', () => {
  const iso = isolation('live_subs');
  const sockets = new Sockets();
  let operator: LocalOperator;
  let hub: RunningHub;
  let redis: Redis;
  const clients: Record<string, { socket: LiveSocket; log: EventLog; ack: SubscribeOk }> = {};

  async function client(name: string, request: Parameters<typeof subscribeLive>[1]) {
    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    const log = new EventLog(socket);
    const ack = await subscribeLive(socket, request);
    clients[name] = { socket, log, ack };
    return clients[name];
  }

  const names = () => Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, c.log.names]));

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    const config = testConfig(iso, {
      sourcesPath: writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`),
    });
    config.live = { ...config.live, maxSubscriptions: 3, maxIdsPerSubscription: 50 };
    hub = await startHub(config);
    redis = new Redis(TEST_REDIS_URL);
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
    await client('area', { area: { near: NOTRE_DAME, radius: 100 } });
    await client('ids', { parkings: ['gp:0', 'gp:100'] });
    await client('bbox', { area: { bbox: STATION_BBOX } });
    await client('stop', { stops: ['vitalis:s1'] });
    await client('route', { routes: ['vitalis:1'] });
    await client('alertsSources', { alerts: true, sources: true });
  });

  afterAll(async () => {
    sockets.closeAll();
    redis.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('acks with a cursor and a snapshot of exactly the matching car parks', () => {
    const ids = (ack: SubscribeOk) => ack.snapshot.parkings?.map((p) => `${p.id} ${p.name} ${p.free}/${p.capacity}`);
    expect(ids(clients.area.ack)).toEqual(['gp:1 NOTRE DAME 73/146']);
    expect(clients.area.ack.snapshot.parkings?.[0].distance).toBe(0);
    expect(ids(clients.ids.ack)).toEqual(['gp:0 BLOSSAC TISON 333/665', 'gp:100 P+R MILETRIE 150/300']);
    expect(ids(clients.bbox.ack)?.sort()).toEqual([
      'gp:11 ARRET MINUTE 69/137',
      'gp:5 GARE EFFIA 240/480',
      'gp:9 GARE TOUMAI 320/640',
    ]);
    expect(clients.area.ack).toMatchObject({ ok: true, resumed: false, subscription: 's1' });
    expect(clients.area.ack.cursor).toMatch(/^\d+-\d+$/);
    // No transit source in this hub: transit snapshots are empty (live-transit.spec.ts has real ones).
    expect(clients.stop.ack.snapshot).toEqual({ departures: [], alerts: [] });
    expect(clients.route.ack.snapshot).toEqual({ vehicles: [], alerts: [] });
    expect(clients.alertsSources.ack.snapshot.alerts).toEqual([]);
    expect(clients.alertsSources.ack.snapshot.sources?.map((s) => `${s.id} ${s.status} ${s.entities}`)).toEqual([
      'gp ok 10',
    ]);
  });

  it('pushes each parking change to exactly the subscriptions it matches', async () => {
    operator.setBody(poitiersFeed({ 1: 10, 6: 11, 0: 12, 9: 13, 12: 14, 3: 15 }, '2026-11-28T10:01:00Z'));
    await pollNow(hub);
    await clients.area.log.waitFor(1);
    await clients.ids.log.waitFor(1);
    await clients.bbox.log.waitFor(1);
    await sleep(QUIET_MS);
    expect(names()).toEqual({
      area: ['parking gp:1'],
      ids: ['parking gp:0'],
      bbox: ['parking gp:9'],
      stop: [],
      route: [],
      alertsSources: [],
    });
    expect(clients.area.log.events[0].payload).toMatchObject({ parking: { id: 'gp:1', name: 'NOTRE DAME', free: 10 } });
    expect(clients.ids.log.events[0].payload).toMatchObject({ parking: { free: 12, capacity: 665 } });
    const cursors = [clients.ids, clients.area, clients.bbox].map((c) => c.log.events[0].cursor);
    expect(increasing(cursors)).toBe(true); // feed order: 0, 1, 9
    expect(increasing([clients.area.ack.cursor, cursors[0]])).toBe(true);
  });

  it('reports clients, subscriptions and pushes in /metrics', async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    const value = (line: string) =>
      Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('hub_live_clients{transport="socketio"}')).toBe(6);
    expect(value('hub_live_subscriptions{transport="socketio"}')).toBe(6);
    expect(value('hub_live_pushes_total{transport="socketio",type="parking"}')).toBe(3);
    expect(value('hub_live_clients{transport="sse"}')).toBe(0);
  });

  it('an unchanged poll pushes nothing', async () => {
    Object.values(clients).forEach((c) => c.log.clear());
    operator.setBody(poitiersFeed({ 1: 10, 6: 11, 0: 12, 9: 13, 12: 14, 3: 15 }, '2026-11-28T10:02:00Z'));
    await pollNow(hub);
    await sleep(QUIET_MS * 2);
    expect(Object.values(names()).flat()).toEqual([]);
  });

  it('routes transit events by stop, route and alerts', async () => {
    const departures = (stopId: string, routes: string[]) => ({
      stopId,
      departures: routes.map((route, i) => ({
        stopId,
        route: { id: route, shortName: route.split(':')[1], longName: null, color: null },
        tripId: `vitalis:t${i}`,
        headsign: 'Gare',
        scheduledTime: '2026-11-28T10:10:00Z',
        estimatedTime: '2026-11-28T10:11:00Z',
        delay: 60,
        realtime: true,
        status: 'delayed',
      })),
    });
    const vehicle = (id: string, routeId: string) => ({
      id,
      source: 'vitalis',
      routeId,
      location: NOTRE_DAME,
      stale: false,
    });
    const alert = (id: string, routes: string[], stops: string[]) => ({
      id,
      source: 'vitalis',
      routes,
      stops,
      header: id,
    });
    await append(redis, iso.prefix, 'departures', 'vitalis:s1', departures('vitalis:s1', ['vitalis:1', 'vitalis:2']));
    await append(redis, iso.prefix, 'departures', 'vitalis:s2', departures('vitalis:s2', ['vitalis:2']));
    await append(redis, iso.prefix, 'vehicle', 'vitalis:v7', vehicle('vitalis:v7', 'vitalis:1'));
    await append(redis, iso.prefix, 'vehicle', 'vitalis:v8', vehicle('vitalis:v8', 'vitalis:3'));
    await append(redis, iso.prefix, 'alert', 'vitalis:a1', {
      alert: alert('vitalis:a1', ['vitalis:2'], ['vitalis:s9']),
    });
    await append(redis, iso.prefix, 'alert', 'vitalis:a2', {
      alert: alert('vitalis:a2', ['vitalis:1'], []),
      removed: true,
    });
    await clients.route.log.waitFor(3);
    await clients.alertsSources.log.waitFor(2);
    await sleep(QUIET_MS);
    expect(names()).toEqual({
      area: [],
      ids: [],
      bbox: [],
      stop: ['departures vitalis:s1'],
      route: ['departures vitalis:s1', 'vehicle vitalis:v7', 'alert vitalis:a2'],
      alertsSources: ['alert vitalis:a1', 'alert vitalis:a2'],
    });
    expect(clients.stop.log.events[0].payload).toMatchObject({ stopId: 'vitalis:s1', departures: [{ delay: 60 }, {}] });
    expect(clients.alertsSources.log.events[1].payload).toMatchObject({ removed: true, alert: { id: 'vitalis:a2' } });
    expect(clients.alertsSources.log.events[0].payload).not.toHaveProperty('removed');
  });

  it('pushes a source event when a source changes status, and nothing else', async () => {
    Object.values(clients).forEach((c) => c.log.clear());
    operator.setBody('{"items": [ not json');
    await expect(pollNow(hub)).rejects.toThrow();
    await clients.alertsSources.log.waitFor(1);
    operator.setBody(poitiersFeed({ 1: 10, 6: 11, 0: 12, 9: 13, 12: 14, 3: 15 }, '2026-11-28T10:03:00Z'));
    await pollNow(hub);
    await clients.alertsSources.log.waitFor(2);
    await sleep(QUIET_MS);
    expect(names()).toEqual({
      area: [],
      ids: [],
      bbox: [],
      stop: [],
      route: [],
      alertsSources: ['source gp', 'source gp'],
    });
    expect(clients.alertsSources.log.events.map((e) => (e.payload.source as { status: string }).status)).toEqual([
      'degraded',
      'ok',
    ]);
  });

  it('stops pushing after unsubscribe', async () => {
    const { socket, log, ack } = clients.ids;
    await unsubscribeLive(socket, ack.subscription);
    operator.setBody(poitiersFeed({ 1: 10, 6: 11, 0: 99, 9: 13, 12: 14, 3: 15 }, '2026-11-28T10:04:00Z'));
    await pollNow(hub);
    await sleep(QUIET_MS * 2);
    expect(log.names).toEqual([]);
  });

  it('answers a bad request with an error ack and a code, and keeps the connection usable', async () => {
    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    const send = (payload: unknown) =>
      socket.timeout(5_000).emitWithAck('subscribe', payload as never) as Promise<SubscribeAck>;
    expect(await send({})).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/nothing to subscribe/) },
    });
    expect(await send('parkings')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await send({ area: { near: NOTRE_DAME, radius: 50_000 } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'area.radius: at most 5000 m' },
    });
    const tooMany = Array.from({ length: 51 }, (_, i) => `gp:${i}`);
    expect(await send({ parkings: tooMany })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'parkings: at most 50 ids per subscription' },
    });
    expect(await socket.timeout(5_000).emitWithAck('unsubscribe', { subscription: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    (socket.emit as (event: string, payload: unknown) => void)('subscribe', { sources: true }); // no ack callback
    for (const id of ['gp:1', 'gp:2']) expect(await send({ parkings: [id] })).toMatchObject({ ok: true });
    expect(await send({ parkings: ['gp:3'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', details: { limit: 'maxSubscriptions', max: 3 } },
    });
    expect(socket.connected).toBe(true);
  });
});
