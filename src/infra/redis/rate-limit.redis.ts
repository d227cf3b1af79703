import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiterPort } from '../../access/rate-limit.port.js';
import { REDIS } from '../../config/tokens.js';
import { RedisKeys } from './redis-keys.js';

const WINDOW_MS = 60_000;
/** How often the counts of requests admitted locally are added to the shared ones. */
export const RATE_LIMIT_SYNC_MS = 100;

/**
 * A request counted at Redis (with the ones counted here since the last sync, ARGV[1] in all):
 * adds them and reads the shared count, the window (from the Redis clock, so processes whose
 * clocks disagree count into the same window) and the change-stream cursor, in one atomic round trip.
 */
const HIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / ${WINDOW_MS})
local key = KEYS[1] .. ':' .. window
local count = redis.call('INCRBY', key, ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', key, ${WINDOW_MS + 5_000}) end
local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local cursor = '0-0'
if newest[1] then cursor = newest[1][1] end
return { count, ${WINDOW_MS} - (now % ${WINDOW_MS}), cursor, window }
`;

/** Later requests: the counts admitted since the last sync, added in one call per window key. */
const ADD_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS + 5_000}) end
return count
`;

type HitReply = [number, number, string, number];
type ExecReply = Array<[Error | null, unknown]> | null;

/** One subject's count in one window, as this process knows it. */
interface Tally {
  key: string;
  /** Local time at which the window ends (Redis clock window, read at the first request). */
  endsAt: number;
  /** Until when `shared` is recent enough to count locally against (one sync interval after Redis answered). */
  freshUntil: number;
  /** The shared count as Redis last answered it (it includes what this process sent). */
  shared: number;
  /** Admitted here, not sent yet. */
  pending: number;
  /** Sent, not answered yet. */
  inflight: number;
  /** A request is being counted at Redis: the others count here meanwhile (its answer refreshes `shared`). */
  refreshing: boolean;
}

/**
 * Fixed one-minute windows shared by every API process through Redis, without a round trip per
 * request under load: a request is counted at Redis (exact: the shared count, the window, the
 * change cursor) unless this process heard the shared count less than RATE_LIMIT_SYNC_MS ago; then
 * it is counted here, and what was counted here is added to Redis within RATE_LIMIT_SYNC_MS, each
 * sync bringing back the total every process has sent. A client sending less than one request per
 * interval to a process is counted exactly; a busy one can get past its quota by what the other
 * processes admitted within one interval. Within one process the count is always exact. Redis
 * unreachable: requests that need Redis fail (the caller serves them without a limit); counts
 * made here are kept and sent when Redis answers again.
 */
@Injectable()
export class RateLimitRedis implements RateLimiterPort, OnModuleDestroy {
  private readonly logger = new Logger('Access');
  private readonly tallies = new Map<string, Tally>();
  private timer?: NodeJS.Timeout;
  private syncing = false;
  private syncFailing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    const commands = redis as Partial<RateLimitCommands>;
    if (typeof commands.rateLimitHit !== 'function') {
      redis.defineCommand('rateLimitHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    }
    if (typeof commands.rateLimitAdd !== 'function') {
      redis.defineCommand('rateLimitAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    }
  }

  hit(subject: string, perMinute: number, now = Date.now()): Promise<RateLimitDecision> {
    const local = this.hitNow(subject, perMinute, now);
    if (local !== undefined) return Promise.resolve(local);
    return this.countAtRedis(subject, perMinute, now, this.tallies.get(subject));
  }

  /** Counted here when the shared count is fresh (or being refreshed); undefined when Redis must count it. */
  hitNow(subject: string, perMinute: number, now = Date.now()): RateLimitDecision | undefined {
    const tally = this.tallies.get(subject);
    if (tally === undefined || tally.endsAt <= now || (tally.freshUntil <= now && !tally.refreshing)) return undefined;
    tally.pending += 1;
    this.scheduleSync();
    return decide(tally.shared + tally.inflight + tally.pending, perMinute, tally.endsAt - now);
  }

  /** Sends what is pending now (also on a timer, and at shutdown). */
  async sync(): Promise<void> {
    if (this.syncing) return;
    const sent: Array<[Tally, number]> = [];
    for (const tally of this.tallies.values()) {
      if (tally.pending === 0) continue;
      sent.push([tally, tally.pending]);
      tally.inflight += tally.pending;
      tally.pending = 0;
    }
    if (sent.length === 0) return;
    this.syncing = true;
    let failure: Error | undefined;
    try {
      // On a pipeline, a defined command queues and returns the pipeline; exec() sends them all.
      const pipeline = this.redis.pipeline() as unknown as {
        rateLimitAdd(key: string, count: number): unknown;
        exec(): Promise<ExecReply>;
      };
      for (const [tally, count] of sent) pipeline.rateLimitAdd(tally.key, count);
      const replies = (await pipeline.exec()) ?? [];
      sent.forEach(([tally, count], i) => {
        const [error, total] = replies[i] ?? [new Error('no reply'), null];
        tally.inflight -= count;
        if (error) {
          tally.pending += count;
          failure ??= error;
        } else {
          tally.shared = Math.max(tally.shared + count, Number(total));
          tally.freshUntil = Date.now() + RATE_LIMIT_SYNC_MS;
        }
      });
    } catch (error) {
      for (const [tally, count] of sent) {
        tally.inflight -= count;
        tally.pending += count;
      }
      failure = error as Error;
    } finally {
      this.syncing = false;
    }
    this.noteSyncOutcome(failure);
    this.forgetEnded(Date.now());
  }

  private noteSyncOutcome(failure: Error | undefined): void {
    if (failure === undefined) {
      if (this.syncFailing) this.logger.log('rate-limit counts are shared again');
      this.syncFailing = false;
      return;
    }
    if (!this.syncFailing) {
      this.logger.warn(`rate-limit counts not shared (kept per process until Redis answers): ${failure.message}`);
    }
    this.syncFailing = true;
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sync();
  }

  private async countAtRedis(
    subject: string,
    perMinute: number,
    now: number,
    known: Tally | undefined,
  ): Promise<RateLimitDecision> {
    const base = `${this.keys.prefix}:ratelimit:${subject}`;
    // What this process counted in the current window travels with it.
    const carried = known !== undefined && known.endsAt > now ? known.pending : 0;
    if (known !== undefined) {
      known.pending -= carried;
      known.inflight += carried;
      known.refreshing = true;
    }
    let reply: HitReply;
    try {
      reply = await (this.redis as unknown as RateLimitCommands).rateLimitHit(base, this.keys.changes(), carried + 1);
    } catch (error) {
      if (known !== undefined) {
        known.inflight -= carried;
        known.pending += carried;
      }
      throw error;
    } finally {
      if (known !== undefined) known.refreshing = false;
    }
    const [count, msLeft, changeCursor, window] = reply;
    const key = `${base}:${window}`;
    const answeredAt = Date.now();
    const current = this.tallies.get(subject);
    if (current !== undefined && current.key === key) {
      if (current === known) current.inflight -= carried;
      // Requests counted here while this one was on its way stay counted on top.
      current.shared = Math.max(current.shared + carried + 1, count);
      current.freshUntil = answeredAt + RATE_LIMIT_SYNC_MS;
    } else {
      this.tallies.set(subject, {
        key,
        endsAt: now + msLeft,
        freshUntil: answeredAt + RATE_LIMIT_SYNC_MS,
        shared: count,
        pending: 0,
        inflight: 0,
        refreshing: false,
      });
    }
    const tally = this.tallies.get(subject) as Tally;
    return { ...decide(tally.shared + tally.inflight + tally.pending, perMinute, msLeft), changeCursor };
  }

  private scheduleSync(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync().then(() => {
        if ([...this.tallies.values()].some((t) => t.pending > 0)) this.scheduleSync();
      });
    }, RATE_LIMIT_SYNC_MS);
    this.timer.unref();
  }

  /** Windows that ended and have nothing left to send. */
  private forgetEnded(now: number): void {
    for (const [subject, tally] of this.tallies) {
      if (tally.endsAt <= now && tally.pending === 0 && tally.inflight === 0) this.tallies.delete(subject);
    }
  }
}

function decide(count: number, perMinute: number, msLeft: number): RateLimitDecision {
  return {
    allowed: count <= perMinute,
    limit: perMinute,
    remaining: Math.max(0, perMinute - count),
    resetS: Math.max(1, Math.ceil(msLeft / 1_000)),
  };
}

interface RateLimitCommands {
  rateLimitHit(key: string, changes: string, count: number): Promise<HitReply>;
  rateLimitAdd(key: string, count: number): Promise<number>;
}
