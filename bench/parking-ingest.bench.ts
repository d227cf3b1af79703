import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Redis } from 'ioredis';
import { REDIS } from '../src/config/tokens.js';
import { RedisKeys } from '../src/infra/redis/redis-keys.js';
import { ParkingParserService } from '../src/ingest/parking/parking-parser.service.js';
import { ParkingIngestService } from '../src/ingest/parking/parking-ingest.service.js';
import { report } from './bench-result.js';
import { bareWrite, readBareState } from './parking-ingest/bare-write.js';
import { drainHistory, verifyWork } from './parking-ingest/history-drain.js';
import { startIngestContext, type IngestContext } from './parking-ingest/ingest-context.js';
import { breakDownPolls, type PollBreakdown } from './parking-ingest/poll-breakdown.js';
import { benchSource, buildPolls, type Poll } from './parking-ingest/polls.js';
import { RssSampler } from './parking-ingest/rss-sampler.js';
import { measureStages, type StageTimings } from './parking-ingest/stage-timings.js';
import { Timings } from './parking-ingest/timings.js';

/**
 * A 10,000-facility ParkAPI v1 snapshot with 10% changed per poll, through the real
 * ParkingIngestService (parse, validate, diff, Redis live state + change stream, BullMQ history),
 * against a bare pipelined Redis write of the same keys in the same run.
 */
const FACILITIES = 10_000;
const CHANGED = 1_000;
const WARMUP_POLLS = 3;
const MEASURED_POLLS = 20;
const ALL_POLLS = 1 + WARMUP_POLLS + MEASURED_POLLS;
const MB = 2 ** 20;

const measuredPolls = (polls: Poll[]): Poll[] => polls.slice(1 + WARMUP_POLLS);
const expectedChanges = (pollIndex: number): number => (pollIndex === 0 ? FACILITIES : CHANGED);

async function ingestOnce(ingest: ParkingIngestService, poll: Poll, index: number): Promise<void> {
  const stats = await ingest.ingest(benchSource, poll.bytes, poll.receivedAt);
  if (stats.entities !== FACILITIES || stats.changes !== expectedChanges(index)) {
    throw new Error(`poll ${index}: ${stats.entities} entities, ${stats.changes} changes`);
  }
}

/** The first poll (every facility new) and the warm-up polls; returns the first poll's time. */
async function seedAndWarmUp(ingest: ParkingIngestService, polls: Poll[]): Promise<number> {
  const seed = new Timings();
  await seed.time(() => ingestOnce(ingest, polls[0], 0));
  for (let i = 1; i <= WARMUP_POLLS; i++) await ingestOnce(ingest, polls[i], i);
  return seed.samples[0];
}

interface PollPhase {
  polls: Timings;
  /** Longest and p99 event-loop delay during the measured polls (what API requests would wait), ms. */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  /** Highest RSS seen during the measured polls. */
  peakRssBytes: number;
  breakdown: PollBreakdown;
  rssGrowthBytes: number;
  heapGrowthBytes: number;
}

/** The measured polls, back to back; RSS is sampled from another thread, relative to a post-GC baseline. */
async function measurePolls(ctx: IngestContext, ingest: ParkingIngestService, polls: Poll[]): Promise<PollPhase> {
  const sampler = new RssSampler();
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const baselineRss = process.memoryUsage.rss();
  const baselineHeap = process.memoryUsage().heapUsed;
  sampler.reset();
  const timings = new Timings();
  let peakHeap = baselineHeap;
  const { breakdown, stop } = breakDownPolls(ctx);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  for (const [i, poll] of measuredPolls(polls).entries()) {
    await timings.time(() => ingestOnce(ingest, poll, 1 + WARMUP_POLLS + i));
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  stop();
  loopDelay.disable();
  const peakRssBytes = sampler.peakBytes();
  const rssGrowthBytes = peakRssBytes - baselineRss;
  await sampler.stop();
  return {
    polls: timings,
    loopDelayMaxMs: loopDelay.max / 1e6,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    peakRssBytes,
    breakdown,
    rssGrowthBytes,
    heapGrowthBytes: peakHeap - baselineHeap,
  };
}

interface BarePhase {
  fullHash: Timings;
  changedOnly: Timings;
}

/**
 * Same run, same ids and values as the measured polls, one MULTI each: HSET of all 10,000 states
 * (as the brief's floor) or of the 1,000 changed (what the hub sends), + GEOADD and XADD of the 1,000.
 */
async function measureBareWrites(ctx: IngestContext, polls: Poll[]): Promise<BarePhase> {
  const redis = ctx.app.get<Redis>(REDIS);
  const keys = ctx.app.get(RedisKeys);
  const state = await readBareState(redis, keys);
  const allIds = [...state.json.keys()];
  const write = (hashIds: string[], changed: string[]) =>
    bareWrite(redis, keys, state, hashIds, changed, ctx.config.replayWindowMs);
  const phase: BarePhase = { fullHash: new Timings(), changedOnly: new Timings() };
  for (const poll of polls.slice(1, 1 + WARMUP_POLLS)) await write(allIds, poll.changedIds);
  for (const poll of measuredPolls(polls)) {
    await phase.fullHash.time(() => write(allIds, poll.changedIds));
    await phase.changedOnly.time(() => write(poll.changedIds, poll.changedIds));
  }
  return phase;
}

interface Figures {
  poll: PollPhase;
  /** RSS of the process with the Nest context up, before the first poll. */
  rssBeforeSeedBytes: number;
  seedMs: number;
  historyDrainMs: number;
  bare: BarePhase;
  stages: StageTimings;
}

async function main(): Promise<void> {
  const polls = buildPolls({
    facilities: FACILITIES,
    changedPerPoll: CHANGED,
    polls: ALL_POLLS,
    firstPollAt: new Date('2026-01-15T08:00:00Z'),
  });
  const ctx = await startIngestContext();
  try {
    const ingest = ctx.app.get(ParkingIngestService);
    const parser = ctx.app.get(ParkingParserService);
    // Thread heap sizes to compare (the service's defaults otherwise).
    if (process.env.BENCH_THREAD_YOUNG_MB) parser.threadYoungSpaceMb = Number(process.env.BENCH_THREAD_YOUNG_MB);
    if (process.env.BENCH_THREAD_OLD_MB) parser.threadOldSpaceMb = Number(process.env.BENCH_THREAD_OLD_MB);
    global.gc?.();
    const rssBeforeSeedBytes = process.memoryUsage.rss();
    const seedMs = await seedAndWarmUp(ingest, polls);
    // No history worker runs during the measured polls: their jobs are drained (and timed) after.
    const seedDrainMs = await drainHistory(ctx, 1 + WARMUP_POLLS);
    const poll = await measurePolls(ctx, ingest, polls);
    const historyDrainMs = await drainHistory(ctx, MEASURED_POLLS);
    const verified = await verifyWork(ctx, FACILITIES, FACILITIES + (ALL_POLLS - 1) * CHANGED);
    const bare = await measureBareWrites(ctx, polls);
    const stages = await measureStages(ctx, polls, WARMUP_POLLS, expectedChanges);
    emit({ poll, rssBeforeSeedBytes, seedMs, historyDrainMs, bare, stages }, [
      `ParkAPI v1 payload of ${(polls[0].bytes.length / MB).toFixed(1)} MB; ${WARMUP_POLLS} warm-up + ${MEASURED_POLLS} measured polls, each changing ${CHANGED} free counts`,
      `poll thread: young generation ${parser.threadYoungSpaceMb} MB, old space ${parser.threadOldSpaceMb} MB`,
      `V8 heap limit ${Math.round(v8.getHeapStatistics().heap_size_limit / MB)} MB (NODE_OPTIONS: ${process.env.NODE_OPTIONS ?? 'none'})`,
      `history: the seed + warm-up jobs (the first with ${FACILITIES} facility and observation rows) drained in ${seedDrainMs} ms`,
      verified,
    ]);
  } finally {
    await ctx.close();
  }
}

function emit(f: Figures, notes: string[]): void {
  const hubRate = FACILITIES / (f.poll.polls.p50 / 1000);
  const bareRate = FACILITIES / (f.bare.fullHash.p50 / 1000);
  report({
    bench: 'parking-ingest',
    metrics: [
      { metric: 'poll p50 (10,000 facilities, 1,000 changed)', value: f.poll.polls.p50, unit: 'ms', goal: '<= 250' },
      { metric: 'poll p95', value: f.poll.polls.p95, unit: 'ms', goal: '<= 250' },
      { metric: 'poll max', value: f.poll.polls.max, unit: 'ms' },
      { metric: 'event-loop delay during the polls, max', value: f.poll.loopDelayMaxMs, unit: 'ms' },
      { metric: 'event-loop delay during the polls, p99', value: f.poll.loopDelayP99Ms, unit: 'ms' },
      { metric: 'facilities/s (10,000 / poll p50)', value: hubRate, unit: 'facilities/s' },
      { metric: 'bare MULTI: HSET 10,000 + GEOADD/XADD 1,000, p50', value: f.bare.fullHash.p50, unit: 'ms' },
      { metric: 'hub / bare facilities/s', value: hubRate / bareRate, unit: 'ratio' },
      {
        metric: 'bare MULTI: HSET/GEOADD/XADD 1,000 (what the hub sends), p50',
        value: f.bare.changedOnly.p50,
        unit: 'ms',
      },
      {
        metric: 'peak RSS growth during the measured polls',
        value: f.poll.rssGrowthBytes / MB,
        unit: 'MB',
        goal: '<= 100',
      },
      {
        metric: 'peak RSS during the measured polls minus RSS before the first poll (kept states, thread heaps)',
        value: (f.poll.peakRssBytes - f.rssBeforeSeedBytes) / MB,
        unit: 'MB',
      },
      { metric: 'peak heapUsed growth (read after each poll)', value: f.poll.heapGrowthBytes / MB, unit: 'MB' },
      { metric: 'in the poll: revision GET, p50', value: f.poll.breakdown.revision.p50, unit: 'ms' },
      {
        metric: 'in the poll: parse + normalize + diff in the poll thread (task and changes moved), p50',
        value: f.poll.breakdown.pollTask.p50,
        unit: 'ms',
      },
      {
        metric: 'in the poll: write (MULTI of the serialised changes), p50',
        value: f.poll.breakdown.write.p50,
        unit: 'ms',
      },
      { metric: 'in the poll: history batch to BullMQ, p50', value: f.poll.breakdown.history.p50, unit: 'ms' },
      {
        metric: 'in the poll: state reads from Redis (count over the measured polls)',
        value: f.poll.breakdown.stateReads.samples.length,
        unit: 'reads',
      },
      { metric: 'stage: parse, adapter inline, p50', value: f.stages.parseInline.p50, unit: 'ms' },
      {
        metric: 'stage: parse alone in a pool thread, records cloned back (not the poll path), p50',
        value: f.stages.parseService.p50,
        unit: 'ms',
      },
      { metric: 'stage: normalize + diff inline, p50', value: f.stages.normalizeDiff.p50, unit: 'ms' },
      {
        metric: 'stage: reading 10,000 states from Redis (HMGET + JSON.parse; cold polls only), p50',
        value: f.stages.liveRead.p50,
        unit: 'ms',
      },
      { metric: 'first poll (10,000 new facilities)', value: f.seedMs, unit: 'ms' },
      {
        metric: 'history to Postgres per 1,000-change batch (queue drain)',
        value: f.historyDrainMs / MEASURED_POLLS,
        unit: 'ms',
      },
    ],
    notes: [...notes, `poll samples (ms): ${f.poll.polls.samples.map((v) => v.toFixed(0)).join(' ')}`],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
