import { jest } from '@jest/globals';
import { connectLive, subscribeLive } from '../../src/live/live-client.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { ShutdownCoordinator } from '../../src/ops/shutdown/shutdown-coordinator.service.js';
import { connected, EventLog, pollNow, poitiersFeed, sleep, Sockets, SseStream } from './live-test-kit.js';

jest.setTimeout(90_000);

const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };

/**
 * Production shape: a worker process polls, two API processes serve sockets. They share
 * nothing but Redis (in-process here, each with its own Nest app, Redis connections and registry).
 */
describe('live feed across processes: worker -> Redis stream -> API A and API B', () => {
  const iso = isolation('live_multi');
  const sockets = new Sockets();
  let operator: LocalOperator;
  let worker: RunningHub;
  let apiA: RunningHub;
  let apiB: RunningHub;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    const sourcesPath = writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`);
    apiA = await startHub(testConfig(iso, { role: 'api', sourcesPath }));
    apiB = await startHub(testConfig(iso, { role: 'api', sourcesPath }));
    worker = await startHub(testConfig(iso, { role: 'worker', sourcesPath }));
    await waitFor(async () => {
      const body = (await (await fetch(`${apiB.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
  });

  afterAll(async () => {
    sockets.closeAll();
    await worker.close();
    await apiA.close();
    await apiB.close();
    await operator.close();
    await iso.cleanup();
  });

  it('a change polled by the worker reaches a client on API A and a client on API B, identically', async () => {
    const onA = sockets.add(await connected(connectLive(apiA.url as string)));
    const onB = sockets.add(await connected(connectLive(apiB.url as string)));
    const [logA, logB] = [new EventLog(onA), new EventLog(onB)];
    await subscribeLive(onA, { area: { near: NOTRE_DAME, radius: 100 } });
    await subscribeLive(onB, { parkings: ['gp:1'] });

    operator.setBody(poitiersFeed({ 1: 7, 12: 8 }, '2026-11-28T10:01:00Z'));
    await pollNow(worker);
    await logA.waitFor(1);
    await logB.waitFor(1);
    await sleep(800);
    expect(logA.names).toEqual(['parking gp:1']);
    expect(logB.names).toEqual(['parking gp:1']);
    expect(logA.events[0].payload).toEqual(logB.events[0].payload);
    expect(logA.events[0].payload).toMatchObject({ parking: { id: 'gp:1', name: 'NOTRE DAME', free: 7 } });
  });

  it('a client that saw a cursor on API A resumes from it on API B', async () => {
    const onA = sockets.add(await connected(connectLive(apiA.url as string)));
    const logA = new EventLog(onA);
    await subscribeLive(onA, { parkings: ['gp:1'] });
    operator.setBody(poitiersFeed({ 1: 6, 12: 8 }, '2026-11-28T10:02:00Z'));
    await pollNow(worker);
    const [seen] = await logA.waitFor(1);
    onA.disconnect();

    operator.setBody(poitiersFeed({ 1: 5, 12: 8 }, '2026-11-28T10:03:00Z'));
    await pollNow(worker);
    const onB = sockets.add(await connected(connectLive(apiB.url as string, { cursor: seen.cursor })));
    const logB = new EventLog(onB);
    expect(await subscribeLive(onB, { parkings: ['gp:1'] })).toMatchObject({ resumed: true, cursor: seen.cursor });
    await logB.waitFor(1);
    await sleep(800);
    expect(logB.events.map((e) => (e.payload.parking as { free: number }).free)).toEqual([5]);
  });

  it('on shutdown, API A closes its live connections so clients reconnect elsewhere, and refuses new ones', async () => {
    const onA = sockets.add(await connected(connectLive(apiA.url as string)));
    await subscribeLive(onA, { parkings: ['gp:1'] });
    const stream = await SseStream.open(`${apiA.url}/v1/stream?parkings=gp:1`);
    await stream.waitFor(1);
    const reason = new Promise<string>((resolve) => onA.once('disconnect', (r) => resolve(r)));
    await apiA.app.get(ShutdownCoordinator).begin(2_000);
    // "transport close" (not "io server disconnect"): socket.io-client reconnects by itself.
    expect(await reason).toBe('transport close');
    await stream.ended;
    const late = sockets.add(connectLive(apiA.url as string, { reconnection: false }));
    const refused = (await connected(late).catch((e: unknown) => e)) as Error & { data?: { code: string } };
    expect(refused.data?.code).toBe('UNAVAILABLE');
    expect((await fetch(`${apiA.url}/v1/stream?parkings=gp:1`)).status).toBe(503);
  });
});
