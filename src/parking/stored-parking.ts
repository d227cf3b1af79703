import type { GeoPoint, Parking } from './parking.model.js';

/** One changed facility, serialised (see serializeChange): what a write needs of it. */
export interface SerializedChange {
  id: string;
  source: string;
  location: GeoPoint | null;
  /** JSON of the StoredParking, as kept in the state hash. */
  stored: string;
  /** JSON of the Parking, as carried by the change event. */
  parking: string;
}

/** What live state keeps per facility: the served object and when its free count last changed. */
export interface StoredParking {
  parking: Parking;
  /** ISO time since which `free` has had its current value (for `frozen` detection). */
  valueSince: string;
  /** The hours of the week its free count usually moves in (usual-moves.ts encoding); absent before its first change. */
  moves?: string;
}

/**
 * The JSON a write needs: the Parking once, and the StoredParking around it. The stored JSON is
 * built from the Parking's, so it is byte for byte JSON.stringify({ parking, valueSince, moves }).
 */
export function serializeChange({ parking, valueSince, moves }: StoredParking): SerializedChange {
  const json = JSON.stringify(parking);
  const tail = moves === undefined ? '' : `,"moves":${JSON.stringify(moves)}`;
  return {
    id: parking.id,
    source: parking.source,
    location: parking.location,
    stored: `{"parking":${json},"valueSince":${JSON.stringify(valueSince)}${tail}}`,
    parking: json,
  };
}
