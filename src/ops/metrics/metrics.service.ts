import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PollRecord } from '../source-health.model.js';

/** Transports of the live feed (docs/interface.md § Live feed): socket.io `/live` and SSE `/v1/stream`. */
export type LiveTransport = 'socketio' | 'sse';
const LIVE_TRANSPORTS: LiveTransport[] = ['socketio', 'sse'];
/** Event types pushed today; more label values appear as the live feed pushes them. */
const LIVE_EVENT_TYPES = ['parking', 'source'];

/** What a scheduler tick did: a poll outcome, or `skipped` when pacing held it back. */
export type PollMetricOutcome = PollRecord['outcome'] | 'skipped';

/**
 * The hub's Prometheus registry (one per app, not prom-client's global one, so several hubs in
 * one test process do not collide). Every name starts with `hub_`; labels are bounded: source
 * ids, outcomes, queues, transports, route patterns; never entity ids.
 *
 * Counters and histograms are per process (the worker that polled counts the poll); the gauges
 * read from Redis at scrape time (ops-gauges.collector.ts) are the same on every process.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly polls = new Counter({
    name: 'hub_polls_total',
    help: 'Scheduler ticks per source by outcome: changed, unchanged (same values or same bytes), not-modified (304), failed, skipped (held back by Retry-After, max-age or backoff)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly pollDuration = new Histogram({
    name: 'hub_poll_duration_seconds',
    help: 'Time to fetch a source (request to last byte, or to the failure)',
    labelNames: ['source'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly pollBytes = new Counter({
    name: 'hub_poll_bytes_total',
    help: 'Response bytes received from sources (after decompression; 304s count 0)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly changes = new Counter({
    name: 'hub_changes_total',
    help: 'Entities whose values changed (each one is a change event and a history row)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly outages = new Counter({
    name: 'hub_source_outages_total',
    help: 'Outages opened (a source went down after consecutive failures)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly historyRowsLost = new Counter({
    name: 'hub_history_rows_lost_total',
    help: 'History rows never written, by source and code: refused by Postgres for their values (STORAGE_DATA_ERROR), dated outside the history window (HISTORY_OUT_OF_RANGE), or in a job that failed for good',
    labelNames: ['source', 'code'] as const,
    registers: [this.registry],
  });

  readonly livePushes = new Counter({
    name: 'hub_live_pushes_total',
    help: 'Events pushed to live clients, by transport and event type',
    labelNames: ['transport', 'type'] as const,
    registers: [this.registry],
  });

  readonly liveClients = new Gauge({
    name: 'hub_live_clients',
    help: 'Live clients connected to this process, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly liveSubscriptions = new Gauge({
    name: 'hub_live_subscriptions',
    help: 'Active live subscriptions on this process, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'hub_http_requests_total',
    help: 'HTTP requests served, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP request duration, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly httpFastReads = new Counter({
    name: 'hub_http_fast_reads_total',
    help: 'HTTP requests answered by the fast read path (a reused answer sent before Express), by route pattern and status code; also counted in hub_http_requests_total',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process metrics, among them hub_nodejs_eventloop_lag_seconds (event-loop lag).
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    // Live metrics show 0 until the live feed reports, so dashboards and alerts can be built now.
    for (const transport of LIVE_TRANSPORTS) {
      this.liveClients.set({ transport }, 0);
      this.liveSubscriptions.set({ transport }, 0);
      for (const type of LIVE_EVENT_TYPES) this.livePushes.inc({ transport, type }, 0);
    }
  }

  /** One poll of a source, as recorded in its health. */
  observePoll(sourceId: string, poll: PollRecord): void {
    this.polls.inc({ source: sourceId, outcome: poll.outcome });
    this.pollDuration.observe({ source: sourceId }, poll.latencyMs / 1000);
    if (poll.bytes !== null) this.pollBytes.inc({ source: sourceId }, poll.bytes);
    if (poll.changes !== undefined && poll.changes > 0) this.changes.inc({ source: sourceId }, poll.changes);
  }

  observeSkip(sourceId: string): void {
    this.polls.inc({ source: sourceId, outcome: 'skipped' });
  }

  /** Prometheus text exposition format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
