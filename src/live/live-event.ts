import type { GeoPoint, Parking } from '../parking/parking.model.js';
import type { ChangePayloads, ChangeType, StreamEntry } from './change-stream.port.js';
import { type CursorKey, parseCursor } from './cursor.js';
import type { AlertEvent, DeparturesEvent, ParkingEvent, SourceEvent, VehicleEvent } from './live-protocol.js';
import { ALERTS_ROOM, PARKINGS_ROOM, SOURCES_ROOM, parkingRoom, pointRoom, routeRoom, stopRoom } from './live-rooms.js';

/** What an event is about, for finding (rooms) and then exactly checking (the rest) its subscribers. */
export interface EventRouting {
  rooms: string[];
  parkingId?: string;
  /** A parking's location, and its previous one when it moved (so areas it left hear about it). */
  locations: GeoPoint[];
  stopIds: string[];
  routeIds: string[];
  everyone?: 'alerts' | 'sources';
}

export type LiveEventBody =
  | { name: 'parking'; payload: ParkingEvent }
  | { name: 'departures'; payload: DeparturesEvent }
  | { name: 'vehicle'; payload: VehicleEvent }
  | { name: 'alert'; payload: AlertEvent }
  | { name: 'source'; payload: SourceEvent };

/** One change from the stream, parsed once and shared by every subscriber it goes to. */
export type LiveEvent = LiveEventBody & {
  cursor: string;
  key: CursorKey;
  /** "<type>:<id>": a slow client keeps only the latest event per entity. */
  entity: string;
  routing: EventRouting;
};

export type { StreamEntry } from './change-stream.port.js';

export type PreviousLocation = (parkingId: string) => GeoPoint | null | undefined;

/** Parses a change entry; undefined for a type this hub does not push or a malformed entry. */
export function toLiveEvent(entry: StreamEntry, previous?: PreviousLocation): LiveEvent | undefined {
  const key = parseCursor(entry.cursor);
  const change = key === undefined ? undefined : decodeChange(entry.fields);
  if (key === undefined || change === undefined) return undefined;
  const base = { cursor: entry.cursor, key, entity: `${change.type}:${change.id}` };
  switch (change.type) {
    case 'parking':
      return parkingEvent(base, change.id, change.data, previous);
    case 'source':
      return {
        ...base,
        name: 'source',
        payload: { cursor: entry.cursor, source: change.data },
        routing: only(SOURCES_ROOM, 'sources'),
      };
    case 'departures':
      return departuresEvent(base, change.id, change.data);
    case 'vehicle':
      return vehicleEvent(base, change.data);
    case 'alert':
      return alertEvent(base, change.data);
  }
}

/** One change entry, its data typed by its type. */
type Change = { [T in ChangeType]: { type: T; id: string; data: ChangePayloads[T] } }[ChangeType];

const CHANGE_TYPES: Record<ChangeType, true> = {
  parking: true,
  source: true,
  departures: true,
  vehicle: true,
  alert: true,
};

function isChangeType(type: string): type is ChangeType {
  return Object.hasOwn(CHANGE_TYPES, type);
}

/** The fields appendChange wrote; undefined for an unknown type, a missing field or data that is not a JSON object. */
function decodeChange(fields: string[]): Change | undefined {
  const f = fieldMap(fields);
  if (f.type === undefined || f.id === undefined || f.data === undefined || !isChangeType(f.type)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(f.data);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  // The one step taken on trust: the write side (appendChange) typed this data by the same map.
  return { type: f.type, id: f.id, data } as Change;
}

type Base = Pick<LiveEvent, 'cursor' | 'key' | 'entity'>;

function parkingEvent(base: Base, id: string, parking: Parking, previous?: PreviousLocation): LiveEvent {
  const locations: GeoPoint[] = [];
  if (isPoint(parking.location)) locations.push(parking.location);
  const before = previous?.(id);
  if (isPoint(before) && (locations.length === 0 || !samePoint(before, locations[0]))) locations.push(before);
  const rooms = [parkingRoom(id), ...new Set(locations.map((p) => pointRoom(p.lat, p.lon))), PARKINGS_ROOM];
  return {
    ...base,
    name: 'parking',
    payload: { cursor: base.cursor, parking },
    routing: { rooms, parkingId: id, locations, stopIds: [], routeIds: [] },
  };
}

function departuresEvent(base: Base, id: string, data: ChangePayloads['departures']): LiveEvent {
  const stopId = typeof data.stopId === 'string' ? data.stopId : id;
  const departures = Array.isArray(data.departures) ? data.departures : [];
  const routeIds = strings([data.routeId, ...departures.map((d) => (isRecord(d.route) ? d.route.id : undefined))]);
  return {
    ...base,
    name: 'departures',
    payload: { cursor: base.cursor, stopId, departures },
    routing: { rooms: [stopRoom(stopId), ...routeIds.map(routeRoom)], locations: [], stopIds: [stopId], routeIds },
  };
}

function vehicleEvent(base: Base, vehicle: ChangePayloads['vehicle']): LiveEvent {
  const routeIds = strings([vehicle.routeId]);
  return {
    ...base,
    name: 'vehicle',
    payload: { cursor: base.cursor, vehicle },
    routing: { rooms: routeIds.map(routeRoom), locations: [], stopIds: [], routeIds },
  };
}

function alertEvent(base: Base, data: ChangePayloads['alert']): LiveEvent | undefined {
  if (!isRecord(data.alert)) return undefined;
  const alert = data.alert;
  const routeIds = strings(Array.isArray(alert.routes) ? alert.routes : []);
  const stopIds = strings(Array.isArray(alert.stops) ? alert.stops : []);
  const payload: AlertEvent = { cursor: base.cursor, alert };
  if (data.removed === true) payload.removed = true;
  return {
    ...base,
    name: 'alert',
    payload,
    routing: {
      rooms: [ALERTS_ROOM, ...routeIds.map(routeRoom), ...stopIds.map(stopRoom)],
      locations: [],
      stopIds,
      routeIds,
      everyone: 'alerts',
    },
  };
}

function only(room: string, everyone: 'alerts' | 'sources'): EventRouting {
  return { rooms: [room], locations: [], stopIds: [], routeIds: [], everyone };
}

function fieldMap(fields: string[]): Partial<Record<'type' | 'id' | 'data', string>> {
  const map: Partial<Record<'type' | 'id' | 'data', string>> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    if (name === 'type' || name === 'id' || name === 'data') map[name] = fields[i + 1];
  }
  return map;
}

function strings(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPoint(value: unknown): value is GeoPoint {
  return isRecord(value) && Number.isFinite(value.lat) && Number.isFinite(value.lon);
}

function samePoint(a: GeoPoint, b: GeoPoint): boolean {
  return a.lat === b.lat && a.lon === b.lon;
}
