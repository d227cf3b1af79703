import { io } from 'socket.io-client';
import type { LiveSocket } from '../../src/live/live-client.js';
import type { ParkingEvent } from '../../src/live/live-protocol.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected } from './live-test-kit.js';

/**
 * Issue #13: a car park whose operator time is days old (a dead sensor) while its feed polls fine
 * is served `stale: true` by REST; the live feed must not push it as fresh.
 */
describe('a dead sensor on the live feed', () => {
  const iso = isolation('live_stale');
  let operator: LocalOperator;
  let hub: RunningHub;
  let socket: LiveSocket | undefined;
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ dead: 10, alive: 20 }, twoDaysAgo));
    const sourcesPath = writeSources(`sources:${jsonFeedSource('old', operator.url, '500ms')}`);
    hub = await startHub(testConfig(iso, { sourcesPath }));
  });
  afterAll(async () => {
    socket?.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('pushes the change of a car park with a days-old time as stale, as REST serves it', async () => {
    const rest = await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings/old:dead`)).json()) as { stale?: boolean };
      return body.stale === undefined ? undefined : body;
    });
    expect(rest.stale).toBe(true);

    socket = io(`${hub.url}/live`, { reconnection: false, forceNew: true }) as LiveSocket;
    const events: ParkingEvent[] = [];
    socket.on('parking', (e) => events.push(e));
    await connected(socket);
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { parkings: ['old:dead'] })).toMatchObject({
      ok: true,
    });
    // The dead sensor's count moves (its time does not): the change goes out, flagged.
    operator.setBody(jsonFeed({ dead: 11, alive: 20 }, twoDaysAgo));
    const pushed = await waitFor(async () => events.find((e) => e.parking.free === 11), 10_000, 50);
    expect(pushed.parking).toMatchObject({ id: 'old:dead', stale: true, observedAt: twoDaysAgo });
  }, 30_000);
});
