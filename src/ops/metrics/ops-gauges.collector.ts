import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { QueueName } from '../../infra/queue/jobs.js';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import { isPollStalled, withPollStall } from '../poll-stall.js';
import type { SourceHealth, SourceStatus } from '../source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../source-health.port.js';
import { isSourceStale } from '../source-staleness.js';
import { MetricsService } from './metrics.service.js';

const STATUSES: SourceStatus[] = ['ok', 'degraded', 'down', 'disabled'];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** One scrape reads Redis once, however many gauges it fills. */
const SNAPSHOT_TTL_MS = 500;

/** `health` as read: a source whose polls stopped coming is `down` (POLL_STALLED). */
interface SourceRow {
  id: string;
  staleAfterMs: number;
  enabled: boolean;
  stalled: boolean;
  health?: SourceHealth;
}

interface Snapshot {
  sources: SourceRow[];
  queues: Array<{ queue: QueueName; counts: Record<string, number>; lagMs: number; schedulers: number }>;
}

/**
 * Gauges read at scrape time from what every process shares (source health and BullMQ in
 * Redis), so any API replica reports the same: status per source, stale sources, queue depth
 * and lag, history write backlog.
 */
@Injectable()
export class OpsGaugesCollector implements OnModuleInit {
  private cached?: { at: number; value: Promise<Snapshot> };

  constructor(
    private readonly metrics: MetricsService,
    private readonly registry: SourceRegistry,
    private readonly queues: QueueRepository,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const read = (): Promise<Snapshot> => this.snapshot();
    new Gauge({
      name: 'hub_source_status',
      help: 'Current status of each configured source: 1 for its status, 0 for the others',
      labelNames: ['source', 'status'] as const,
      registers,
      async collect() {
        this.reset();
        for (const s of (await read()).sources) {
          const status = s.enabled ? (s.health?.status ?? 'ok') : 'disabled';
          for (const candidate of STATUSES) this.set({ source: s.id, status: candidate }, candidate === status ? 1 : 0);
        }
      },
    });
    this.sourceGauge(
      'hub_source_poll_stalled',
      'Per source: 1 while its scheduled polls have stopped coming (POLL_STALLED: schedule lost or no worker), else 0',
      (s) => (s.stalled ? 1 : 0),
    );
    this.sourceGauge(
      'hub_source_consecutive_failures',
      'Failed polls in a row per source (5 makes it down)',
      (s) => s.health?.consecutiveFailures ?? 0,
    );
    this.sourceGauge(
      'hub_source_entities',
      'Entities (car parks, trips...) in the last successful poll of each source',
      (s) => s.health?.entities ?? 0,
    );
    this.sourceGauge(
      'hub_source_last_success_timestamp_seconds',
      'Unix time of the last successful poll of each source (absent before the first)',
      (s) => {
        const at = s.health?.lastSuccessAt;
        return at === null || at === undefined ? undefined : Date.parse(at) / 1000;
      },
    );
    new Gauge({
      name: 'hub_stale_sources',
      help: 'Enabled sources whose values are served stale: frozen feed (STALE_DATA) or no successful poll within the staleness limit',
      registers,
      async collect() {
        const now = Date.now();
        const { sources } = await read();
        this.set(sources.filter((s) => s.enabled && s.health && isSourceStale(s.health, s.staleAfterMs, now)).length);
      },
    });
    this.queueGauges(registers, read);
  }

  /** A gauge with one series per source (label `source`), read at scrape time; `undefined` leaves a source out. */
  private sourceGauge(name: string, help: string, value: (source: SourceRow) => number | undefined): void {
    const read = (): Promise<Snapshot> => this.snapshot();
    new Gauge({
      name,
      help,
      labelNames: ['source'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        for (const s of (await read()).sources) {
          const v = value(s);
          if (v !== undefined) this.set({ source: s.id }, v);
        }
      },
    });
  }

  private queueGauges(registers: MetricsService['registry'][], read: () => Promise<Snapshot>): void {
    new Gauge({
      name: 'hub_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting = ready to run, delayed = scheduled or waiting to retry)',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const q of (await read()).queues) {
          for (const state of QUEUE_STATES) this.set({ queue: q.queue, state }, q.counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'hub_queue_lag_seconds',
      help: 'How long the oldest ready job of each queue has waited past its due time',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        this.reset();
        for (const q of (await read()).queues) this.set({ queue: q.queue }, q.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'hub_history_write_backlog',
      help: 'History and outage writes not yet in Postgres (queued, running or waiting to retry); grows while Postgres is down',
      registers,
      async collect() {
        const history = (await read()).queues.find((q) => q.queue === QueueName.History);
        if (history === undefined) return;
        const c = history.counts;
        const pending = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0);
        this.set(Math.max(0, pending - history.schedulers));
      },
    });
  }

  private snapshot(): Promise<Snapshot> {
    const now = Date.now();
    if (this.cached === undefined || now - this.cached.at > SNAPSHOT_TTL_MS) {
      this.cached = { at: now, value: this.load() };
      this.cached.value.catch(() => (this.cached = undefined));
    }
    return this.cached.value;
  }

  private async load(): Promise<Snapshot> {
    const stored = new Map((await this.health.all()).map((h) => [h.id, h]));
    const now = Date.now();
    const sources = this.registry.all().map((s) => {
      const health = stored.get(s.id);
      return {
        id: s.id,
        staleAfterMs: s.staleAfterMs,
        enabled: s.enabled,
        stalled: health !== undefined && isPollStalled(health, s, now),
        health: health === undefined ? undefined : withPollStall(health, s, now),
      };
    });
    const queues = await Promise.all(
      Object.values(QueueName).map(async (queue) => ({
        queue,
        counts: await this.queues.counts(queue),
        lagMs: await this.queues.oldestWaitingAgeMs(queue),
        schedulers: await this.queues.schedulerCount(queue),
      })),
    );
    return { sources, queues };
  }
}
