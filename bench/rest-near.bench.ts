import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { deleteRedisPrefix, dropSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/test-env.js';
import { report } from './bench-result.js';
import { demoCitySources } from './rest/demo-city.js';
import { benchScript, insertKey, seedLiveState, startHub } from './rest/hub-setup.js';
import { type LoadResult, measureVaried } from './rest/load.js';
import { startTarget, type Target } from './rest/processes.js';
import { regionCityPayload, regionPoint } from './rest/region-city.js';
import { seededRandom } from './rest/seeded-random.js';

/**
 * "Free places near me" at every user's own position (issue #18): 10,000 car parks over 44 × 38 km,
 * `near` a different seeded point on every request, radius 1 km (~20 hits), 50 connections, on the
 * real hub (dist main.js, HUB_ROLE=api, an API key, JSON access log per request) and on a bare
 * server doing the same Redis work by hand (bench/rest/near-baseline-server.ts), one after the
 * other in the same run. Each server's CPU per request is its own process.cpuUsage() over the
 * measured seconds. BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the hub.
 */
const SIZE = 10_000;
const RADIUS_M = 1_000;
const CONNECTIONS = 50;
const WARMUP_S = 2;
const MEASURE_S = Number(process.env.BENCH_NEAR_SECONDS ?? 8);

async function main(): Promise<void> {
  const name = `bench_near_${randomBytes(4).toString('hex')}`;
  const dir = tmpdir();
  const cityFile = path.join(dir, `${name}-city.json`);
  writeFileSync(cityFile, regionCityPayload(SIZE, new Date(Date.now() - 30_000)));
  const sourcesFile = path.join(dir, `${name}-sources.yaml`);
  writeFileSync(sourcesFile, demoCitySources(cityFile));
  const env: Record<string, string> = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    HUB_SOURCES: sourcesFile,
    HUB_PREFIX: name,
    HUB_DB_SCHEMA: name,
    HOST: '127.0.0.1',
  };
  const targets: Target[] = [];
  try {
    await seedLiveState(env, SIZE);
    const key = await insertKey(name);
    const headers = { 'X-API-Key': key };
    const [probe] = nearPaths(1, 1);
    const hubArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const hub = await startHub(env, probe, headers, hubArgs);
    targets.push(hub);
    const port = await freePort();
    const baseline = await startTarget(
      benchScript('bench/rest/near-baseline-server.js'),
      [String(port), TEST_REDIS_URL, name, `${name}:baseline`],
      {},
      port,
      probe,
    );
    targets.push(baseline);
    const sample = await sameWork(hub, baseline, headers);
    const loadBefore = os.loadavg()[0];
    const hubRun = await measure(hub, headers);
    const baseRun = await measure(baseline, {});
    const loadAfter = os.loadavg()[0];
    const errors = (r: LoadResult): number => r.errors + r.non2xx;
    report({
      bench: 'rest-near',
      metrics: [
        { metric: 'varied near: hub req/s', value: hubRun.rps, unit: 'req/s' },
        { metric: 'varied near: same-work baseline req/s', value: baseRun.rps, unit: 'req/s' },
        { metric: 'varied near: hub / baseline req/s', value: hubRun.rps / baseRun.rps, unit: 'ratio', goal: '>= 0.5' },
        { metric: 'varied near: hub p99', value: hubRun.p99, unit: 'ms' },
        { metric: 'varied near: baseline p99', value: baseRun.p99, unit: 'ms' },
        { metric: 'varied near: hub p99 / baseline p99', value: hubRun.p99 / baseRun.p99, unit: 'ratio', goal: '<= 2' },
        { metric: 'varied near: hub errors or non-2xx', value: errors(hubRun), unit: 'count', goal: '<= 0' },
        { metric: 'varied near: baseline errors or non-2xx', value: errors(baseRun), unit: 'count' },
        { metric: 'varied near: hub CPU per request', value: hubRun.cpuPerRequestUs, unit: 'µs' },
        { metric: 'varied near: baseline CPU per request', value: baseRun.cpuPerRequestUs, unit: 'µs' },
      ],
      notes: [
        `${SIZE} car parks over 44 × 38 km, radius ${RADIUS_M} m: ${sample.hits.toFixed(1)} hits per answer on average (of ${sample.points} sampled points, both servers found the same car parks at ${sample.sameSet}, in the same order at ${sample.sameOrder}: the hub orders equal rounded distances by id); ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (other points) then ${MEASURE_S} s per server, hub first; servers in child processes, autocannon in the bench process, Redis on the same 2 cores`,
        `requests measured: hub ${hubRun.requests}, baseline ${baseRun.requests}; p50 hub ${hubRun.p50} ms, baseline ${baseRun.p50} ms`,
        `load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}`,
      ],
    });
  } finally {
    for (const t of targets) await t.stop();
    await deleteRedisPrefix(name);
    await dropSchema(name);
  }
}

/** `count` seeded points of the region, each its own `near` (the seed keeps warm-up and measured points apart). */
function nearPaths(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const { lat, lon } = regionPoint(random);
    return `/v1/parkings?near=${lat.toFixed(6)},${lon.toFixed(6)}&radius=${RADIUS_M}&limit=50`;
  });
}

function measure(target: Target, headers: Record<string, string>): Promise<LoadResult & { cpuPerRequestUs: number }> {
  return measureVaried(target, {
    connections: CONNECTIONS,
    warmupS: WARMUP_S,
    seconds: MEASURE_S,
    headers,
    warmupPaths: nearPaths(20_000, 2),
    paths: nearPaths(100_000, 3),
  });
}

/** Both servers answer the same points with the same car parks in the same order: the same work. */
async function sameWork(
  hub: Target,
  baseline: Target,
  headers: Record<string, string>,
): Promise<{ hits: number; points: number; sameSet: number; sameOrder: number }> {
  const points = nearPaths(40, 4);
  let hits = 0;
  let sameSet = 0;
  let sameOrder = 0;
  for (const p of points) {
    const ids = async (t: Target, h: Record<string, string>): Promise<string[]> => {
      const res = await fetch(`${t.url}${p}`, { headers: h });
      if (!res.ok) throw new Error(`${t.url}${p}: ${res.status}`);
      return ((await res.json()) as { data: Array<{ id: string }> }).data.map((d) => d.id);
    };
    const [a, b] = [await ids(hub, headers), await ids(baseline, {})];
    hits += a.length;
    if (a.join() === b.join()) sameOrder += 1;
    if ([...a].sort().join() === [...b].sort().join()) sameSet += 1;
  }
  return { hits: hits / points.length, points: points.length, sameSet, sameOrder };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
