import type { FacilityRecord, OccupancyRecord, ParkingParseResult } from '../../../parking/parking.model.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';

export interface MappedLot {
  facility: FacilityRecord;
  observation?: OccupancyRecord;
}

/**
 * Accumulates lots in payload order. A repeated id is passed on: the normaliser keeps the latest
 * reading and flags it `duplicate-id`, as for every format.
 */
export class LotCollector {
  private readonly facilities: FacilityRecord[] = [];
  private readonly observations: OccupancyRecord[] = [];
  constructor(private readonly sink: WarningSink) {}

  add(lot: MappedLot | undefined): void {
    if (lot === undefined) return;
    this.facilities.push(lot.facility);
    if (lot.observation) this.observations.push(lot.observation);
  }

  result(publishedAt?: Date): ParkingParseResult {
    const result: ParkingParseResult = {
      facilities: this.facilities,
      observations: this.observations,
      warnings: this.sink.warnings,
    };
    if (publishedAt) result.publishedAt = publishedAt;
    return result;
  }
}

export function missingId(sink: WarningSink, index: number, what: string): undefined {
  sink.add({ code: 'MISSING_ID', message: `${what} #${index} has no id; skipped`, ref: `#${index}` });
  return undefined;
}
