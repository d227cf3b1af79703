import { referenceDetails } from './parking-details.js';
import type { Parking } from './parking.model.js';
import { QualityFlag } from './quality-flags.js';
import type { FacilityRow, ObservationRow, ParkingHistoryBatch } from './ports/parking-history.port.js';
import type { StoredParking } from './stored-parking.js';

/**
 * Changed parkings -> history rows; a facility row only when its reference fields changed. An
 * observation flagged `observed-at-out-of-range` (older than the retention, or more than a day
 * ahead) gets no row: it would land in a partition of its own, or be pruned at once.
 */
export function toHistoryBatch(
  sourceId: string,
  changed: StoredParking[],
  previous: Map<string, StoredParking>,
): ParkingHistoryBatch {
  const facilities: FacilityRow[] = [];
  const observations: ObservationRow[] = [];
  for (const { parking } of changed) {
    const before = previous.get(parking.id)?.parking;
    if (before === undefined || referenceKey(before) !== referenceKey(parking)) facilities.push(facilityRow(parking));
    if (parking.quality.includes(QualityFlag.ObservedAtOutOfRange)) continue;
    observations.push({
      facilityId: parking.id,
      observedAt: parking.observedAt,
      receivedAt: parking.receivedAt,
      free: parking.free,
      occupied: parking.occupied,
      capacity: parking.capacity,
      status: parking.status,
      quality: parking.quality,
    });
  }
  return { sourceId, facilities, observations };
}

function referenceKey(p: Parking): string {
  return JSON.stringify([
    p.name,
    p.kind,
    p.location,
    p.address ?? null,
    p.capacity,
    p.disabled?.capacity ?? null,
    referenceDetails(p),
  ]);
}

function facilityRow(p: Parking): FacilityRow {
  return {
    id: p.id,
    source: p.source,
    localId: p.id.slice(p.source.length + 1),
    name: p.name,
    kind: p.kind,
    lat: p.location?.lat ?? null,
    lon: p.location?.lon ?? null,
    address: p.address ?? null,
    capacity: p.capacity,
    disabledCapacity: p.disabled?.capacity ?? null,
    details: referenceDetails(p),
    updatedAt: p.receivedAt,
  };
}
