import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type {
  RtAlert,
  RtFeed,
  RtInformedEntity,
  RtStopTimeUpdate,
  RtTranslated,
  RtTripUpdate,
  RtVehiclePosition,
  StopRelationship,
  TripRelationship,
} from '../../../transit/realtime/rt-feed.model.js';

type rt = typeof GtfsRealtimeBindings.transit_realtime;
const { transit_realtime } = GtfsRealtimeBindings;
type FeedMessage = GtfsRealtimeBindings.transit_realtime.IFeedMessage;
type FeedEntity = GtfsRealtimeBindings.transit_realtime.IFeedEntity;
type LongLike = number | { toNumber(): number } | null | undefined;

const TRIP_REL: Record<number, TripRelationship> = {
  0: 'scheduled',
  1: 'added',
  2: 'unscheduled',
  3: 'canceled',
  5: 'replacement',
  6: 'duplicated',
};
const STOP_REL: Record<number, StopRelationship> = { 0: 'scheduled', 1: 'skipped', 2: 'no-data', 3: 'unscheduled' };

/**
 * protobufjs puts proto2 defaults on the prototype, so an absent `delay` reads 0: presence must
 * be checked on the object itself, or a missing delay would look like "on time".
 */
function has(obj: object | null | undefined, field: string): boolean {
  return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, field);
}

function num(value: LongLike): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : value.toNumber();
}

function str(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : value;
}

function enumName(values: Record<number, string> | object, value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (values as Record<number, string>)[value] ?? String(value);
}

function stopTimeUpdate(s: GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate): RtStopTimeUpdate {
  const a = s.arrival ?? null;
  const d = s.departure ?? null;
  return {
    seq: has(s, 'stopSequence') ? (s.stopSequence as number) : null,
    stopId: str(s.stopId),
    arr: has(a, 'time') ? num(a?.time) : null,
    arrDelay: has(a, 'delay') ? (a?.delay as number) : null,
    dep: has(d, 'time') ? num(d?.time) : null,
    depDelay: has(d, 'delay') ? (d?.delay as number) : null,
    rel: STOP_REL[s.scheduleRelationship ?? 0] ?? 'scheduled',
  };
}

function tripUpdate(entity: FeedEntity): RtTripUpdate {
  const tu = entity.tripUpdate as GtfsRealtimeBindings.transit_realtime.ITripUpdate;
  const trip = tu.trip ?? {};
  const stus = tu.stopTimeUpdate ?? [];
  const out: RtStopTimeUpdate[] = new Array<RtStopTimeUpdate>(stus.length);
  for (let i = 0; i < stus.length; i++) out[i] = stopTimeUpdate(stus[i]);
  return {
    entityId: entity.id,
    tripId: str(trip.tripId),
    routeId: str(trip.routeId),
    directionId: has(trip, 'directionId') ? (trip.directionId as number) : null,
    startDate: str(trip.startDate),
    startTime: str(trip.startTime),
    relationship: TRIP_REL[trip.scheduleRelationship ?? 0] ?? 'scheduled',
    vehicleId: str(tu.vehicle?.id) ?? str(tu.vehicle?.label),
    timestamp: has(tu, 'timestamp') ? num(tu.timestamp) : null,
    delay: has(tu, 'delay') ? (tu.delay as number) : null,
    stus: out,
  };
}

function vehiclePosition(entity: FeedEntity, warnings: string[]): RtVehiclePosition | undefined {
  const v = entity.vehicle as GtfsRealtimeBindings.transit_realtime.IVehiclePosition;
  const p = v.position;
  if (p === null || p === undefined || !Number.isFinite(p.latitude) || !Number.isFinite(p.longitude)) {
    warnings.push(`vehicle entity ${entity.id}: no position`);
    return undefined;
  }
  const { VehicleStopStatus, OccupancyStatus } = transit_realtime.VehiclePosition;
  return {
    entityId: entity.id,
    vehicleId: str(v.vehicle?.id) ?? str(v.vehicle?.label) ?? entity.id,
    label: str(v.vehicle?.label),
    tripId: str(v.trip?.tripId),
    routeId: str(v.trip?.routeId),
    startDate: str(v.trip?.startDate),
    lat: p.latitude,
    lon: p.longitude,
    bearing: has(p, 'bearing') ? (p.bearing as number) : null,
    speed: has(p, 'speed') ? (p.speed as number) : null,
    occupancy: has(v, 'occupancyStatus') ? enumName(OccupancyStatus, v.occupancyStatus) : null,
    stopId: str(v.stopId),
    currentStatus: has(v, 'currentStatus') ? enumName(VehicleStopStatus, v.currentStatus) : null,
    timestamp: has(v, 'timestamp') ? num(v.timestamp) : null,
  };
}

function translated(t: GtfsRealtimeBindings.transit_realtime.ITranslatedString | null | undefined): RtTranslated {
  // A Map, not `language in {}`: a tag `constructor` or `__proto__` is a language like any other.
  const byLanguage = new Map<string, string>();
  let text: string | null = null;
  for (const tr of t?.translation ?? []) {
    const language = tr.language ?? '';
    if (!byLanguage.has(language)) byLanguage.set(language, tr.text);
    text ??= tr.text;
  }
  return { text, byLanguage: Object.fromEntries(byLanguage) };
}

function informed(e: GtfsRealtimeBindings.transit_realtime.IEntitySelector): RtInformedEntity {
  return {
    agencyId: str(e.agencyId),
    routeId: str(e.routeId),
    routeType: has(e, 'routeType') ? (e.routeType as number) : null,
    tripId: str(e.trip?.tripId),
    stopId: str(e.stopId),
    directionId: has(e, 'directionId') ? (e.directionId as number) : null,
  };
}

function alert(entity: FeedEntity): RtAlert {
  const a = entity.alert as GtfsRealtimeBindings.transit_realtime.IAlert;
  const { Cause, Effect, SeverityLevel } = transit_realtime.Alert;
  return {
    entityId: entity.id,
    cause: enumName(Cause, a.cause ?? Cause.UNKNOWN_CAUSE) ?? 'UNKNOWN_CAUSE',
    effect: enumName(Effect, a.effect ?? Effect.UNKNOWN_EFFECT) ?? 'UNKNOWN_EFFECT',
    severity: has(a, 'severityLevel') ? enumName(SeverityLevel, a.severityLevel) : null,
    header: translated(a.headerText),
    description: translated(a.descriptionText),
    url: translated(a.url),
    activePeriods: (a.activePeriod ?? []).map((r) => ({
      start: has(r, 'start') ? num(r.start) : null,
      end: has(r, 'end') ? num(r.end) : null,
    })),
    informed: (a.informedEntity ?? []).map(informed),
  };
}

/** Turns a decoded FeedMessage into plain records. Pure; unknown extension fields were already skipped by the decoder. */
export function normalizeFeed(message: FeedMessage): RtFeed {
  const header = message.header;
  const feed: RtFeed = {
    timestamp: has(header, 'timestamp') ? num(header.timestamp) : null,
    incrementality:
      header.incrementality === transit_realtime.FeedHeader.Incrementality.DIFFERENTIAL ? 'differential' : 'full',
    gtfsRealtimeVersion: header.gtfsRealtimeVersion,
    tripUpdates: [],
    vehicles: [],
    alerts: [],
    warnings: [],
    deleted: [],
  };
  for (const entity of message.entity ?? []) {
    if (entity.isDeleted === true) {
      feed.deleted.push(entity.id);
      continue;
    }
    if (entity.tripUpdate) feed.tripUpdates.push(tripUpdate(entity));
    if (entity.vehicle) {
      const v = vehiclePosition(entity, feed.warnings);
      if (v !== undefined) feed.vehicles.push(v);
    }
    if (entity.alert) feed.alerts.push(alert(entity));
  }
  return feed;
}

/** Decodes and normalises in one call; a decoder failure becomes a message that names the feed. */
export function decodeFeed(bytes: Uint8Array): RtFeed {
  return normalizeFeed(transit_realtime.FeedMessage.decode(bytes));
}

export type { rt };
