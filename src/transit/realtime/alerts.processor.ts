import { Inject, Injectable } from '@nestjs/common';
import { TIMETABLE, type TimetablePort } from '../ports/timetable.port.js';
import { TRANSIT_HISTORY, type TransitHistoryPort } from '../ports/transit-history.port.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from '../ports/transit-live-state.port.js';
import type { RtAlert } from './rt-feed.model.js';
import type { Alert } from '../transit.model.js';
import { idNamespace, type KindStats, type RtContext, type UnmatchedIds } from './rt-context.js';

function iso(epochS: number | null): string | null {
  return epochS === null ? null : new Date(epochS * 1000).toISOString();
}

function prefixed(feedId: string, ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))].map((id) => `${feedId}:${id}`);
}

export function toAlert(sourceId: string, feedId: string, a: RtAlert): Alert {
  return {
    id: `${sourceId}:${a.entityId}`,
    source: sourceId,
    cause: a.cause,
    effect: a.effect,
    severity: a.severity,
    header: a.header.text,
    description: a.description.text,
    url: a.url.text,
    translations: { header: a.header.byLanguage, description: a.description.byLanguage, url: a.url.byLanguage },
    activePeriods: a.activePeriods.map((p) => ({ start: iso(p.start), end: iso(p.end) })),
    routes: prefixed(
      feedId,
      a.informed.map((e) => e.routeId),
    ),
    stops: prefixed(
      feedId,
      a.informed.map((e) => e.stopId),
    ),
    informedEntities: a.informed.map((e) => ({
      agencyId: e.agencyId,
      routeId: e.routeId === null ? null : `${feedId}:${e.routeId}`,
      routeType: e.routeType,
      tripId: e.tripId === null ? null : `${feedId}:${e.tripId}`,
      stopId: e.stopId === null ? null : `${feedId}:${e.stopId}`,
      directionId: e.directionId,
    })),
  };
}

/** Alerts → Redis (+ `alert` events) and their history in Postgres; an alert missing from a full feed is removed. */
@Injectable()
export class AlertsProcessor {
  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
    @Inject(TRANSIT_HISTORY) private readonly history: TransitHistoryPort,
  ) {}

  async apply(ctx: RtContext, alerts: readonly RtAlert[], full: boolean, unmatched: UnmatchedIds): Promise<KindStats> {
    await this.countUnmatched(ctx, alerts, unmatched);
    const next = new Map(alerts.map((a) => toAlert(ctx.source.id, idNamespace(ctx.source), a)).map((a) => [a.id, a]));
    const previous = new Map((await this.live.alerts([ctx.source.id])).map((a) => [a.id, a]));
    const upserts = [...next.values()].filter((a) => JSON.stringify(previous.get(a.id)) !== JSON.stringify(a));
    const removed = full ? [...previous.values()].filter((a) => !next.has(a.id)) : [];
    await this.live.applyAlerts(ctx.source.id, upserts, removed);
    await this.history.recordAlerts(ctx.source.id, upserts, removed, ctx.receivedAt);
    return { entities: next.size, changes: upserts.length + removed.length, warnings: 0 };
  }

  /** Removes alerts by id (a DIFFERENTIAL feed's is_deleted or expiry), with events and history; how many were there. */
  async remove(ctx: RtContext, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const wanted = new Set(ids);
    const removed = (await this.live.alerts([ctx.source.id])).filter((a) => wanted.has(a.id));
    await this.live.applyAlerts(ctx.source.id, [], removed);
    await this.history.recordAlerts(ctx.source.id, [], removed, ctx.receivedAt);
    return removed.length;
  }

  private async countUnmatched(ctx: RtContext, alerts: readonly RtAlert[], unmatched: UnmatchedIds): Promise<void> {
    const version = ctx.version;
    if (ctx.source.feed === undefined) return; // no timetable: nothing to match
    const informed = alerts.flatMap((a) => a.informed);
    const ids = (pick: (e: (typeof informed)[number]) => string | null): string[] => [
      ...new Set(informed.map(pick).filter((x): x is string => x !== null)),
    ];
    const [routeIds, stopIds, tripIds] = [ids((e) => e.routeId), ids((e) => e.stopId), ids((e) => e.tripId)];
    if (version === undefined) {
      routeIds.forEach((id) => unmatched.routes.add(id));
      stopIds.forEach((id) => unmatched.stops.add(id));
      tripIds.forEach((id) => unmatched.trips.add(id));
      return;
    }
    const [routes, stops, trips] = await Promise.all([
      this.timetable.existingRoutes(version, routeIds),
      this.timetable.existingStops(version, stopIds),
      this.timetable.trips(version, tripIds),
    ]);
    routeIds.filter((id) => !routes.has(id)).forEach((id) => unmatched.routes.add(id));
    stopIds.filter((id) => !stops.has(id)).forEach((id) => unmatched.stops.add(id));
    tripIds.filter((id) => !trips.has(id)).forEach((id) => unmatched.trips.add(id));
  }
}
