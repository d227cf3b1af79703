import type { PrivateNetworkAllowance } from './cidr-range.js';
import { MAPPING_PRICE_KEYS, MAPPING_RESTRICTED_KEYS } from './mapping-detail-keys.js';
import type { SourceMode } from './push-source.rules.js';

export type { CidrRange, PrivateNetworkAllowance } from './cidr-range.js';
export {
  MAPPING_PRICE_KEYS,
  MAPPING_PRICE_MINUTES,
  MAPPING_RESTRICTED_KINDS,
  type MappingPriceKey,
  type MappingRestrictedKey,
} from './mapping-detail-keys.js';

/** A validated source from sources.yaml (docs/interface.md § Sources file), with durations and sizes in ms / bytes. */
export type SourceKind = 'parking' | 'gtfs' | 'gtfs-rt';

export const PARKING_FORMATS = [
  'opendatasoft',
  'datex2',
  'parkapi',
  'siri-fm',
  'schema-stationnement',
  'json-mapping',
  'csv-mapping',
  'ngsi',
] as const;
export type ParkingFormat = (typeof PARKING_FORMATS)[number];

/**
 * The `mapping:` keys naming where a value is in each record (json-mapping and opendatasoft: a dot
 * path; csv-mapping: a column). docs/interface.md § json-mapping.
 */
export const MAPPING_FIELD_KEYS = [
  'id',
  'name',
  'address',
  'lat',
  'lon',
  'location',
  'free',
  'capacity',
  'occupied',
  'disabledCapacity',
  'disabledFree',
  'status',
  'observedAt',
  'kind',
  // Facility details (issue #15).
  'openingHours',
  'feeHasFee',
  'feeDescription',
  'feeUrl',
  'maxHeight',
  'maxStay',
  'evChargingCapacity',
  'evChargingFree',
  // yes / no: there are charging points / places for disabled drivers, count unknown (or none).
  'evCharging',
  'disabledPlaces',
  'operatorName',
  'url',
  'osmId',
  'wheelchair',
  'parkAndRide',
  'publicTransportModes',
  ...MAPPING_PRICE_KEYS,
  ...MAPPING_RESTRICTED_KEYS,
] as const;
export type MappingFieldKey = (typeof MAPPING_FIELD_KEYS)[number];

/** Units `mapping.maxHeightUnit` takes (default `cm`). */
export const HEIGHT_UNITS = ['cm', 'm'] as const;

/**
 * Every key a `mapping:` block may hold: the field keys, `items` (the record list), `maxHeightUnit`
 * and `priceCurrency` (values, not paths).
 */
export const MAPPING_KEYS = ['items', ...MAPPING_FIELD_KEYS, 'maxHeightUnit', 'priceCurrency'] as const;

export interface FetchTarget {
  url: string;
  timeoutMs: number;
  maxBytes: number;
  headers: Record<string, string>;
  /** false, true (private and loopback, never link-local / metadata) or the CIDRs allowed besides the public internet. */
  allowPrivateNetwork: PrivateNetworkAllowance;
  /** `request:` (parking, gtfs, gtfs-rt sources): the method and body; absent: GET. */
  request?: RequestSettings;
  /** `auth:` (parking, gtfs, gtfs-rt sources): OAuth2 client credentials, a bearer token fetched and cached. */
  auth?: OAuth2ClientCredentials;
  /** `tls:` (parking, gtfs, gtfs-rt sources): a client certificate (mTLS), files checked at load, read at each fetch. */
  tls?: TlsFiles;
}

export interface RequestSettings {
  method: 'GET' | 'POST';
  /** The body's text (a `{ file }` body is read at load). */
  body?: string;
  contentType?: string;
}

export interface OAuth2ClientCredentials {
  type: 'oauth2-client-credentials';
  tokenUrl: string;
  clientId: string;
  /** From the environment (`${NAME}` is required in the file), so logs redact it. */
  clientSecret: string;
  scope?: string;
}

/** Absolute paths of PEM files. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca?: string;
}

export interface StaticReference extends FetchTarget {
  format: ParkingFormat;
  intervalMs: number;
  mapping?: Record<string, string>;
  statusValues?: Partial<Record<'open' | 'closed' | 'full' | 'unknown', string[]>>;
  options?: Record<string, unknown>;
  /** The source's `timeZone`, taken over: its times without an offset are read in it. */
  timeZone?: string;
  /** The source's `crs`, taken over: its coordinates are in it. */
  crs?: string;
}

interface SourceBase {
  id: string;
  kind: SourceKind;
  intervalMs: number;
  enabled: boolean;
  /** Staleness limit: values older than this are served flagged `stale`. */
  staleAfterMs: number;
}

export interface ParkingSourceConfig extends SourceBase, FetchTarget {
  kind: 'parking';
  format: ParkingFormat;
  mapping?: Record<string, string>;
  statusValues?: Partial<Record<'open' | 'closed' | 'full' | 'unknown', string[]>>;
  options?: Record<string, unknown>;
  static?: StaticReference;
  /** What the feed's times mean: when a value was measured (default) or when it last changed. */
  timestamps?: 'observation' | 'change';
  /**
   * The id rule: a regex with one capture group applied to every realtime and static id; the
   * capture is the id records are joined and served by (validated at load, common/id-pattern.ts).
   */
  idPattern?: string;
  /** IANA time zone its times without an offset are read in (checked at load); absent: UTC. */
  timeZone?: string;
  /** The system its coordinates are in (an EPSG code of common/coordinate-systems.ts, checked at load); absent: WGS84 degrees. */
  crs?: string;
  /**
   * `poll` (default, also when absent): fetched from `url` every `interval`. `push`: sent to POST /v1/ingest/:id
   * with `pushToken`; `url` is empty and no poll is scheduled (docs/interface.md § Push sources).
   */
  mode?: SourceMode;
  /** The push source's secret (from the environment, redacted in logs); only with mode `push`. */
  pushToken?: string;
  /** Pushes a minute the push source may send (429 past it); only with mode `push`. */
  pushPerMinute?: number;
}

/** A parking source that is sent its data rather than polled. */
export type PushSourceConfig = ParkingSourceConfig & { mode: 'push'; pushToken: string; pushPerMinute: number };

/** Whether the hub polls this source (every kind but a parking source with mode `push`). */
export function isPolled(source: SourceConfig): boolean {
  return source.kind !== 'parking' || source.mode !== 'push';
}

export interface GtfsSourceConfig extends SourceBase, FetchTarget {
  kind: 'gtfs';
}

export interface GtfsRtSourceConfig extends SourceBase {
  kind: 'gtfs-rt';
  /**
   * The `gtfs` source whose trip, stop and route ids this feed uses. Absent: realtime without a
   * timetable (vehicles, alerts and per-stop predictions only; ids are `<this source's id>:<id>`).
   */
  feed?: string;
  /** DIFFERENTIAL feeds: an entity is dropped this long after its own timestamp (or the header's); absent: 5 min. */
  expireAfterMs?: number;
  urls: Partial<Record<'tripUpdates' | 'vehiclePositions' | 'alerts', FetchTarget>>;
}

export type SourceConfig = ParkingSourceConfig | GtfsSourceConfig | GtfsRtSourceConfig;

/** One problem found in sources.yaml: which source (id or position) and which field. */
export interface SourceConfigError {
  sourceId: string;
  field: string;
  message: string;
}

export interface LoadedSources {
  sources: SourceConfig[];
  errors: SourceConfigError[];
}
