import type { Parking } from './parking.model.js';
import type { ParkingListQuery } from './parking-list.query.js';

/**
 * The /v1/parkings filters on facility details (docs/interface.md § Routes): `evCharging=true`
 * (charging points, counted or known to exist: the pair served with a capacity other than 0),
 * `disabled=true` (the same for places for disabled drivers, or a car park of kind `disabled`),
 * `wheelchair` (one of the listed access values). Absent filters match everything.
 */
export function matchesDetailFilters(
  p: Parking,
  q: Pick<ParkingListQuery, 'evCharging' | 'disabled' | 'wheelchair'>,
): boolean {
  return (
    (q.evCharging === undefined || hasPlaces(p.evCharging)) &&
    (q.disabled === undefined || p.kind === 'disabled' || hasPlaces(p.disabled)) &&
    (q.wheelchair === undefined || (p.wheelchair !== undefined && q.wheelchair.includes(p.wheelchair)))
  );
}

/** A count pair saying there are such places: served, and not a capacity of 0 (none). */
function hasPlaces(pair: { capacity: number | null } | undefined): boolean {
  return pair !== undefined && pair.capacity !== 0;
}
