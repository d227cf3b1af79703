import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type { TripRelationship } from '../../transit/realtime/rt-feed.model.js';
import type { StopPrediction, TripPrediction } from '../../transit/realtime/trip-prediction.js';
import type { Alert, Vehicle } from '../../transit/transit.model.js';

const { transit_realtime } = GtfsRealtimeBindings;
type IFeedEntity = GtfsRealtimeBindings.transit_realtime.IFeedEntity;
type IStopTimeUpdate = GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate;
type ITranslatedString = GtfsRealtimeBindings.transit_realtime.ITranslatedString;

export const GTFS_RT_EXPORT_KINDS = ['trip-updates', 'vehicle-positions', 'alerts'] as const;
export type GtfsRtExportKind = (typeof GTFS_RT_EXPORT_KINDS)[number];

/** What one realtime source of the timetable holds now, as the live state keeps it. */
export interface RealtimeSnapshot {
  /** The gtfs-rt source id (prefix of its vehicle and alert ids, and of the exported entity ids). */
  sourceId: string;
  trips: TripPrediction[];
  vehicles: Vehicle[];
  alerts: Alert[];
}

export interface GtfsRtExport {
  /** The FeedMessage as protobufjs's plain object: input of encode and of the JSON form. */
  message: GtfsRealtimeBindings.transit_realtime.FeedMessage;
  /** The entities alone, serialised: what the ETag is computed from (not the header timestamp). */
  identity: string;
}

const TRIP_REL: Record<TripRelationship, string> = {
  scheduled: 'SCHEDULED',
  added: 'ADDED',
  unscheduled: 'UNSCHEDULED',
  canceled: 'CANCELED',
  replacement: 'REPLACEMENT',
  duplicated: 'DUPLICATED',
};

/** `<prefix>:<local>` -> `<local>`; ids of another prefix (never expected) are kept whole. */
function local(id: string | null, prefix: string): string | undefined {
  if (id === null) return undefined;
  return id.startsWith(`${prefix}:`) ? id.slice(prefix.length + 1) : id;
}

function compactObject<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * A stop of a prediction as a StopTimeUpdate. Stops the prediction holds at their timetable
 * time (`scheduled`: before the first update, after NO_DATA) are left out, so a consumer applying
 * the spec's propagation gets the same times; predicted stops carry their time and delay explicitly.
 */
function stopTimeUpdate(stop: StopPrediction): IStopTimeUpdate | undefined {
  const ids = compactObject({ stopSequence: stop.seq ?? undefined, stopId: stop.stopId ?? undefined });
  switch (stop.status) {
    case 'scheduled':
      return undefined;
    case 'skipped':
      return { ...ids, scheduleRelationship: transit_realtime.TripUpdate.StopTimeUpdate.ScheduleRelationship.SKIPPED };
    case 'no-data':
      return { ...ids, scheduleRelationship: transit_realtime.TripUpdate.StopTimeUpdate.ScheduleRelationship.NO_DATA };
    case 'predicted': {
      const event = (time: number | null) =>
        time === null && stop.delay === null
          ? undefined
          : compactObject({ time: time ?? undefined, delay: stop.delay ?? undefined });
      return compactObject({ ...ids, arrival: event(stop.arr), departure: event(stop.dep) });
    }
  }
}

function tripEntity(sourceId: string, p: TripPrediction): IFeedEntity {
  const canceled = p.relationship === 'canceled';
  const stus = canceled ? [] : p.stops.map(stopTimeUpdate).filter((s): s is IStopTimeUpdate => s !== undefined);
  const vehicleId = local(p.vehicleId, sourceId);
  return {
    id: `${sourceId}:${p.key}`,
    tripUpdate: compactObject({
      trip: compactObject({
        tripId: p.tripId,
        routeId: p.routeId ?? undefined,
        startDate: p.startDate ?? undefined,
        startTime: p.startTime,
        scheduleRelationship:
          transit_realtime.TripDescriptor.ScheduleRelationship[
            TRIP_REL[p.relationship] as keyof typeof transit_realtime.TripDescriptor.ScheduleRelationship
          ],
      }),
      vehicle: vehicleId === undefined ? undefined : { id: vehicleId },
      timestamp: p.timestamp ?? undefined,
      stopTimeUpdate: stus,
    }),
  };
}

function vehicleEntity(feedId: string, sourceId: string, v: Vehicle): IFeedEntity {
  const tripId = local(v.tripId, feedId);
  const routeId = local(v.routeId, feedId);
  const trip = tripId === undefined && routeId === undefined ? undefined : compactObject({ tripId, routeId });
  const position = compactObject({
    latitude: v.location.lat,
    longitude: v.location.lon,
    bearing: v.bearing,
    speed: v.speed,
  });
  return {
    id: v.id,
    vehicle: compactObject({
      trip,
      vehicle: compactObject({ id: local(v.id, sourceId), label: v.label ?? undefined }),
      position,
      stopId: local(v.stopId, feedId),
      currentStatus: v.currentStatus ?? undefined,
      timestamp: Math.floor(Date.parse(v.observedAt) / 1000),
      occupancyStatus: v.occupancy,
    }),
  } as unknown as IFeedEntity;
}

function translated(texts: Record<string, string>): ITranslatedString | undefined {
  const translation = Object.entries(texts).map(([language, text]) =>
    language === '' ? { text } : { text, language },
  );
  return translation.length === 0 ? undefined : { translation };
}

function epoch(iso: string | null): number | undefined {
  return iso === null ? undefined : Math.floor(Date.parse(iso) / 1000);
}

function alertEntity(feedId: string, a: Alert): IFeedEntity {
  return {
    id: a.id,
    alert: compactObject({
      activePeriod: a.activePeriods.map((p) => compactObject({ start: epoch(p.start), end: epoch(p.end) })),
      informedEntity: a.informedEntities.map((e) => {
        const tripId = local(e.tripId, feedId);
        return compactObject({
          agencyId: e.agencyId ?? undefined,
          routeId: local(e.routeId, feedId),
          routeType: e.routeType ?? undefined,
          directionId: e.directionId ?? undefined,
          trip: tripId === undefined ? undefined : { tripId },
          stopId: local(e.stopId, feedId),
        });
      }),
      cause: a.cause,
      effect: a.effect,
      severityLevel: a.severity ?? undefined,
      url: translated(a.translations.url),
      headerText: translated(a.translations.header),
      descriptionText: translated(a.translations.description),
    }),
  } as unknown as IFeedEntity;
}

/**
 * One FULL_DATASET FeedMessage of one kind, merging every realtime source of the timetable
 * `feedId` (or the one gtfs-rt source without a timetable whose id `feedId` is: its ids are its
 * own). Ids inside are the timetable's own (the `<feedId>:` prefix removed), so a consumer
 * that has the same GTFS matches them; entity ids are `<rt source id>:<its key>`, stable while the
 * trip, vehicle or alert is in the feed. Entities are sorted by id, so the same data gives the same bytes.
 */
export function buildGtfsRtExport(
  kind: GtfsRtExportKind,
  feedId: string,
  sources: readonly RealtimeSnapshot[],
  generatedAt: Date,
): GtfsRtExport {
  const entities: IFeedEntity[] = [];
  for (const s of sources) {
    if (kind === 'trip-updates') entities.push(...s.trips.map((p) => tripEntity(s.sourceId, p)));
    if (kind === 'vehicle-positions') entities.push(...s.vehicles.map((v) => vehicleEntity(feedId, s.sourceId, v)));
    if (kind === 'alerts') entities.push(...s.alerts.map((a) => alertEntity(feedId, a)));
  }
  entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const message = transit_realtime.FeedMessage.fromObject({
    header: {
      gtfsRealtimeVersion: '2.0',
      incrementality: 'FULL_DATASET',
      timestamp: Math.floor(generatedAt.getTime() / 1000),
    },
    entity: entities,
  });
  return { message, identity: JSON.stringify(entities) };
}

/** Protobuf bytes (application/x-protobuf). */
export function encodeGtfsRt(message: GtfsRealtimeBindings.transit_realtime.FeedMessage): Uint8Array {
  return transit_realtime.FeedMessage.encode(message).finish();
}

/** The protobuf JSON mapping (protobufjs toJSON: camelCase names, enum names, 64-bit numbers as strings). */
export function gtfsRtJson(message: GtfsRealtimeBindings.transit_realtime.FeedMessage): string {
  return JSON.stringify(message.toJSON());
}
