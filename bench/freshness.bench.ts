import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connectLive, subscribeLive } from '../src/live/live-client.js';
import { freePort } from '../test/support/free-port.js';
import { startLocalOperator } from '../test/support/local-operator.js';
import { deleteRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/test-env.js';
import { type BenchMetric, report } from './bench-result.js';
import { cityFacilities, type Facility } from './live/city.js';
import { Histogram } from './live/histogram.js';
import { type HubProcess, startHubProcess } from './live/processes.js';

/**
 * Freshness: an operator (loopback, json-mapping feed of the demo city's 10 real car parks)
 * changes one car park at a random moment; the hub polls it every second (worker process),
 * writes the change, and the API process pushes it over socket.io to a subscribed client.
 * Per change: poll wait = first request after the change - change; hub overhead = client
 * receipt - that request (fetch, parse, diff, Redis, change stream, push); end to end = both.
 */
const SAMPLES = Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 60);
const SOURCE = 'fresh';
const here = path.dirname(fileURLToPath(import.meta.url));
const HUB_MAIN = path.join(here, '..', 'src', 'main.js');

interface Pending {
  id: string;
  free: number;
  changedAt: number;
  servedAt?: number;
  receivedAt?: number;
}

function feed(facilities: Facility[], free: Map<string, number>, at: Date): string {
  return JSON.stringify({
    items: facilities.map((f) => ({
      id: f.id.split(':')[1],
      name: f.name,
      lat: f.lat,
      lon: f.lon,
      free: free.get(f.id),
      total: f.capacity,
      ts: at.toISOString(),
    })),
  });
}

async function main(): Promise<void> {
  const prefix = `bench_fresh_${randomBytes(4).toString('hex')}`;
  // The hub names them "<source>:<operator id>".
  const facilities = cityFacilities(10).map((f) => ({ ...f, id: `${SOURCE}:${f.id.split(':')[1]}` }));
  const free = new Map(facilities.map((f) => [f.id, Math.floor(f.capacity / 2)]));
  const operator = await startLocalOperator();
  let body = feed(facilities, free, new Date());
  let pending: Pending | undefined;
  operator.handle((_req, res) => {
    if (pending !== undefined && pending.servedAt === undefined) pending.servedAt = Date.now();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  const sources = path.join(tmpdir(), `${prefix}-sources.yaml`);
  writeFileSync(
    sources,
    `sources:
  - id: ${SOURCE}
    kind: parking
    format: json-mapping
    url: ${operator.url}
    interval: 1s
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`,
  );
  const env = {
    HOST: '127.0.0.1',
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    HUB_PREFIX: prefix,
    HUB_DB_SCHEMA: prefix,
    HUB_SOURCES: sources,
    HUB_ANON_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'warn',
  };
  const processes: HubProcess[] = [];
  const socket = { current: undefined as ReturnType<typeof connectLive> | undefined };
  try {
    const workerPort = await freePort();
    processes.push(
      await startHubProcess(HUB_MAIN, { ...env, HUB_ROLE: 'worker', HUB_METRICS_PORT: String(workerPort) }, workerPort),
    );
    const api = await startHubProcess(HUB_MAIN, { ...env, HUB_ROLE: 'api' }, await freePort());
    processes.push(api);
    await waitForParkings(api.url, facilities.length);
    const live = connectLive(api.url);
    socket.current = live;
    live.on('parking', ({ parking }) => {
      if (pending !== undefined && parking.id === pending.id && parking.free === pending.free)
        pending.receivedAt = Date.now();
    });
    await subscribeLive(live, { parkings: facilities.map((f) => f.id) });

    const overhead = new Histogram();
    const endToEnd = new Histogram();
    const pollWait = new Histogram();
    let missed = 0;
    for (let i = 0; i < SAMPLES; i++) {
      await sleep(300 + Math.random() * 1_000); // land anywhere in the poll cycle
      const f = facilities[i % facilities.length];
      const value = ((free.get(f.id) ?? 0) + 1 + i) % f.capacity;
      free.set(f.id, value);
      const change: Pending = { id: f.id, free: value, changedAt: Date.now() };
      body = feed(facilities, free, new Date(change.changedAt));
      pending = change;
      const deadline = Date.now() + 10_000;
      while (change.receivedAt === undefined && Date.now() < deadline) await sleep(2);
      pending = undefined;
      if (change.receivedAt === undefined || change.servedAt === undefined) {
        missed += 1;
        continue;
      }
      overhead.add(change.receivedAt - change.servedAt);
      endToEnd.add(change.receivedAt - change.changedAt);
      pollWait.add(change.servedAt - change.changedAt);
    }
    const metrics: BenchMetric[] = [
      { metric: 'samples (changes pushed)', value: overhead.count, unit: 'changes' },
      { metric: 'changes not pushed within 10 s', value: missed, unit: 'changes', goal: '<= 0' },
      { metric: 'hub overhead p50 (receipt - fetch)', value: overhead.percentile(50), unit: 'ms' },
      { metric: 'hub overhead p99 (receipt - fetch)', value: overhead.percentile(99), unit: 'ms', goal: '<= 100' },
      { metric: 'poll wait p50 (fetch - change)', value: pollWait.percentile(50), unit: 'ms' },
      { metric: 'end to end p50 (receipt - change)', value: endToEnd.percentile(50), unit: 'ms' },
      { metric: 'end to end p99 (receipt - change)', value: endToEnd.percentile(99), unit: 'ms' },
    ];
    report({
      bench: 'freshness',
      metrics,
      notes: [
        `${SAMPLES} changes, one car park each, 1 s poll interval; worker and API in separate processes (HUB_ROLE=worker / api), client over socket.io on loopback.`,
      ],
    });
  } finally {
    socket.current?.disconnect();
    for (const p of processes.reverse()) await p.stop();
    await operator.close();
    await deleteRedisPrefix(prefix);
  }
}

async function waitForParkings(url: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const body = (await fetch(`${url}/v1/parkings?limit=100`)
      .then((r) => r.json())
      .catch(() => ({ data: [] }))) as { data: unknown[] };
    if (body.data.length >= count) return;
    await sleep(200);
  }
  throw new Error('the hub did not load the operator feed within 30 s');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
