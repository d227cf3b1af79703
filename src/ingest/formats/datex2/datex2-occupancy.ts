import type { OccupancyRecord } from '../../../parking/parking.model.js';

export interface RawOccupancy {
  vacant?: number;
  occupied?: number;
  /** A capacity stated with the reading (v2/v3 parkingNumberOfSpacesOverride, 2.0 totalParkingCapacityOverride). */
  capacity?: number;
}

/**
 * Turns the counters of one reading into free / occupied / capacity.
 * - free is the vacant count, else capacity − occupied (never below 0).
 * - A capacity override of 0 is dropped: feeds send it for closed or sensorless sites
 *   (Aachen P5, P13), and it must not hide the table's real capacity.
 * - When the operator flags the occupancy as unknown, free is null and occupied is dropped:
 *   the counters beside such a flag are placeholders (Aachen P13 reports 0 vacant with a broken sensor cable).
 */
export function occupancyFigures(
  raw: RawOccupancy,
  occupancyUnknown: boolean,
): Pick<OccupancyRecord, 'free' | 'occupied' | 'capacity'> {
  // A negative override is passed on for the pipeline to refuse (value-out-of-range); 0 is dropped (above).
  const capacity = raw.capacity !== undefined && raw.capacity !== 0 ? raw.capacity : undefined;
  if (occupancyUnknown) return { free: null, capacity };
  const derived =
    capacity !== undefined && capacity > 0 && raw.occupied !== undefined && raw.occupied >= 0
      ? Math.max(0, capacity - raw.occupied)
      : undefined;
  return { free: raw.vacant ?? derived, occupied: raw.occupied, capacity };
}
