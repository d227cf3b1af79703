import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { SourceConfig } from '../config/source-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { MetricsService } from './metrics/metrics.service.js';
import { outageTransition } from './outages/source-outage.model.js';
import { SOURCE_OUTAGE_QUEUE, type SourceOutageQueuePort } from './outages/source-outage.port.js';
import {
  applyHistoryLoss,
  applyPoll,
  initialHealth,
  newNotes,
  type HealthRules,
  type ImportProgress,
  type PacedBy,
  type PollRecord,
  type SourceHealth,
} from './source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from './source-health.port.js';

/** When the next poll may run, decided by the poller once it knows the new health. */
export type PacingDecider = (health: SourceHealth) => { nextPollAtMs: number; pacedBy: PacedBy } | undefined;

/**
 * Folds each poll into the source's health and everything that follows from it: the `source`
 * change event (status changes), the outage row (into or out of `down`), the poll metrics.
 */
@Injectable()
export class SourceHealthRecorder {
  private readonly logger = new Logger('SourceHealth');
  /** When this process last pushed each source's health (a `source` change event). */
  private readonly pushedAt = new Map<string, number>();

  constructor(
    @Inject(SOURCE_HEALTH_STORE) private readonly store: SourceHealthStorePort,
    @Inject(SOURCE_OUTAGE_QUEUE) private readonly outages: SourceOutageQueuePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async current(source: SourceConfig): Promise<SourceHealth> {
    return (await this.store.get(source.id)) ?? initialHealth(source);
  }

  async record(source: SourceConfig, poll: PollRecord, pace?: PacingDecider): Promise<SourceHealth> {
    const before = await this.current(source);
    const after = applyPoll({ ...before, intervalMs: source.intervalMs }, poll, healthRules(source, this.config));
    delete after.nextPollAt;
    delete after.pacedBy;
    const plan = pace?.(after);
    if (plan !== undefined) {
      after.nextPollAt = new Date(plan.nextPollAtMs).toISOString();
      after.pacedBy = plan.pacedBy;
    }
    await this.store.record(after, poll, this.pushesHealth(before, after, Date.parse(poll.at)));
    this.metrics.observePoll(source.id, poll);
    const outage = outageTransition(before, after);
    if (outage !== undefined) await this.recordOutage(outage);
    if (after.status !== before.status) this.logStatus(before, after);
    this.logNewWarnings(before, after);
    return after;
  }

  /**
   * Whether this poll's health goes out on the change stream (`source` events): on a status
   * change or a first poll, and otherwise once LIVE_SOURCE_REFRESH has passed since this process
   * last sent it, so a feed-health view's times stay fresh without asking again.
   */
  private pushesHealth(before: SourceHealth, after: SourceHealth, atMs: number): boolean {
    const last = this.pushedAt.get(after.id);
    const due =
      after.status !== before.status ||
      before.lastPollAt === null ||
      last === undefined ||
      atMs - last >= this.config.live.sourceRefreshMs;
    if (due) this.pushedAt.set(after.id, atMs);
    return due;
  }

  /**
   * History rows of a source that will never be written: counted in hub_history_rows_lost_total,
   * logged with the source id and count, and kept in the source's health (`historyLost`,
   * `lastError`, `degraded`). Never silent, even when the source has no health record (left out
   * of sources.yaml since): the count and the log line remain.
   */
  async recordHistoryLoss(sourceId: string, loss: { rows: number; code: string; message: string }): Promise<void> {
    this.metrics.historyRowsLost.inc({ source: sourceId, code: loss.code }, loss.rows);
    this.logger.error(`source ${sourceId}: ${loss.rows} history rows not written (${loss.code}): ${loss.message}`);
    const before = await this.store.get(sourceId);
    if (before === undefined) return;
    await this.store.put(applyHistoryLoss(before, { ...loss, at: new Date().toISOString() }));
  }

  /**
   * The source's settings changed (a reload): the backoff earned by its failures no longer says
   * anything, so the next tick polls. An operator's own Retry-After or max-age stays honoured.
   */
  async clearBackoff(sourceId: string): Promise<boolean> {
    const health = await this.store.get(sourceId);
    if (health?.pacedBy !== 'backoff') return false;
    const cleared = { ...health };
    delete cleared.nextPollAt;
    delete cleared.pacedBy;
    await this.store.put(cleared);
    return true;
  }

  /** A running GTFS import's progress in the source's health (`importing`); undefined when it ended. */
  async importProgress(sourceId: string, progress: ImportProgress | undefined): Promise<void> {
    const health = await this.store.get(sourceId);
    if (health === undefined) return;
    const next = { ...health };
    if (progress === undefined) delete next.importing;
    else next.importing = progress;
    await this.store.put(next);
  }

  /** A scheduler tick held back by pacing: counted, not recorded as a poll. */
  skipped(sourceId: string): void {
    this.metrics.observeSkip(sourceId);
  }

  private async recordOutage(outage: NonNullable<ReturnType<typeof outageTransition>>): Promise<void> {
    if (outage.endedAt === null) this.metrics.outages.inc({ source: outage.sourceId });
    await this.outages.enqueue(outage);
  }

  /** Warnings new since the last poll, one line each (failed polls are logged by the poll itself). */
  private logNewWarnings(before: SourceHealth, after: SourceHealth): void {
    for (const note of newNotes(before, after)) {
      if (note.kind !== 'warning') continue;
      const where = note.ref === undefined ? '' : ` at ${note.ref}`;
      this.logger.warn(`source ${after.id}: warning ${note.code}${where}: ${note.message}`);
    }
  }

  private logStatus(before: SourceHealth, after: SourceHealth): void {
    const why = after.lastError !== undefined && after.status !== 'ok' ? ` (${after.lastError.code})` : '';
    const line = `source ${after.id}: ${before.status} -> ${after.status}${why}`;
    if (after.status === 'down') this.logger.error(line);
    else if (after.status === 'degraded') this.logger.warn(line);
    else this.logger.log(line);
  }
}

/**
 * Frozen-feed check for realtime sources: limit max(staleness limit, HUB_FROZEN_AFTER). Static
 * GTFS is left out: a timetable unchanged for weeks is normal.
 */
export function healthRules(source: SourceConfig, config: Pick<AppConfig, 'frozenAfterMs'>): HealthRules {
  if (source.kind === 'gtfs') return {};
  return { frozenAfterMs: Math.max(source.staleAfterMs, config.frozenAfterMs) };
}
