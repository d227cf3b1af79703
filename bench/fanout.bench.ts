import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadAppConfig } from '../src/config/app-config.js';
import { ParkingLiveStateRedis } from '../src/infra/redis/parking-live-state.redis.js';
import { RedisKeys } from '../src/infra/redis/redis-keys.js';
import type { Parking } from '../src/parking/parking.model.js';
import { freePort } from '../test/support/free-port.js';
import { deleteRedisPrefix, TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/test-env.js';
import { type BenchMetric, report } from './bench-result.js';
import { changesAt, cityFacilities, clientAreas, type Facility, inArea, parkingOf, stored } from './live/city.js';
import type { ClientCommand, ClientReport } from './live/fanout-clients.js';
import { Histogram } from './live/histogram.js';
import {
  cpuSecondsOf,
  Helper,
  type HubProcess,
  machineBusy,
  openFilesLimit,
  rssOf,
  startHubProcess,
  stopChild,
} from './live/processes.js';

/**
 * Fan-out of the live feed: N WebSocket clients on loopback, each subscribed to a circle of
 * 300-1500 m in the demo city (500 facilities: Grand Poitiers' car parks + synthetic ones over
 * 6 x 6 km); 50 facilities change each second (5 every 100 ms), written the way a worker writes
 * them (live state + change stream, one MULTI). The hub runs as its real entry point (HUB_ROLE=api)
 * in its own process; the clients in two others. Then a bare `ws` server gets the same changes
 * and the same clients. Steady state: deliveries/s and publish -> receipt latency. Bursts (all 500
 * facilities at once, 3 times): delivery rate of the hub next to the bare server.
 */
const REQUESTED_CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 10_000);
const FACILITIES = 500;
const PER_SECOND = 50;
const TICKS_PER_SECOND = 10;
const STEADY_S = 20;
const BURSTS = 3;
const CLIENT_PROCESSES = 2;
const DRAIN_MAX_MS = 20_000;

const here = path.dirname(fileURLToPath(import.meta.url));
const HUB_MAIN = path.join(here, '..', 'src', 'main.js');

type Publish = (changes: Parking[]) => Promise<void>;

interface Phase {
  received: number;
  expected: number;
  seconds: number;
  histogram: Histogram;
  /** Share of one core used during the phase: [server, client processes, whole machine (all cores = 1)]. */
  cpu?: [number, number, number];
}

const facilities = cityFacilities(FACILITIES);

interface HubRun {
  connected: number;
  steady: Phase;
  bursts: Phase[];
  rss: { base: number; idle: number; subscribed: number };
}

async function main(): Promise<void> {
  const limit = openFilesLimit();
  const clients = Math.min(REQUESTED_CLIENTS, limit - 1_000);
  const areas = clientAreas(clients);
  const reach = new Map(facilities.map((f) => [f.id, areas.filter((a) => inArea(a, f)).length]));
  const prefix = `bench_fanout_${randomBytes(4).toString('hex')}`;
  const redis = new Redis(TEST_REDIS_URL);
  const config = { ...loadAppConfig({ HUB_PREFIX: prefix, HUB_SOURCES: 'unused.yaml' }), redisUrl: TEST_REDIS_URL };
  const live = new ParkingLiveStateRedis(redis, new RedisKeys(prefix), config);
  const helpers = Array.from({ length: CLIENT_PROCESSES }, () =>
    Helper.fork<ClientCommand>(path.join(here, 'live', 'fanout-clients.js')),
  );
  const call: Call = <R>(command: ClientCommand) => Promise.all(helpers.map((h) => h.call<R>(command)));
  const slices = helpers.map((_, i) => areas.filter((_, k) => k % CLIENT_PROCESSES === i));
  try {
    await live.applyChanges(facilities.map((f) => stored(parkingOf(f, Math.floor(f.capacity / 2), Date.now()))));
    const sources = path.join(tmpdir(), `${prefix}-sources.yaml`);
    writeFileSync(sources, 'sources: []\n');
    const env = {
      HUB_ROLE: 'api',
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_PREFIX: prefix,
      HUB_DB_SCHEMA: prefix,
      HUB_SOURCES: sources,
      HUB_ANON_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    };
    const publishHub: Publish = async (changes) => {
      await live.applyChanges(changes.map(stored));
    };
    const hubRun = async (processes: number): Promise<HubRun> => {
      const hubs: HubProcess[] = [];
      for (let i = 0; i < processes; i++) hubs.push(await startHubProcess(HUB_MAIN, env, await freePort()));
      await sleep(3_000);
      const rssBase = rssOf(hubs[0].pid);
      const opened = await Promise.all(
        helpers.map((h, i) =>
          h.call<{ open: number }>({ cmd: 'open', target: 'hub', url: hubs[i % processes].url, areas: slices[i] }),
        ),
      );
      await sleep(5_000);
      const rssIdle = rssOf(hubs[0].pid);
      await call({ cmd: 'subscribe' });
      await sleep(3_000);
      const rssSubscribed = rssOf(hubs[0].pid);
      const steadyPhase = await steady(
        call,
        publishHub,
        reach,
        0,
        cpuMeter(
          hubs.map((h) => h.pid),
          helpers,
        ),
      );
      const burstPhases = await bursts(call, publishHub, reach);
      await call({ cmd: 'close' });
      for (const hub of hubs) await hub.stop();
      const connected = opened.reduce((n, o) => n + o.open, 0);
      // RSS per connection is read on the first process, which holds connected / processes of them.
      return {
        connected,
        steady: steadyPhase,
        bursts: burstPhases,
        rss: { base: rssBase, idle: rssIdle, subscribed: rssSubscribed },
      };
    };
    const one = await hubRun(1);
    const two = await hubRun(2);

    const bareChild = fork(path.join(here, 'live', 'bare-server.js'), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const barePort = await new Promise<number>((resolve) =>
      bareChild.once('message', (m: { port: number }) => resolve(m.port)),
    );
    const bareRssBase = rssOf(bareChild.pid as number);
    await Promise.all(
      helpers.map((h, i) =>
        h.call({ cmd: 'open', target: 'bare', url: `http://127.0.0.1:${barePort}`, areas: slices[i] }),
      ),
    );
    await sleep(5_000);
    const bareRssIdle = rssOf(bareChild.pid as number);
    const publishBare: Publish = async (changes) => {
      bareChild.send({ changes });
    };
    const bareSteady = await steady(call, publishBare, reach, 0, cpuMeter([bareChild.pid as number], helpers));
    const bareBursts = await bursts(call, publishBare, reach);
    await call({ cmd: 'close' });
    await stopChild(bareChild);

    const hubRate = median(one.bursts.map(rate));
    const bareRate = median(bareBursts.map(rate));
    const perConnection = (bytes: number) => bytes / one.connected / 1024;
    const metrics: BenchMetric[] = [
      { metric: 'clients connected (hub)', value: one.connected, unit: 'sockets' },
      { metric: 'steady: deliveries/s (hub)', value: rate(one.steady), unit: 'msg/s' },
      {
        metric: 'steady: delivered / expected (hub)',
        value: one.steady.received / one.steady.expected,
        unit: 'ratio',
        goal: '>= 1',
      },
      { metric: 'steady: latency p50 (hub)', value: one.steady.histogram.percentile(50), unit: 'ms' },
      { metric: 'steady: latency p99 (hub)', value: one.steady.histogram.percentile(99), unit: 'ms', goal: '<= 200' },
      { metric: 'steady: latency p50 (hub, 2 API processes)', value: two.steady.histogram.percentile(50), unit: 'ms' },
      {
        metric: 'steady: latency p99 (hub, 2 API processes)',
        value: two.steady.histogram.percentile(99),
        unit: 'ms',
        goal: '<= 200',
      },
      { metric: 'steady: deliveries/s (bare ws)', value: rate(bareSteady), unit: 'msg/s' },
      { metric: 'steady: latency p50 (bare ws)', value: bareSteady.histogram.percentile(50), unit: 'ms' },
      { metric: 'steady: latency p99 (bare ws)', value: bareSteady.histogram.percentile(99), unit: 'ms' },
      { metric: 'burst: deliveries/s (hub)', value: hubRate, unit: 'msg/s' },
      { metric: 'burst: deliveries/s (hub, 2 API processes)', value: median(two.bursts.map(rate)), unit: 'msg/s' },
      { metric: 'burst: deliveries/s (bare ws)', value: bareRate, unit: 'msg/s' },
      { metric: 'burst: hub / bare ws', value: hubRate / bareRate, unit: 'ratio', goal: '>= 0.5' },
      { metric: 'burst: latency p99 (hub)', value: merged(one.bursts).percentile(99), unit: 'ms' },
      { metric: 'burst: latency p99 (bare ws)', value: merged(bareBursts).percentile(99), unit: 'ms' },
      { metric: 'steady: CPU, hub process', value: cpuShare(one.steady, 0), unit: '% of a core' },
      { metric: 'steady: CPU, 2 hub processes together', value: cpuShare(two.steady, 0), unit: '% of a core' },
      { metric: 'steady: CPU, bare ws process', value: cpuShare(bareSteady, 0), unit: '% of a core' },
      { metric: 'steady: CPU, client processes (hub run)', value: cpuShare(one.steady, 1), unit: '% of a core' },
      { metric: 'steady: machine busy (hub run)', value: cpuShare(one.steady, 2), unit: '% of all cores' },
      { metric: 'steady: machine busy (bare ws run)', value: cpuShare(bareSteady, 2), unit: '% of all cores' },
      {
        metric: 'RSS per idle connection (hub)',
        value: perConnection(one.rss.idle - one.rss.base),
        unit: 'KB',
        goal: '<= 30',
      },
      {
        metric: 'RSS per subscribed connection (hub)',
        value: perConnection(one.rss.subscribed - one.rss.base),
        unit: 'KB',
      },
      { metric: 'RSS per idle connection (bare ws)', value: perConnection(bareRssIdle - bareRssBase), unit: 'KB' },
    ];
    const notes = [
      `${one.connected} clients (asked ${REQUESTED_CLIENTS}, open-files limit ${limit}) in ${CLIENT_PROCESSES} processes; ` +
        `${FACILITIES} facilities, ${PER_SECOND} changes/s for ${STEADY_S} s; each change reaches ` +
        `${Math.round(mean([...reach.values()]))} clients on average; hub RSS ${mb(one.rss.base)} MB at boot, ` +
        `${mb(one.rss.idle)} MB with the idle clients, ${mb(one.rss.subscribed)} MB subscribed (no forced GC).`,
      `bursts: ${one.bursts.map((b) => Math.round(rate(b))).join(', ')} msg/s (hub), ` +
        `${two.bursts.map((b) => Math.round(rate(b))).join(', ')} (2 API processes), ` +
        `${bareBursts.map((b) => Math.round(rate(b))).join(', ')} (bare ws); delivered/expected ` +
        `${[...one.bursts, ...two.bursts].map((b) => (b.received / b.expected).toFixed(3)).join(', ')} (hub).`,
      `2 API processes: the clients of each client process on one of them (what a load balancer does); ` +
        `delivered/expected steady ${(two.steady.received / two.steady.expected).toFixed(3)}.`,
    ];
    report({ bench: 'fanout', metrics, notes });
  } finally {
    await Promise.all(helpers.map((h) => h.stop()));
    redis.disconnect();
    await deleteRedisPrefix(prefix);
  }
}

type Call = <R>(command: ClientCommand) => Promise<R[]>;

type CpuMeter = () => () => [number, number, number];

/** Starts counting CPU time of the server and the client processes; the returned function stops. */
function cpuMeter(serverPids: number[], helpers: Array<Helper<ClientCommand>>): CpuMeter {
  const servers = () => serverPids.reduce((t, pid) => t + cpuSecondsOf(pid), 0);
  const clients = () => helpers.reduce((t, h) => t + cpuSecondsOf(h.child.pid as number), 0);
  return () => {
    const [s0, c0, t0, machine] = [servers(), clients(), Date.now(), machineBusy()];
    return () => {
      const wall = (Date.now() - t0) / 1_000;
      return [(servers() - s0) / wall, (clients() - c0) / wall, machine()];
    };
  };
}

const cpuShare = (p: Phase, i: 0 | 1 | 2) => (p.cpu?.[i] ?? 0) * 100;

/** 50 changes/s as 5 every 100 ms; then waits (up to DRAIN_MAX_MS) for every expected delivery. */
async function steady(
  call: Call,
  publish: Publish,
  reach: Map<string, number>,
  seed: number,
  cpu: CpuMeter,
): Promise<Phase> {
  await call({ cmd: 'reset' });
  const stopCpu = cpu();
  const start = Date.now();
  let expected = 0;
  const ticks = STEADY_S * TICKS_PER_SECOND;
  for (let tick = 0; tick < ticks; tick++) {
    await sleep(Math.max(0, start + (tick * 1_000) / TICKS_PER_SECOND - Date.now()));
    const changes = changesAt(facilities, seed + tick, PER_SECOND / TICKS_PER_SECOND);
    const now = Date.now();
    expected += changes.reduce((n, c) => n + (reach.get(c.facility.id) ?? 0), 0);
    await publish(changes.map((c) => parkingOf(c.facility, c.free, now)));
  }
  const used = stopCpu();
  await drain(call, expected);
  return { ...(await collect(call, expected, STEADY_S)), cpu: used };
}

async function drain(call: Call, expected: number): Promise<void> {
  const deadline = Date.now() + DRAIN_MAX_MS;
  while (Date.now() < deadline) {
    const reports = await call<ClientReport>({ cmd: 'report' });
    if (reports.reduce((n, r) => n + r.received, 0) >= expected) return;
    await sleep(100);
  }
}

/** Every facility changes at once (each once, so nothing can be coalesced); timed to the last receipt. */
async function bursts(call: Call, publish: Publish, reach: Map<string, number>): Promise<Phase[]> {
  const out: Phase[] = [];
  const expected = [...reach.values()].reduce((a, b) => a + b, 0);
  for (let round = 0; round < BURSTS; round++) {
    await call({ cmd: 'reset' });
    const start = Date.now();
    for (let i = 0; i < facilities.length; i += PER_SECOND) {
      const now = Date.now();
      await publish(
        facilities
          .slice(i, i + PER_SECOND)
          .map((f: Facility, k) => parkingOf(f, (round * 13 + i + k) % f.capacity, now)),
      );
    }
    await drain(call, expected);
    const phase = await collect(call, expected, 0);
    phase.seconds = (phase.lastAt - start) / 1_000;
    out.push(phase);
    await sleep(2_000);
  }
  return out;
}

async function collect(call: Call, expected: number, seconds: number): Promise<Phase & { lastAt: number }> {
  const reports = await call<ClientReport>({ cmd: 'report' });
  const histogram = new Histogram();
  for (const r of reports) histogram.merge(Histogram.fromPairs(r.histogram));
  return {
    received: reports.reduce((n, r) => n + r.received, 0),
    expected,
    seconds,
    histogram,
    lastAt: Math.max(...reports.map((r) => r.lastAt)),
  };
}

const rate = (p: Phase) => p.received / p.seconds;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function merged(phases: Phase[]): Histogram {
  const h = new Histogram();
  for (const p of phases) h.merge(p.histogram);
  return h;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
