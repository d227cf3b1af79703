import { type ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { jest } from '@jest/globals';
import { SubscriptionRegistry } from '../../src/live/subscription-registry.js';
import { increasing, pollNow, poitiersFeed } from '../e2e/live-test-kit.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * 2,000 socket.io clients reconnecting at once (issue #11): every client of /live is subscribed,
 * all their sockets close in the same tick and reopen in the same tick, each resuming from its
 * cursor, while car parks change before and during the storm. Clients run in a child process
 * (support/reconnect-storm-clients.mjs), each with its own X-Forwarded-For address as behind a
 * load balancer (HUB_TRUST_PROXY=loopback, the default). Loopback only, own prefix and schema.
 */
jest.setTimeout(90_000);

const CLIENTS = 2_000;
/**
 * All clients back and subscribed after the storm: measured 12-20 s on the shared 2-core machine
 * at load ~9 (other test runs), with the clients' process on the same cores; 1,000 clients: 9 s.
 */
const BACK_WITHIN_MS = 30_000;
/**
 * The slowest REST call while the storm runs: measured 10-17 s in the same runs. The storm's
 * handshakes hold the one event loop of the in-process hub for seconds at a time (see
 * docs/reliability.md): this bound says "answered, 200, not starved", not "fast".
 */
const REST_WITHIN_MS = 25_000;
/** Every client has the change pushed after the storm. */
const DELIVERED_WITHIN_MS = 15_000;
const WATCHED = 1; // NOTRE DAME: every client's subscription covers it
const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };
/** What the clients subscribe to, in turn: an area around it (as in docs/live-feed.md), its id and another's, its id and source health. */
const REQUESTS = [
  { area: { near: NOTRE_DAME, radius: 800 } },
  { parkings: [`gp:${WATCHED}`, 'gp:3'] },
  { parkings: [`gp:${WATCHED}`], sources: true },
];

interface Phase {
  type: string;
  ms: number;
  subscribed: number;
  resumed: number;
  retries: number;
  retried: Record<string, number>;
  worstMs: number;
  errors: Record<string, number>;
}
interface ClientReport {
  index: number;
  acks: Array<{ cursor: string; resumed: boolean; snapshot: number }>;
  events: Array<[cursor: string, id: string, free: number | null]>;
  errors: Array<{ at: string; code: string; message: string }>;
  retries: number;
}

/** The clients' process: one command at a time, answered with a message of the same type. */
class StormClients {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  /** Resolves when the child has loaded socket.io-client and listens for commands. */
  readonly started: Promise<void>;

  constructor(url: string) {
    this.child = fork(path.join(process.cwd(), 'test/resilience/support/reconnect-storm-clients.mjs'), [
      url,
      String(CLIENTS),
      JSON.stringify(REQUESTS),
    ]);
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.started = new Promise((resolve, reject) => {
      this.child.on('message', (m: { type: string }) => m.type === 'started' && resolve());
      void this.exited.then((code) => reject(new Error(`clients exited with ${code} before starting`)));
    });
  }

  send<T>(type: string, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${type} within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(m as T);
      };
      this.child.on('message', onMessage);
      void this.exited.then((code) => reject(new Error(`clients exited with ${code} while waiting for ${type}`)));
      this.child.send({ type });
    });
  }

  async report(): Promise<ClientReport[]> {
    return (await this.send<{ clients: ClientReport[] }>('report')).clients;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    this.child.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe(`${CLIENTS} live clients reconnecting at once`, () => {
  const iso = isolation('reconnect_storm');
  let operator: LocalOperator;
  let hub: RunningHub;
  let clients: StormClients;
  let minute = 0;

  /** One poll with NOTRE DAME changed to `free`: one change event, pushed to every client. */
  async function change(free: number): Promise<void> {
    minute += 1;
    operator.setBody(poitiersFeed({ [WATCHED]: free }, `2026-11-28T10:${String(minute).padStart(2, '0')}:00Z`));
    await pollNow(hub);
  }

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    const line = new RegExp(`^${name}\\{transport="socketio"\\} (\\S+)$`, 'm').exec(text);
    return Number(line?.[1]);
  }

  const connections = () =>
    new Promise<number>((resolve, reject) =>
      (hub.app.getHttpServer() as Server).getConnections((error, n) => (error ? reject(error) : resolve(n))),
    );

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(poitiersFeed());
    const config = testConfig(iso, {
      sourcesPath: writeSources(`sources:${jsonFeedSource('gp', operator.url, '24h')}`),
    });
    hub = await startHub(config);
    await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: unknown[] };
      return body.data.length === 10 ? true : undefined;
    });
    clients = new StormClients(hub.url as string);
    await clients.started;
  });

  afterAll(async () => {
    await clients?.close();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('all come back subscribed within the bound, none misses a change, REST keeps answering, nothing is left', async () => {
    const figures: Record<string, unknown> = {};
    const connectionsBefore = await connections();
    // The hub's event loop (this process): its worst stall in each phase, for the figures.
    const loop = monitorEventLoopDelay({ resolution: 20 });
    loop.enable();
    const stall = () => {
      const ms = Math.round(loop.max / 1e6);
      loop.reset();
      return ms;
    };

    const first = await clients.send<Phase>('connect');
    figures.connect = { ...first, loopStallMs: stall() };
    process.stdout.write(`reconnect storm, first connect: ${JSON.stringify(figures.connect)}\n`);
    expect({ first, figures }).toMatchObject({ first: { subscribed: CLIENTS, resumed: 0 } });
    expect(await metric('hub_live_clients')).toBe(CLIENTS);
    expect(await metric('hub_live_subscriptions')).toBe(CLIENTS);

    // Everyone drops at once; the hub sees them all leave.
    await clients.send('drop');
    await waitFor(async () => ((await metric('hub_live_clients')) === 0 ? true : undefined), 20_000);
    // Changed while they are away: to be replayed from their cursors.
    await change(101);

    // Everyone reopens in the same tick; REST is probed and a car park changes while they come back.
    const storm = clients.send<Phase>('reconnect');
    let stormOver = false;
    void storm.finally(() => (stormOver = true)).catch(() => undefined);
    const rest: number[] = [];
    const probing = (async () => {
      while (!stormOver) {
        const t0 = performance.now();
        const res = await fetch(`${hub.url}/v1/parkings?limit=100`, { signal: AbortSignal.timeout(30_000) });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        rest.push(Math.round(performance.now() - t0));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    await change(102);
    const back = await storm;
    await probing;
    figures.reconnect = { ...back, loopStallMs: stall() };
    process.stdout.write(`reconnect storm, reconnect: ${JSON.stringify(figures.reconnect)}\n`);
    figures.restDuringStorm = { calls: rest.length, worstMs: Math.max(...rest) };
    expect({ back, figures }).toMatchObject({ back: { subscribed: CLIENTS, resumed: CLIENTS } });
    expect(back.ms).toBeLessThan(BACK_WITHIN_MS);
    expect(Math.max(...rest)).toBeLessThan(REST_WITHIN_MS);
    expect(await metric('hub_live_clients')).toBe(CLIENTS);
    expect(await metric('hub_live_subscriptions')).toBe(CLIENTS);

    // The next change after the storm reaches every one of them, after the ones they missed.
    const t0 = Date.now();
    await change(103);
    const reports = await waitFor(
      async () => {
        const all = await clients.report();
        return all.every((c) => c.events.some(([, , free]) => free === 103)) ? all : undefined;
      },
      DELIVERED_WITHIN_MS,
      250,
    );
    figures.deliveredAfterMs = Date.now() - t0;
    const unexpected = reports.filter((c) => c.errors.length > 0);
    expect({ unexpected: unexpected.slice(0, 5).map((c) => c.errors), count: unexpected.length }).toEqual({
      unexpected: [],
      count: 0,
    });
    for (const c of reports) {
      const seen = c.events.filter(([, id]) => id === `gp:${WATCHED}`);
      // Each change exactly once, in order: the one made while away (replayed), the one during the storm, the next.
      expect({ client: c.index, free: seen.map(([, , free]) => free) }).toEqual({
        client: c.index,
        free: [101, 102, 103],
      });
      expect(increasing(c.events.map(([cursor]) => cursor))).toBe(true);
      expect(c.acks.map((a) => a.resumed)).toEqual([false, true]);
      expect(increasing([c.acks[0].cursor, ...c.events.map(([cursor]) => cursor)])).toBe(true);
    }
    figures.retries = reports.reduce((n, c) => n + c.retries, 0);

    // They leave for good: gauges back to 0, no subscription, no connection left open on the hub.
    await clients.close();
    await waitFor(async () => ((await metric('hub_live_clients')) === 0 ? true : undefined), 20_000);
    expect(await metric('hub_live_subscriptions')).toBe(0);
    expect(hub.app.get(SubscriptionRegistry).stats().subscriptions).toBe(0);
    await waitFor(async () => ((await connections()) <= connectionsBefore ? true : undefined), 10_000);
    figures.rssMb = Math.round(process.memoryUsage().rss / 1e6);
    loop.disable();
    // The measured figures, for docs/reliability.md.
    process.stdout.write(`reconnect storm figures: ${JSON.stringify(figures)}\n`);
  });
});
