import type { ParkingKind, ParkingParseResult, ParkingStatus } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { toWholeNumber, toDate, toGeoPoint, toId, toText } from '../shared-json/value-coercion.util.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';
import { LotCollector, missingId, type MappedLot } from './lot-collector.util.js';
import { V1_LOT_TYPES, V1_STATES } from './parkapi-kinds.const.js';
import { ownValue } from '../../../common/own-key.js';

interface V1Context {
  sink: WarningSink;
  observedAt?: Date;
  derivedIds: number;
}

/**
 * ParkAPI v1 city format `{ last_updated, last_downloaded, data_source, lots: [...] }`.
 * Times without an offset are UTC (ParkAPI v1 convention). `last_updated` (the source's time)
 * is each lot's observedAt; `last_downloaded` (the ParkAPI server's own clock) is publishedAt.
 */
export function mapParkApiV1(payload: Record<string, unknown>, lots: unknown[], sink: WarningSink): ParkingParseResult {
  const ctx: V1Context = { sink, observedAt: toDate(payload.last_updated), derivedIds: 0 };
  const collector = new LotCollector(sink);
  lots.forEach((lot, index) => collector.add(mapLot(lot, index, ctx)));
  if (ctx.derivedIds > 0) {
    sink.add({
      code: 'DERIVED_ID',
      message: `${ctx.derivedIds} lot(s) have no "id"; ids derived from their names as ParkAPI v1 does`,
    });
  }
  return collector.result(toDate(payload.last_downloaded) ?? ctx.observedAt);
}

function mapLot(lot: unknown, index: number, ctx: V1Context): MappedLot | undefined {
  if (!isRecord(lot)) return missingId(ctx.sink, index, 'lot');
  const localId = lotId(lot, ctx);
  if (localId === undefined) return missingId(ctx.sink, index, 'lot');
  const stateKey = toText(lot.state)?.toLowerCase();
  const facility = compact({
    localId,
    name: toText(lot.name),
    kind: kindOf(lot.lot_type),
    location: toGeoPoint(lot.coords),
    address: toText(lot.address),
    capacity: toWholeNumber(lot.total),
    disabledCapacity: toWholeNumber(lot['total:disabled']),
  });
  const observation = compact({
    localId,
    // nodata: whatever count is sent is not a reading; a lot without "free" has no value either.
    free: stateKey === 'nodata' ? null : (toWholeNumber(lot.free) ?? null),
    capacity: facility.capacity,
    status: readState(stateKey, ctx.sink),
    observedAt: ctx.observedAt,
    disabledFree: toWholeNumber(lot['free:disabled']),
  });
  return { facility, observation };
}

/** ParkAPI v1 derives ids from names; some exports omit them, so the same rule is applied here. */
function lotId(lot: Record<string, unknown>, ctx: V1Context): string | undefined {
  const explicit = toId(lot.id);
  if (explicit !== undefined) return explicit;
  const name = toText(lot.name);
  if (name === undefined) return undefined;
  ctx.derivedIds += 1;
  return slugOf(name);
}

export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

function kindOf(lotType: unknown): ParkingKind | undefined {
  const type = toText(lotType)?.toLowerCase();
  if (type === undefined) return undefined;
  return ownValue(V1_LOT_TYPES, type) ?? 'other';
}

function readState(key: string | undefined, sink: WarningSink): ParkingStatus | undefined {
  if (key === undefined) return undefined;
  const status = ownValue(V1_STATES, key);
  if (status !== undefined) return status;
  sink.once(`UNKNOWN_STATUS:${key}`, {
    code: 'UNKNOWN_STATUS',
    message: `ParkAPI state "${key}" is not known; read as unknown`,
  });
  return 'unknown';
}
