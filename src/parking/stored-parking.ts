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
}

/**
 * The JSON a write needs: the Parking once, and the StoredParking around it. The stored JSON is
 * built from the Parking's, so it is byte for byte JSON.stringify({ parking, valueSince }).
 */
export function serializeChange({ parking, valueSince }: StoredParking): SerializedChange {
  const json = JSON.stringify(parking);
  return {
    id: parking.id,
    source: parking.source,
    location: parking.location,
    stored: `{"parking":${json},"valueSince":${JSON.stringify(valueSince)}}`,
    parking: json,
  };
}
