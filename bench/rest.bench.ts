import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.js';
import { deleteRedisPrefix, dropSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from '../test/support/test-env.js';
import { insertKey, seedLiveState, startHub } from './rest/hub-setup.js';
import { report, type BenchMetric } from './bench-result.js';
import { CENTRE, demoCityPayload, demoCitySources } from './rest/demo-city.js';
import { HISTORY_DAYS, HISTORY_FACILITY, seedHistory } from './rest/history-seed.js';
import { load, type LoadResult } from './rest/load.js';
import { seededRandom } from './rest/seeded-random.js';
import { startTarget, type Target } from './rest/processes.js';

/**
 * GET /v1/parkings?near=... (the demo city grown to 200 car parks, 50 results) at 100
 * connections on the real hub (dist main.js, HUB_ROLE=api, an API key, JSON access logs),
 * next to node:http serving the same bytes (body and every header of one hub answer; also the body
 * with only four headers, as before 2026-12-08), and the same query on Nest+Express vs
 * Nest+Fastify (one platform-neutral controller, no answer reuse); then the hub with a different
 * `near` per request (no answer reuse possible); then 1h buckets over 90 days of 1-minute history. Servers run in child processes; autocannon runs here.
 * Each measured round also reads the server's own CPU time (process.cpuUsage()) around it: CPU per request.
 * BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the hub; BENCH_REST_HELD_ONLY=1
 * runs only the held answer against bare (no platforms, varied `near` or history).
 */
const CITY_SIZE = 200;
const QUERY = `/v1/parkings?near=${CENTRE.lat},${CENTRE.lon}&radius=2000&limit=50`;
const CONNECTIONS = 100;
const WARMUP_S = 2;
const MEASURE_S = 10;
const ROUNDS = 2;
const HELD_ONLY = process.env.BENCH_REST_HELD_ONLY === '1';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');

async function main(): Promise<void> {
  const name = `bench_rest_${randomBytes(4).toString('hex')}`;
  const dir = tmpdir();
  const cityFile = path.join(dir, `${name}-city.json`);
  writeFileSync(cityFile, demoCityPayload(CITY_SIZE, new Date(Date.now() - 30_000)));
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
    await seedLiveState(env, CITY_SIZE);
    const key = await insertKey(name);
    const history = await seedHistory(TEST_DATABASE_URL, name, new Date());
    const headers = { 'X-API-Key': key };
    const hubArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const hub = await startHub(env, QUERY, headers, hubArgs);
    targets.push(hub);
    const reference = await rawGet(`${hub.url}${QUERY}`, headers);
    const body = reference.body;
    const count = (JSON.parse(body.toString('utf8')) as { data: unknown[] }).data.length;
    const bodyFile = path.join(dir, `${name}-body.json`);
    writeFileSync(bodyFile, body);
    const headersFile = path.join(dir, `${name}-headers.json`);
    writeFileSync(headersFile, JSON.stringify(reference.headers));
    const bare = await startBare(bodyFile, 'headers', headersFile);
    const bareBody = await startBare(bodyFile, 'etag', reference.etag);
    targets.push(bare, bareBody);
    const servers: Partial<Record<ServerName, Target>> = { bare, bareBody, hub };
    if (!HELD_ONLY) {
      servers.express = await startPlatform('express', env);
      servers.fastify = await startPlatform('fastify', env);
      servers.expressBytes = await startPlatform('express', env, bodyFile);
      servers.fastifyBytes = await startPlatform('fastify', env, bodyFile);
      targets.push(servers.express, servers.fastify, servers.expressBytes, servers.fastifyBytes);
    }
    const loadBefore = os.loadavg()[0];

    const runs = await measureRounds(servers, headers);
    const varied = HELD_ONLY
      ? undefined
      : await load(`${hub.url}/`, { connections: CONNECTIONS, seconds: MEASURE_S, headers, paths: variedPaths() });
    const historyRuns = HELD_ONLY ? undefined : await measureHistory(hub, headers, history);
    const metrics = restMetrics(runs).concat(
      varied === undefined
        ? []
        : [
            {
              metric: 'parkings near, a different point each request (no reuse): hub req/s',
              value: varied.rps,
              unit: 'req/s',
            },
            { metric: 'parkings near, a different point each request: hub p99', value: varied.p99, unit: 'ms' },
          ],
      historyRuns?.metrics ?? [],
    );
    report({
      bench: 'rest',
      metrics,
      notes: [
        `${count} results, ${body.length} bytes per answer; ${CONNECTIONS} connections, ${ROUNDS} rounds of ${MEASURE_S} s per server (after ${WARMUP_S} s warm-up), mean of rounds; servers in child processes, autocannon in the bench process, Redis and Postgres on the same 2 cores`,
        `per round req/s: ${Object.entries(runs)
          .map(([k, r]) => `${k} ${r.map((x) => Math.round(x.rps)).join('/')}`)
          .join(', ')}`,
        `per round CPU per request (µs): ${Object.entries(runs)
          .map(([k, r]) => `${k} ${r.map((x) => Math.round(x.cpuPerRequestUs)).join('/')}`)
          .join(', ')}`,
        ...(varied === undefined ? [] : [`varied near: ${varied.errors + varied.non2xx} errors or non-2xx`]),
        `load average (1 min) before the rounds ${loadBefore.toFixed(1)}, after all ${os.loadavg()[0].toFixed(1)} (other work on the machine shows here)`,
        `errors or non-2xx: ${Object.entries(runs)
          .map(([k, r]) => `${k} ${r.reduce((n, x) => n + x.errors + x.non2xx, 0)}`)
          .join(', ')}`,
        ...(historyRuns === undefined
          ? []
          : [
              `history: ${history.rows} rows (1 a minute, ${HISTORY_DAYS} days) for one car park, 1h buckets (${historyRuns.buckets} in one answer)`,
            ]),
      ],
    });
  } finally {
    for (const t of targets) await t.stop();
    await deleteRedisPrefix(name);
    await dropSchema(name);
  }
}

const script = (relative: string): string => path.join(root, relative);

/** The bare node:http reference (bench/rest/bare-server.ts): the hub's body with its headers, or with four. */
async function startBare(bodyFile: string, mode: 'headers' | 'etag', value: string): Promise<Target> {
  const port = await freePort();
  return startTarget(script('bench/rest/bare-server.js'), [String(port), bodyFile, mode, value], {}, port, '/');
}

/** Headers node:http writes itself on every answer (the bare server's node:http writes them too). */
const WRITTEN_BY_NODE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * One answer as autocannon gets it (no Accept-Encoding): its body and its headers as sent (names as
 * spelt, in order; without those node:http writes itself), and its ETag.
 */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ body: Buffer; headers: string[]; etag: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`reference answer: ${res.statusCode}`));
          const kept: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (!WRITTEN_BY_NODE.has(res.rawHeaders[i].toLowerCase()))
              kept.push(res.rawHeaders[i], res.rawHeaders[i + 1]);
          }
          resolve({ body: Buffer.concat(chunks), headers: kept, etag: String(res.headers.etag ?? '') });
        });
      })
      .on('error', reject);
  });
}

/** 1,000 points within about 1 km of the centre: every request a different `near`, as phones send. */
function variedPaths(): string[] {
  const random = seededRandom(7);
  return Array.from({ length: 1_000 }, () => {
    const lat = (CENTRE.lat + (random() - 0.5) * 0.018).toFixed(6);
    const lon = (CENTRE.lon + (random() - 0.5) * 0.026).toFixed(6);
    return `/v1/parkings?near=${lat},${lon}&radius=2000&limit=50`;
  });
}

async function startPlatform(
  platform: 'express' | 'fastify',
  env: Record<string, string>,
  bodyFile?: string,
): Promise<Target> {
  const port = await freePort();
  return startTarget(
    script('bench/rest/platform-server.js'),
    [platform, String(port), ...(bodyFile === undefined ? [] : [bodyFile])],
    { ...env, LOG_LEVEL: 'error' },
    port,
    QUERY,
  );
}

type ServerName = 'bare' | 'bareBody' | 'hub' | 'express' | 'fastify' | 'expressBytes' | 'fastifyBytes';
type Measured = LoadResult & { cpuPerRequestUs: number };
type Runs = Partial<Record<ServerName, Measured[]>>;

/** Rounds interleave the servers, so a noisy moment does not land on one of them only. */
async function measureRounds(
  targets: Partial<Record<ServerName, Target>>,
  headers: Record<string, string>,
): Promise<Runs> {
  const runs: Runs = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, target] of Object.entries(targets) as Array<[ServerName, Target]>) {
      const url = `${target.url}${QUERY}`;
      const opts = { connections: CONNECTIONS, headers: name === 'hub' ? headers : {} };
      await load(url, { ...opts, seconds: WARMUP_S });
      const cpuBefore = await target.cpuMicros();
      const run = await load(url, { ...opts, seconds: MEASURE_S });
      const cpuPerRequestUs = ((await target.cpuMicros()) - cpuBefore) / Math.max(1, run.requests);
      (runs[name] ??= []).push({ ...run, cpuPerRequestUs });
    }
  }
  return runs;
}

function mean(runs: Measured[] | undefined, pick: (r: Measured) => number): number {
  return runs === undefined ? NaN : runs.reduce((s, r) => s + pick(r), 0) / runs.length;
}

function restMetrics(runs: Runs): BenchMetric[] {
  const rps = (k: ServerName) => mean(runs[k], (r) => r.rps);
  const p99 = (k: ServerName) => mean(runs[k], (r) => r.p99);
  const cpu = (k: ServerName) => mean(runs[k], (r) => r.cpuPerRequestUs);
  const held: BenchMetric[] = [
    { metric: 'parkings near (50): hub req/s', value: rps('hub'), unit: 'req/s' },
    {
      metric: 'parkings near (50): bare node:http, same bytes (body and headers), req/s',
      value: rps('bare'),
      unit: 'req/s',
    },
    { metric: 'hub / bare', value: rps('hub') / rps('bare'), unit: 'ratio', goal: '>= 0.5' },
    { metric: 'parkings near (50): hub p99', value: p99('hub'), unit: 'ms', goal: '<= 20' },
    { metric: 'parkings near (50): bare p99', value: p99('bare'), unit: 'ms' },
    { metric: 'hub p99 / bare p99', value: p99('hub') / p99('bare'), unit: 'ratio', goal: '<= 2' },
    { metric: 'parkings near (50): hub CPU per request', value: cpu('hub'), unit: 'µs' },
    { metric: 'parkings near (50): bare CPU per request', value: cpu('bare'), unit: 'µs' },
    { metric: 'bare, same body with 4 headers, req/s', value: rps('bareBody'), unit: 'req/s' },
    { metric: 'hub / bare with 4 headers', value: rps('hub') / rps('bareBody'), unit: 'ratio' },
    { metric: 'bare with 4 headers p99', value: p99('bareBody'), unit: 'ms' },
    { metric: 'hub p99 / bare with 4 headers p99', value: p99('hub') / p99('bareBody'), unit: 'ratio' },
    { metric: 'bare with 4 headers CPU per request', value: cpu('bareBody'), unit: 'µs' },
  ];
  if (runs.express === undefined) return held;
  return held.concat([
    { metric: 'same query, Nest + Express (no guard/middleware) req/s', value: rps('express'), unit: 'req/s' },
    { metric: 'same query, Nest + Fastify (no guard/middleware) req/s', value: rps('fastify'), unit: 'req/s' },
    { metric: 'Fastify / Express', value: rps('fastify') / rps('express'), unit: 'ratio' },
    { metric: 'Nest + Express p99', value: p99('express'), unit: 'ms' },
    { metric: 'Nest + Fastify p99', value: p99('fastify'), unit: 'ms' },
    { metric: 'same bytes, no work: Nest + Express req/s', value: rps('expressBytes'), unit: 'req/s' },
    { metric: 'same bytes, no work: Nest + Fastify req/s', value: rps('fastifyBytes'), unit: 'req/s' },
    {
      metric: 'same bytes, no work: Fastify / Express',
      value: rps('fastifyBytes') / rps('expressBytes'),
      unit: 'ratio',
    },
  ]);
}

async function measureHistory(
  hub: Target,
  headers: Record<string, string>,
  range: { from: Date; to: Date },
): Promise<{ metrics: BenchMetric[]; buckets: number }> {
  const url = `${hub.url}/v1/parkings/${HISTORY_FACILITY}/history?bucket=1h&limit=2200&from=${range.from.toISOString()}&to=${range.to.toISOString()}`;
  const started = performance.now();
  const first = await fetch(url, { headers });
  const coldMs = performance.now() - started;
  const buckets = ((await first.json()) as { data: unknown[] }).data.length;
  const one = await load(url, { connections: 1, seconds: MEASURE_S, headers });
  const ten = await load(url, { connections: 10, seconds: MEASURE_S, headers });
  return {
    buckets,
    metrics: [
      { metric: 'history 1h/90 days: first answer (fills the hourly rollup)', value: coldMs, unit: 'ms' },
      { metric: 'history 1h/90 days: p50, 1 connection', value: one.p50, unit: 'ms' },
      { metric: 'history 1h/90 days: p99, 1 connection', value: one.p99, unit: 'ms', goal: '<= 50' },
      { metric: 'history 1h/90 days: p99, 10 connections', value: ten.p99, unit: 'ms' },
      { metric: 'history 1h/90 days: req/s, 10 connections', value: ten.rps, unit: 'req/s' },
    ],
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
