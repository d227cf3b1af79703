import { sameDetails } from './parking-details.js';
import type { Parking } from './parking.model.js';
import type { StoredParking } from './stored-parking.js';

/**
 * The fields whose change is news to a client, and `stale` (its own time crossed the source's limit).
 * Times alone (observedAt, receivedAt) are not:
 * an operator re-publishing the same counts is an unchanged poll. Compared field by field,
 * without building arrays: this runs once per facility per poll.
 */
export function hasChanged(next: Parking, previous: Parking | undefined): boolean {
  if (previous === undefined) return true;
  return (
    next.free !== previous.free ||
    next.status !== previous.status ||
    next.stale !== previous.stale ||
    next.occupied !== previous.occupied ||
    next.capacity !== previous.capacity ||
    next.name !== previous.name ||
    next.kind !== previous.kind ||
    next.location?.lat !== previous.location?.lat ||
    next.location?.lon !== previous.location?.lon ||
    next.address !== previous.address ||
    next.disabled?.capacity !== previous.disabled?.capacity ||
    next.disabled?.free !== previous.disabled?.free ||
    !sameDetails(next, previous) ||
    !sameFlags(next.quality, previous.quality)
  );
}

function sameFlags(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function changedParkings(next: StoredParking[], previous: Map<string, StoredParking>): StoredParking[] {
  return next.filter((s) => hasChanged(s.parking, previous.get(s.parking.id)?.parking));
}
