import type { Parking } from './parking.model.js';
import type { SerializedChange } from './ports/parking-live-state.port.js';

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
