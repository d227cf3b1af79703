import type { FacilityRecord, OccupancyRecord, ParkingParseResult } from '../../../parking/parking.model.js';
import type { WarningSink } from '../shared-json/warning-sink.util.js';

export interface MappedLot {
  facility: FacilityRecord;
  observation?: OccupancyRecord;
}

/**
 * Accumulates lots in payload order; a repeated id keeps the first lot and warns, because two
 * readings for one facility in one snapshot cannot both be right.
 */
export class LotCollector {
  private readonly facilities: FacilityRecord[] = [];
  private readonly observations: OccupancyRecord[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly sink: WarningSink) {}

  add(lot: MappedLot | undefined): void {
    if (lot === undefined) return;
    const { localId } = lot.facility;
    if (this.ids.has(localId)) {
      this.sink.add({
        code: 'DUPLICATE_ID',
        message: `lot id ${localId} appears twice; kept the first`,
        ref: localId,
      });
      return;
    }
    this.ids.add(localId);
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
