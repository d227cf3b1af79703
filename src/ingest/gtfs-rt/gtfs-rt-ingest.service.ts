import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException, ParseException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { FetchTarget, GtfsRtSourceConfig } from '../../config/source-config.js';
import type { PollRecord } from '../../ops/source-health.model.js';
import { TIMETABLE, type TimetablePort } from '../../transit/ports/timetable.port.js';
import { TRANSIT_HISTORY, type TransitHistoryPort } from '../../transit/ports/transit-history.port.js';
import { ConditionalFetchService } from '../conditional-fetch.service.js';
import { requestKey } from '../fetch/request-key.js';
import { AlertsProcessor } from '../../transit/realtime/alerts.processor.js';
import { DepartureEventsService } from '../../transit/realtime/departure-events.service.js';
import type { DecodedFeed } from '../../transit/realtime/decoded-feed.model.js';
import { DifferentialFeeds, type DifferentialOutcome, type RtKind } from '../../transit/realtime/differential-feeds.js';
import { RtDecoderService } from '../formats/gtfs-rt/gtfs-rt-decoder.service.js';
import { idNamespace, UnmatchedIds, type KindStats, type RtContext } from '../../transit/realtime/rt-context.js';
import { TripUpdatesProcessor, type DelayObservation } from '../../transit/realtime/trip-updates.processor.js';
import { VehiclesProcessor } from '../../transit/realtime/vehicles.processor.js';

export type RtRole = 'tripUpdates' | 'vehiclePositions' | 'alerts';
const ROLES: readonly RtRole[] = ['tripUpdates', 'vehiclePositions', 'alerts'];
/** Failures of the source's `auth` or `tls`, which every URL of the source shares. */
const SOURCE_WIDE: ReadonlySet<string> = new Set([ErrorCode.AUTH_TOKEN_FAILED, ErrorCode.TLS_CLIENT_CERT]);
const KIND: Record<RtRole, RtKind> = { tripUpdates: 'trip', vehiclePositions: 'vehicle', alerts: 'alert' };

/** Totals of one poll over every URL of the source. */
export interface RtPollStats extends KindStats {
  bytes: number;
  processed: number;
  notModified: number;
  unmatched: { trips: number; stops: number; routes: number };
  departureEvents: number;
  errors: string[];
}

/**
 * URLs of the source, each with the roles it serves (one mixed feed may serve all three). Two roles
 * at one URL asked with different bodies (`request:` per URL) are two fetches.
 */
export function targetsByUrl(source: GtfsRtSourceConfig): Array<{ roles: RtRole[]; target: FetchTarget }> {
  const groups = new Map<string, { roles: RtRole[]; target: FetchTarget }>();
  for (const role of ROLES) {
    const target = source.urls[role];
    if (target === undefined) continue;
    const key = `${target.url} ${requestKey(target) ?? ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { roles: [role], target });
    else group.roles.push(role);
  }
  return [...groups.values()];
}

/**
 * The poll of a `gtfs-rt` source: fetch each URL (conditional GET + body hash), decode (a worker
 * thread for large feeds), apply what each URL serves, then push `departures` for the stops whose
 * predictions changed. A URL that fails is reported; the others are still applied and the
 * previous state of the failed one stays served.
 */
@Injectable()
export class GtfsRtIngestService {
  private readonly logger = new Logger('GtfsRt');

  constructor(
    private readonly fetcher: ConditionalFetchService,
    private readonly decoder: RtDecoderService,
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_HISTORY) private readonly history: TransitHistoryPort,
    private readonly trips: TripUpdatesProcessor,
    private readonly vehicles: VehiclesProcessor,
    private readonly alerts: AlertsProcessor,
    private readonly departureEvents: DepartureEventsService,
    private readonly differential: DifferentialFeeds,
  ) {}

  async poll(source: GtfsRtSourceConfig, at: Date): Promise<PollRecord> {
    const started = Date.now();
    const stats = emptyStats();
    const unmatched = new UnmatchedIds();
    for (const { roles, target } of targetsByUrl(source)) {
      const role = fetchRole(roles);
      try {
        const result = await this.fetcher.fetch(source.id, role, target);
        if (!result.changed) {
          if (result.reason === 'not-modified') stats.notModified++;
          continue;
        }
        stats.bytes += result.bytes;
        await this.ingest(source, roles, result.body, at, stats, unmatched);
        await result.commit();
      } catch (error) {
        // Transient, or the source's own credentials (auth, tls: the same for every URL): the poll fails with its code.
        if (error instanceof AppException && (error.transient || SOURCE_WIDE.has(error.code))) throw error;
        stats.errors.push(`${role}: ${(error as Error).message}`);
      }
    }
    // A DIFFERENTIAL feed's entities expire also while its bytes stay the same.
    if (stats.processed === 0) {
      let ctx: RtContext | undefined;
      const context = async (): Promise<RtContext> => (ctx ??= await this.context(source, undefined, at));
      const expired = await this.differential.expire(source.id, at, context);
      stats.changes += expired.removed;
      if (expired.affectedStops.size > 0) await this.emitDepartures(await context(), expired.affectedStops, stats);
    }
    if (stats.errors.length > 0) {
      throw new ParseException(stats.errors.join('; '), { applied: stats.processed, unmatched: unmatched.counts() });
    }
    return toRecord(at, Date.now() - started, stats, unmatched);
  }

  /** Decodes and applies one feed's bytes for the given roles. */
  async ingest(
    source: GtfsRtSourceConfig,
    roles: readonly RtRole[],
    body: Buffer,
    at: Date,
    stats: RtPollStats = emptyStats(),
    unmatched = new UnmatchedIds(),
  ): Promise<RtPollStats> {
    const feed = await this.decoder.decode(body);
    const ctx = await this.context(source, feed, at);
    const full = feed.incrementality === 'full';
    const kinds = roles.map((r) => KIND[r]);
    const affected = new Set<string>();
    stats.processed++;
    stats.warnings += feed.warnings.length;
    if (!full) collect(stats, affected, await this.differential.deleteFlagged(ctx, feed, kinds));
    if (roles.includes('tripUpdates')) {
      const outcome = await this.trips.apply(ctx, feed, unmatched);
      add(stats, outcome);
      await this.writeDelays(source, outcome.delays, ctx.feedTime);
      for (const stop of outcome.affectedStops) affected.add(stop);
    }
    if (roles.includes('vehiclePositions')) add(stats, await this.vehicles.apply(ctx, feed.vehicles, full, unmatched));
    if (roles.includes('alerts')) add(stats, await this.alerts.apply(ctx, feed.alerts, full, unmatched));
    if (full) await this.differential.forget(source.id, kinds);
    else collect(stats, affected, await this.differential.record(ctx, feed, kinds));
    collect(stats, affected, await this.differential.expire(source.id, at, () => Promise.resolve(ctx)));
    await this.emitDepartures(ctx, affected, stats);
    stats.unmatched = unmatched.counts();
    return stats;
  }

  private async emitDepartures(ctx: RtContext, stops: Set<string>, stats: RtPollStats): Promise<void> {
    if (stops.size === 0) return;
    const at = new Date(ctx.feedTime * 1000);
    if (ctx.source.feed === undefined) {
      stats.departureEvents += await this.departureEvents.emitRealtimeOnly(ctx.source.id, stops, at);
    } else if (ctx.version !== undefined) {
      stats.departureEvents += await this.departureEvents.emit(ctx.version, stops, at);
    }
  }

  private async context(source: GtfsRtSourceConfig, feed: DecodedFeed | undefined, at: Date): Promise<RtContext> {
    const version = source.feed === undefined ? undefined : await this.timetable.currentVersion(source.feed);
    const calendar = version === undefined ? undefined : await this.timetable.calendar(version);
    const feedTime = feed?.timestamp ?? Math.floor(at.getTime() / 1000);
    return { source, version, calendar, feedTime, receivedAt: at };
  }

  /** Delay history is best effort: a Postgres outage must not hold back live predictions. */
  private async writeDelays(source: GtfsRtSourceConfig, delays: DelayObservation[], feedTime: number): Promise<void> {
    const rows = delays.map((d) => ({ ...d, tripId: `${idNamespace(source)}:${d.tripId}` }));
    try {
      await this.history.recordDelays(source.id, rows, new Date(feedTime * 1000));
    } catch (error) {
      this.logger.warn(`${source.id}: delay history not written (${(error as Error).message})`);
    }
  }
}

/** The key a URL's fetch validators are kept under. */
export function fetchRole(roles: readonly RtRole[]): string {
  return roles.join('+');
}

function emptyStats(): RtPollStats {
  return {
    entities: 0,
    changes: 0,
    warnings: 0,
    bytes: 0,
    processed: 0,
    notModified: 0,
    unmatched: { trips: 0, stops: 0, routes: 0 },
    departureEvents: 0,
    errors: [],
  };
}

/** Entities a DIFFERENTIAL feed removed count as changes; their stops get `departures` events. */
function collect(stats: RtPollStats, affected: Set<string>, outcome: DifferentialOutcome): void {
  stats.changes += outcome.removed;
  for (const stop of outcome.affectedStops) affected.add(stop);
}

function add(stats: RtPollStats, kind: KindStats): void {
  stats.entities += kind.entities;
  stats.changes += kind.changes;
  stats.warnings += kind.warnings;
}

function toRecord(at: Date, latencyMs: number, stats: RtPollStats, unmatched: UnmatchedIds): PollRecord {
  const base = { at: at.toISOString(), latencyMs, bytes: stats.processed > 0 ? stats.bytes : null };
  if (stats.processed === 0) {
    return { ...base, outcome: stats.notModified > 0 ? 'not-modified' : 'unchanged', changes: 0 };
  }
  return {
    ...base,
    outcome: stats.changes > 0 ? 'changed' : 'unchanged',
    entities: stats.entities,
    changes: stats.changes,
    warnings: stats.warnings,
    unmatched: unmatched.counts(),
  };
}
