import { Inject, Injectable } from '@nestjs/common';
import { TIMETABLE, type TimetablePort } from '../ports/timetable.port.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from '../ports/transit-live-state.port.js';
import type { RtVehiclePosition } from './rt-feed.model.js';
import type { Vehicle } from '../transit.model.js';
import { idNamespace, type KindStats, type RtContext, type UnmatchedIds } from './rt-context.js';

function sameVehicle(a: Vehicle, b: Vehicle): boolean {
  return JSON.stringify({ ...a, stale: false }) === JSON.stringify({ ...b, stale: false });
}

/** VehiclePositions → vehicles in Redis (hash + geo index); a vehicle missing from a full feed is removed. */
@Injectable()
export class VehiclesProcessor {
  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
  ) {}

  async apply(
    ctx: RtContext,
    positions: readonly RtVehiclePosition[],
    full: boolean,
    unmatched: UnmatchedIds,
  ): Promise<KindStats> {
    const feedId = idNamespace(ctx.source);
    const tripIds = [...new Set(positions.map((p) => p.tripId).filter((t): t is string => t !== null))];
    const routeIds = [...new Set(positions.map((p) => p.routeId).filter((r): r is string => r !== null))];
    const stopIds = [...new Set(positions.map((p) => p.stopId).filter((s): s is string => s !== null))];
    const version = ctx.version;
    const [trips, routes, stops] =
      version === undefined
        ? [new Map(), new Set<string>(), new Set<string>()]
        : await Promise.all([
            this.timetable.trips(version, tripIds),
            this.timetable.existingRoutes(version, routeIds),
            this.timetable.existingStops(version, stopIds),
          ]);
    // Without a timetable there is nothing to match: no id counts as unmatched.
    if (ctx.source.feed !== undefined) {
      for (const id of tripIds) if (!trips.has(id)) unmatched.trips.add(id);
      for (const id of routeIds) if (!routes.has(id)) unmatched.routes.add(id);
      for (const id of stopIds) if (!stops.has(id)) unmatched.stops.add(id);
    }

    const next = new Map<string, Vehicle>();
    for (const p of positions) {
      const routeId = p.routeId ?? (p.tripId === null ? null : (trips.get(p.tripId)?.routeId ?? null));
      const vehicle = toVehicle(ctx, feedId, p, routeId);
      next.set(vehicle.id, vehicle);
    }
    const previous = new Map((await this.live.vehicles([ctx.source.id])).map((v) => [v.id, v]));
    const upserts = [...next.values()].filter((v) => {
      const before = previous.get(v.id);
      return before === undefined || !sameVehicle(before, v);
    });
    const removed = full ? [...previous.values()].filter((v) => !next.has(v.id)) : [];
    await this.live.applyVehicles(ctx.source.id, upserts, removed);
    return { entities: next.size, changes: upserts.length + removed.length, warnings: positions.length - next.size };
  }

  /** Removes vehicles by id (a DIFFERENTIAL feed's is_deleted or expiry), each with a `removed` event; how many were there. */
  async remove(ctx: RtContext, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const wanted = new Set(ids);
    const removed = (await this.live.vehicles([ctx.source.id])).filter((v) => wanted.has(v.id));
    await this.live.applyVehicles(ctx.source.id, [], removed);
    return removed.length;
  }
}

function toVehicle(ctx: RtContext, feedId: string, p: RtVehiclePosition, routeId: string | null): Vehicle {
  const vehicle: Vehicle = {
    id: `${ctx.source.id}:${p.vehicleId}`,
    source: ctx.source.id,
    routeId: routeId === null ? null : `${feedId}:${routeId}`,
    tripId: p.tripId === null ? null : `${feedId}:${p.tripId}`,
    label: p.label,
    location: { lat: p.lat, lon: p.lon },
    stopId: p.stopId === null ? null : `${feedId}:${p.stopId}`,
    currentStatus: p.currentStatus,
    observedAt: new Date((p.timestamp ?? ctx.feedTime) * 1000).toISOString(),
    stale: false,
  };
  if (p.bearing !== null) vehicle.bearing = p.bearing;
  if (p.speed !== null) vehicle.speed = p.speed;
  if (p.occupancy !== null) vehicle.occupancy = p.occupancy;
  return vehicle;
}
