import { ParseException } from '../../../common/app-exception.js';
import type { GeoPoint } from '../../../parking/parking.model.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { geometryPoint, toDate } from '../shared-json/value-coercion.util.js';

export type Entity = Record<string, unknown>;

/** One attribute of an entity, whatever the form it was sent in. */
export interface AttributeValue {
  value: unknown;
  /** The attribute's own time: NGSI-LD `observedAt`, NGSI v2 `metadata.timestamp` (or `dateObserved`). */
  observedAt?: Date;
}

/**
 * The entities of an NGSI payload: a single entity (`{ id, type, ... }`), a list (`GET /v2/entities`,
 * `GET /ngsi-ld/v1/entities`), a notification (`{ subscriptionId, data: [...] }`, v2 and LD) or an
 * NGSI-LD GeoJSON FeatureCollection (`Accept: application/geo+json`: `features[].properties`, the
 * geometry as `location`).
 */
export function entitiesOf(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (isRecord(payload)) {
    if (Array.isArray(payload.data)) return payload.data;
    if (payload.type === 'FeatureCollection' && Array.isArray(payload.features))
      return payload.features.map(fromFeature);
    if (payload.id !== undefined && payload.type !== undefined) return [payload];
  }
  throw new ParseException(
    'ngsi: payload is not an NGSI entity, entity list, notification ({ data }) or GeoJSON FeatureCollection',
  );
}

function fromFeature(feature: unknown): unknown {
  if (!isRecord(feature)) return feature;
  const properties = isRecord(feature.properties) ? feature.properties : {};
  return { ...properties, id: feature.id ?? properties.id, location: properties.location ?? feature.geometry };
}

/**
 * An attribute's value in any of the four forms: NGSI v2 normalized `{ type, value, metadata }`,
 * NGSI-LD normalized `{ type: Property | GeoProperty, value, observedAt }` or `{ type: Relationship,
 * object }`, and keyValues (the bare value). An object is read as a wrapper only when it has `type`
 * and `value` (or `object`): a keyValues value such as a GeoJSON Point or a PostalAddress has no `value`.
 * NGSI-LD typed literals `{ "@type": "DateTime", "@value": "..." }` are unwrapped.
 */
export function attribute(entity: Entity, name: string): AttributeValue | undefined {
  const raw = entity[name];
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw) || raw.type === undefined || !('value' in raw || 'object' in raw)) return { value: literal(raw) };
  const value = literal('value' in raw ? raw.value : raw.object);
  if (value === undefined || value === null) return undefined;
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const stamp = raw.observedAt ?? attributeValue(metadata.timestamp) ?? attributeValue(metadata.dateObserved);
  const observedAt = stamp === undefined ? undefined : toDate(stamp);
  return observedAt === undefined ? { value } : { value, observedAt };
}

function attributeValue(meta: unknown): unknown {
  return isRecord(meta) ? literal(meta.value) : undefined;
}

function literal(value: unknown): unknown {
  return isRecord(value) && '@value' in value ? value['@value'] : value;
}

/** Text values of an attribute that may be one string or a list of them (category, status). */
export function texts(entity: Entity, name: string): string[] {
  const value = attribute(entity, name)?.value;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** `urn:ngsi-ld:OffStreetParking:porto-1` → `porto-1`, so that v2 and LD ids of one site are the same. */
export function localIdOf(id: unknown): string | undefined {
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const text = String(id)
    .trim()
    .replace(/^urn:ngsi-ld:[^:]+:/i, '');
  return text === '' ? undefined : text;
}

/** The entity type's short name: a full URI (`https://smartdatamodels.org/dataModel.Parking/ParkingSpot`) is cut. */
export function typeOf(entity: Entity): string | undefined {
  const type = entity.type;
  if (typeof type !== 'string') return undefined;
  return type.slice(Math.max(type.lastIndexOf('/'), type.lastIndexOf('#')) + 1);
}

/** A GeoJSON Point, or the mean of the distinct vertices of a Polygon / MultiPoint / LineString. */
export function geoPoint(value: unknown): GeoPoint | undefined {
  return geometryPoint(value);
}
