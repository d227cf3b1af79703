import { jest } from '@jest/globals';
import { connectLive, subscribeLive, type LiveSocket } from '../../src/live/live-client.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected, EventLog, increasing, pollNow, poitiersFeed, sleep, Sockets } from './live-test-kit.js';

jest.setTimeout(90_000);

const WINDOW_MS = 10_000;
const QUIET_MS = 800;
const WATCHED = ['gp:1', 'gp:2', 'gp:3'];

describe('live feed resume: cursors, replay window (socket.io /live, real Redis)', () => {
  const iso = isolation('live_resume');
  const sockets = new Sockets();
  let operator: LocalOperator;
  let hub: RunningHub;
  let lateApi: RunningHub | undefined;
  let free: Record<number, number> = {};
  let minute = 0;
  let lastSeen = '';

  /** One poll with one car park changed: exactly one change event. */
  async function change(id: number, value: number): Promise<void> {
    free = { ...free, [id]: value };
    minute += 1;
    operator.setBody(poitiersFeed(free, `2026-11-28T10:${String(minute).padStart(2, '0')}:00Z`));
    await pollNow(hub);
  }

  async function open(url: string, cursor?: string): Promise<{ socket: LiveSocket; log: EventLog }> {
    const socket = sockets.add(connectLive(url, { cursor }));
    const log = new EventLog(socket);
    await connected(socket);
    return { socket, log };
  }

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    const sources = writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`);
    hub = await startHub(testConfig(iso, { sourcesPath: sources, replayWindowMs: WINDOW_MS }));
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
  });

  afterAll(async () => {
    sockets.closeAll();
    await lateApi?.close();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('disconnect, 3 updates, reconnect with the cursor: exactly those 3, in order', async () => {
    const first = await open(hub.url as string);
    await subscribeLive(first.socket, { parkings: WATCHED });
    await change(1, 41);
    const [seen] = await first.log.waitFor(1);
    lastSeen = seen.cursor;
    first.socket.disconnect();

    await change(2, 42);
    await change(12, 43); // not watched
    await change(1, 44);
    await change(3, 45);

    // Resume through the handshake cursor (what a reconnecting client sends)...
    const viaHandshake = await open(hub.url as string, lastSeen);
    const ack = await subscribeLive(viaHandshake.socket, { parkings: WATCHED });
    expect(ack).toMatchObject({ ok: true, resumed: true, cursor: lastSeen, snapshot: {} });
    // ...and through `since` in the subscribe itself.
    const viaSince = await open(hub.url as string);
    expect(await subscribeLive(viaSince.socket, { parkings: WATCHED, since: lastSeen })).toMatchObject({
      resumed: true,
    });

    for (const { log } of [viaHandshake, viaSince]) {
      await log.waitFor(3);
      await sleep(QUIET_MS);
      expect(log.events.map((e) => `${e.id} ${(e.payload.parking as { free: number }).free}`)).toEqual([
        'gp:2 42',
        'gp:1 44',
        'gp:3 45',
      ]);
      expect(increasing([lastSeen, ...log.events.map((e) => e.cursor)])).toBe(true);
    }
    expect(viaHandshake.log.events.map((e) => e.cursor)).toEqual(viaSince.log.events.map((e) => e.cursor));

    // Live events follow the replay.
    await change(2, 46);
    await viaSince.log.waitFor(4);
    expect(viaSince.log.names.at(-1)).toBe('parking gp:2');
  });

  it('an API process started after the updates replays them from the Redis stream', async () => {
    const config = testConfig(iso, {
      role: 'api',
      replayWindowMs: WINDOW_MS,
      sourcesPath: writeSources('sources: []\n'),
    });
    lateApi = await startHub(config);
    const { socket, log } = await open(lateApi.url as string, lastSeen);
    expect(await subscribeLive(socket, { parkings: WATCHED })).toMatchObject({ resumed: true, cursor: lastSeen });
    await log.waitFor(4);
    await sleep(QUIET_MS);
    expect(log.events.map((e) => `${e.id} ${(e.payload.parking as { free: number }).free}`)).toEqual([
      'gp:2 42',
      'gp:1 44',
      'gp:3 45',
      'gp:2 46',
    ]);
  });

  it('since: null asks for a snapshot even with a handshake cursor', async () => {
    const { socket } = await open(hub.url as string, lastSeen);
    const ack = await subscribeLive(socket, { parkings: WATCHED, since: null });
    expect(ack.resumed).toBe(false);
    expect(ack.snapshot.parkings?.map((p) => `${p.id} ${p.free}`)).toEqual(['gp:1 44', 'gp:2 46', 'gp:3 45']);
  });

  it('a cursor this stream never gave (from the future) gets resumed: false and a snapshot', async () => {
    const { socket } = await open(hub.url as string);
    const ack = await subscribeLive(socket, { parkings: ['gp:3'], since: `${Date.now() + 60_000}-0` });
    expect(ack).toMatchObject({ resumed: false, snapshot: { parkings: [{ id: 'gp:3', free: 45 }] } });
  });

  it('a cursor older than the replay window gets resumed: false and a fresh snapshot', async () => {
    const age = Date.now() - Number(lastSeen.split('-')[0]);
    await sleep(Math.max(0, WINDOW_MS - age + 500));
    const { socket, log } = await open(hub.url as string, lastSeen);
    const ack = await subscribeLive(socket, { parkings: WATCHED });
    expect(ack.resumed).toBe(false);
    expect(ack.snapshot.parkings?.map((p) => `${p.id} ${p.free}`)).toEqual(['gp:1 44', 'gp:2 46', 'gp:3 45']);
    expect(increasing([lastSeen, ack.cursor])).toBe(true);
    await sleep(QUIET_MS);
    expect(log.names).toEqual([]);
  });
});
