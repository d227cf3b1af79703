import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { GtfsImportService } from '../src/ingest/gtfs/gtfs-import.service.js';
import { freePort } from '../test/support/free-port.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/test-env.js';
import { report } from './bench-result.js';
import { benchScript, insertKey, startHub } from './rest/hub-setup.js';
import { type LoadResult, measureVaried } from './rest/load.js';
import { startTarget, type Target } from './rest/processes.js';
import { seededRandom } from './rest/seeded-random.js';
import { startTransitContext } from './transit/bench-context.js';
import { STOPS, STOP_TIMES, writeGeneratedFeed } from './transit/generated-feed.js';

/**
 * Departures at any stop (issue #18): the generated feed of the gtfs-import bench (2,000 stops,
 * 25,000 trips, 1,000,000 stop_times) imported through the real importer, a GTFS-RT source on it
 * (not polled: every trip is without a prediction, the Redis read still happens), then
 * `GET /v1/stops/bench-gtfs:S<n>/departures?at=<fixed weekday morning>&limit=20` with a different
 * seeded stop on every request, 50 connections, on the real hub (HUB_ROLE=api, an API key, JSON
 * access log) and on a bare server doing the same queries by hand
 * (bench/rest/departures-baseline-server.ts), one after the other in the same run.
 */
const FEED = 'bench-gtfs';
const RT = 'bench-gtfs-rt';
const TIMEZONE = 'Europe/Paris';
const AT = '2026-12-02T09:30:00+01:00'; // a Wednesday: service WK
const WINDOW_S = 5_400;
const CONNECTIONS = 50;
const WARMUP_S = 2;
const MEASURE_S = Number(process.env.BENCH_DEPARTURES_SECONDS ?? 8);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'departures-bench-'));
  const zip = path.join(dir, 'generated.zip');
  await writeGeneratedFeed(zip);
  const ctx = await startTransitContext(`sources:
  - id: ${FEED}
    kind: gtfs
    url: ${zip}
    interval: 24h
    enabled: false
  - id: ${RT}
    kind: gtfs-rt
    feed: ${FEED}
    urls: { tripUpdates: "http://127.0.0.1:9/trip-updates" }
    interval: 24h
    enabled: false
`);
  const targets: Target[] = [];
  try {
    const imported = await ctx.app.get(GtfsImportService).importFile(FEED, zip, { contentHash: 'bench' });
    if (imported.rows['stop_times.txt'] !== STOP_TIMES) throw new Error('feed not imported whole');
    const { prefix, dbSchema, sourcesPath } = ctx.config;
    const key = await insertKey(dbSchema);
    const headers = { 'X-API-Key': key };
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_SOURCES: sourcesPath,
      HUB_PREFIX: prefix,
      HUB_DB_SCHEMA: dbSchema,
      HOST: '127.0.0.1',
    };
    const [probe] = stopPaths(1, 1);
    const hubArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const hub = await startHub(env, probe, headers, hubArgs);
    targets.push(hub);
    const port = await freePort();
    const baseline = await startTarget(
      benchScript('bench/rest/departures-baseline-server.js'),
      [String(port), TEST_DATABASE_URL, dbSchema, TEST_REDIS_URL, prefix, FEED, RT, AT, String(WINDOW_S), TIMEZONE],
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
      bench: 'rest-departures',
      metrics: [
        { metric: 'varied departures: hub req/s', value: hubRun.rps, unit: 'req/s' },
        { metric: 'varied departures: same-work baseline req/s', value: baseRun.rps, unit: 'req/s' },
        { metric: 'varied departures: hub / baseline', value: hubRun.rps / baseRun.rps, unit: 'ratio', goal: '>= 0.5' },
        { metric: 'varied departures: hub p99', value: hubRun.p99, unit: 'ms' },
        { metric: 'varied departures: baseline p99', value: baseRun.p99, unit: 'ms' },
        {
          metric: 'varied departures: hub p99 / baseline p99',
          value: hubRun.p99 / baseRun.p99,
          unit: 'ratio',
          goal: '<= 2',
        },
        { metric: 'varied departures: hub errors or non-2xx', value: errors(hubRun), unit: 'count', goal: '<= 0' },
        { metric: 'varied departures: baseline errors or non-2xx', value: errors(baseRun), unit: 'count' },
        { metric: 'varied departures: hub CPU per request', value: hubRun.cpuPerRequestUs, unit: 'µs' },
        { metric: 'varied departures: baseline CPU per request', value: baseRun.cpuPerRequestUs, unit: 'µs' },
      ],
      notes: [
        `${STOP_TIMES} stop_times, ${STOPS} stops; at ${AT}, window ${WINDOW_S} s, limit 20: ${sample.hub.toFixed(1)} departures per hub answer, ${sample.baseline.toFixed(1)} per baseline answer (${sample.points} sampled stops one at a time, same trips at ${sample.same}, ${sample.hubMs.toFixed(1)} ms per hub answer, ${sample.baselineMs.toFixed(1)} ms per baseline answer); ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${MEASURE_S} s per server, hub first; Postgres and Redis on the same 2 cores`,
        `requests measured: hub ${hubRun.requests}, baseline ${baseRun.requests}; p50 hub ${hubRun.p50} ms, baseline ${baseRun.p50} ms`,
        `load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}`,
      ],
    });
  } finally {
    for (const t of targets) await t.stop();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function stopPaths(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from(
    { length: count },
    () =>
      `/v1/stops/${FEED}:S${Math.floor(random() * STOPS)}/departures?at=${encodeURIComponent(AT)}&window=90m&limit=20`,
  );
}

function measure(target: Target, headers: Record<string, string>): Promise<LoadResult & { cpuPerRequestUs: number }> {
  return measureVaried(target, {
    connections: CONNECTIONS,
    warmupS: WARMUP_S,
    seconds: MEASURE_S,
    headers,
    warmupPaths: stopPaths(5_000, 2),
    paths: stopPaths(50_000, 3),
  });
}

/** Both servers list the same trips for the same stops: the same work. */
async function sameWork(
  hub: Target,
  baseline: Target,
  headers: Record<string, string>,
): Promise<{ hub: number; baseline: number; points: number; same: number; hubMs: number; baselineMs: number }> {
  const points = stopPaths(30, 4);
  let [hubCount, baseCount, same, hubMs, baselineMs] = [0, 0, 0, 0, 0];
  for (const p of points) {
    const trips = async (t: Target, h: Record<string, string>): Promise<string[]> => {
      const res = await fetch(`${t.url}${p}`, { headers: h });
      if (!res.ok) throw new Error(`${t.url}${p}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { data: Array<{ tripId: string }> }).data.map((d) => d.tripId).sort();
    };
    const t0 = performance.now();
    const a = await trips(hub, headers);
    const t1 = performance.now();
    const b = await trips(baseline, {});
    hubMs += t1 - t0;
    baselineMs += performance.now() - t1;
    hubCount += a.length;
    baseCount += b.length;
    if (a.join() === b.join()) same += 1;
  }
  const n = points.length;
  return { hub: hubCount / n, baseline: baseCount / n, points: n, same, hubMs: hubMs / n, baselineMs: baselineMs / n };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
