import { io } from 'socket.io-client';
import type { LiveSocket } from '../../src/live/live-client.js';
import type { SourceEvent } from '../../src/live/live-protocol.js';
import { jsonFeed } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected } from './live-test-kit.js';

/**
 * Issue #14: a feed-health view follows `source` events; their times must not freeze while a
 * source stays `ok`. Its health is pushed on a status change and at least every
 * LIVE_SOURCE_REFRESH while it polls.
 */
describe('source health pushed while its status stays the same (LIVE_SOURCE_REFRESH)', () => {
  const iso = isolation('live_src_refresh');
  let operator: LocalOperator;
  let hub: RunningHub;
  let socket: LiveSocket | undefined;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 4 }, new Date().toISOString()));
    const sourcesPath = writeSources(`sources:
  - id: steady
    kind: parking
    format: json-mapping
    url: ${operator.url}
    interval: 500ms
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`);
    const base = testConfig(iso, { sourcesPath });
    hub = await startHub({ ...base, live: { ...base.live, sourceRefreshMs: 1_000 } });
  });
  afterAll(async () => {
    socket?.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('sends the ok source again about every second, with its newer poll time', async () => {
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/sources/steady`)).json()) as { status: string };
      return body.status === 'ok' ? true : undefined;
    });
    socket = io(`${hub.url}/live`, { reconnection: false, forceNew: true }) as LiveSocket;
    const events: SourceEvent[] = [];
    socket.on('source', (e) => events.push(e));
    await connected(socket);
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { sources: true })).toMatchObject({ ok: true });

    await waitFor(async () => (events.length >= 3 ? true : undefined), 8_000, 50);
    expect(events.every((e) => e.source.id === 'steady' && e.source.status === 'ok')).toBe(true);
    const polls = events.map((e) => Date.parse(e.source.lastPollAt ?? ''));
    for (let i = 1; i < polls.length; i++) {
      expect(polls[i]).toBeGreaterThan(polls[i - 1] as number);
      // At most one every refresh period (a poll lands at most one interval after it is due).
      expect((polls[i] as number) - (polls[i - 1] as number)).toBeGreaterThanOrEqual(1_000);
    }
  }, 30_000);
});
