import type { Parking } from './parking.model.js';

/** What live state keeps per facility: the served object and when its free count last changed. */
export interface StoredParking {
  parking: Parking;
  /** ISO time since which `free` has had its current value (for `frozen` detection). */
  valueSince: string;
}
