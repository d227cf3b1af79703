import type { Parking } from './parking.model.js';
import type { StoredParking } from './stored-parking.js';

/**
 * The fields whose change is news to a client. Times alone (observedAt, receivedAt) are not:
 * an operator re-publishing the same counts is an unchanged poll.
 */
function comparable(p: Parking): unknown[] {
  return [
    p.name,
    p.kind,
    p.location?.lat,
    p.location?.lon,
    p.address,
    p.capacity,
    p.free,
    p.occupied,
    p.disabled?.capacity,
    p.disabled?.free,
    p.status,
    p.quality.join(','),
  ];
}

export function hasChanged(next: Parking, previous: Parking | undefined): boolean {
  if (previous === undefined) return true;
  const a = comparable(next);
  const b = comparable(previous);
  return a.some((value, i) => value !== b[i]);
}

export function changedParkings(next: StoredParking[], previous: Map<string, StoredParking>): StoredParking[] {
  return next.filter((s) => hasChanged(s.parking, previous.get(s.parking.id)?.parking));
}
