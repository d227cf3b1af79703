import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { connectLive, subscribeLive, unsubscribeLive, type LiveSocket } from '../../src/live/live-client.js';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../src/live/live.gateway.js';
import { SubscriptionRegistry } from '../../src/live/subscription-registry.js';
import { connected, poitiersFeed, Sockets } from '../e2e/live-test-kit.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

jest.setTimeout(120_000);

const FLOODERS = 3;
const EMITS_PER_SOCKET = 20_000;
/** What another client may wait while the flood runs (a REST call or a subscribe ack). */
const FAST_MS = 1_000;
const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };

interface FlooderReport {
  id: string;
  emitted: number;
  acks: Record<string, number>;
  reason: string | null;
}

/** The flooders run in their own process: a flood from this one would stall the hub's event loop by itself. */
class Flood {
  private readonly child: ChildProcess;
  readonly done: Promise<FlooderReport[]>;
  private readonly ready: Promise<void>;

  constructor(url: string) {
    this.child = fork(path.join(process.cwd(), 'test/resilience/support/socket-flooder.mjs'), [
      url,
      String(FLOODERS),
      String(EMITS_PER_SOCKET),
    ]);
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`flooder exited with ${code} before it was ready`)));
      this.child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    });
    this.done = new Promise((resolve, reject) => {
      this.child.on(
        'message',
        (m: { type: string; sockets: FlooderReport[] }) => m.type === 'done' && resolve(m.sockets),
      );
      this.child.once('exit', (code) => reject(new Error(`flooder exited with ${code}`)));
    });
    this.done.catch(() => undefined);
  }

  async start(): Promise<void> {
    await this.ready;
    this.child.send({ type: 'go' });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

describe('socket.io flood: per-socket event limits keep other clients fast and drop the flooders', () => {
  const iso = isolation('socket_flood');
  const sockets = new Sockets();
  let operator: LocalOperator;
  let hub: RunningHub;
  let probe: LiveSocket;
  let flood: Flood | undefined;
  let maxSubscriptions: number;
  let maxIds: number;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    const config = testConfig(iso, {
      sourcesPath: writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`),
    });
    maxSubscriptions = config.live.maxSubscriptions;
    maxIds = config.live.maxIdsPerSubscription;
    hub = await startHub({ ...config, access: { ...config.access, anonymousPerMinute: 100_000 } });
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
    probe = sockets.add(await connected(connectLive(hub.url as string)));
  });

  afterAll(async () => {
    flood?.kill();
    sockets.closeAll();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  /** One REST call and one subscribe (+ unsubscribe) of a well-behaved client, timed. */
  async function probeOnce(): Promise<{ restMs: number; subscribeMs: number }> {
    const t0 = performance.now();
    const res = await fetch(`${hub.url}/v1/parkings?near=46.5835,0.345&radius=1000`, {
      signal: AbortSignal.timeout(30_000),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const restMs = performance.now() - t0;
    const t1 = performance.now();
    const ack = await subscribeLive(probe, { area: { near: NOTRE_DAME, radius: 500 } }, 30_000);
    const subscribeMs = performance.now() - t1;
    expect(ack.snapshot.parkings?.length).toBeGreaterThan(0);
    await unsubscribeLive(probe, ack.subscription, 30_000);
    return { restMs, subscribeMs };
  }

  it(`${FLOODERS} sockets emitting ${EMITS_PER_SOCKET} subscribes each: others stay fast, flooders are disconnected`, async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const baseline = [await probeOnce(), await probeOnce(), await probeOnce()];
    flood = new Flood(hub.url as string);
    await flood.start();
    let finished = false;
    const reports = flood.done.finally(() => (finished = true));
    const during: Array<{ restMs: number; subscribeMs: number }> = [];
    while (!finished || during.length < 5) {
      during.push(await probeOnce());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const flooders = await reports;
    const worst = (list: typeof during, key: 'restMs' | 'subscribeMs') => Math.max(...list.map((p) => p[key]));
    const summary = {
      baseline: { restMs: worst(baseline, 'restMs'), subscribeMs: worst(baseline, 'subscribeMs') },
      during: { probes: during.length, restMs: worst(during, 'restMs'), subscribeMs: worst(during, 'subscribeMs') },
      flooders,
    };
    // Relative to the same run's baseline, not a tight absolute figure: a slow machine stays within a second.
    expect(summary.during.restMs).toBeLessThan(summary.baseline.restMs + FAST_MS);
    expect(summary.during.subscribeMs).toBeLessThan(summary.baseline.subscribeMs + FAST_MS);
    for (const flooder of flooders) {
      // Dropped by the server, long before its 20,000 emits were all taken...
      expect({ reason: flooder.reason, summary }).toMatchObject({ reason: 'io server disconnect' });
      // ...after being told why on the emits it was refused.
      expect(flooder.acks.RATE_LIMITED).toBeGreaterThan(0);
      // Subscribes arriving together cannot pass the per-connection limit between its check and the registration.
      expect(flooder.acks.ok ?? 0).toBeLessThanOrEqual(maxSubscriptions);
    }
    // Each drop logged once, naming the socket and where it came from.
    const drops = warnings.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('events refused'));
    warnings.mockRestore();
    expect(drops).toHaveLength(FLOODERS);
    for (const flooder of flooders) {
      expect(drops.filter((m) => m.startsWith(`socket ${flooder.id} from 127.0.0.1 disconnected`))).toHaveLength(1);
    }
    // Nothing of the flood is left registered: the probe's subscriptions are gone too.
    expect(hub.app.get(SubscriptionRegistry).stats().subscriptions).toBe(0);
  });

  it(`a message over ${MAX_CLIENT_MESSAGE_BYTES} bytes closes its connection; the largest valid subscribe fits`, async () => {
    const ids = (n: number, length: number) => Array.from({ length: n }, (_, i) => `gp:${i}`.padEnd(length, 'x'));
    const max = maxIds;
    const fits = sockets.add(await connected(connectLive(hub.url as string)));
    const ack = await subscribeLive(fits, { parkings: ids(max, 36), stops: ids(max, 36), routes: ids(max, 36) });
    expect(ack.ok).toBe(true);
    const big = sockets.add(await connected(connectLive(hub.url as string)));
    const reason = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('subscribe', { parkings: ids(3 * max, 48) }, () => undefined);
    expect(await reason).toBe('transport close');
    expect(fits.connected).toBe(true);
  });

  it('the probe client was never limited and is still connected', async () => {
    expect(probe.connected).toBe(true);
    const ack = await subscribeLive(probe, { parkings: ['gp:1'] });
    expect(ack.snapshot.parkings?.map((p) => p.id)).toEqual(['gp:1']);
  });
});
