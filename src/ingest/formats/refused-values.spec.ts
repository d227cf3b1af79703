import type { ParkingFormat } from '../../config/source-config.js';
import type { Parking } from '../../parking/parking.model.js';
import { normalizeParkings } from '../../parking/parking-normalizer.js';
import type { ParkingFormatOptions } from './parking-format-adapter.js';
import { parkingAdapterFor } from './parking-format.registry.js';

/**
 * Issue #15: whatever adapter reads it, a value the hub refuses is flagged for what it was. A
 * negative free count is `free-negative-rejected` (the normaliser's rule), a negative capacity
 * `value-out-of-range` (the record bounds'): an adapter must pass them on, not drop them, or they
 * would read as `no-realtime` / `missing-capacity`, as if the operator had sent nothing.
 */

const receivedAt = new Date('2025-01-01T10:05:00Z');

interface Case {
  format: ParkingFormat;
  options?: ParkingFormatOptions;
  /** A payload with one car park `P1` whose free count is `free` and capacity `capacity`. */
  payload(free: string, capacity: string): string;
}

const CASES: Record<string, Case> = {
  'json-mapping': {
    format: 'json-mapping',
    options: { mapping: { items: 'data', id: 'ref', free: 'libres', capacity: 'total' } },
    payload: (free, capacity) => `{"data":[{"ref":"P1","libres":${free},"total":${capacity}}]}`,
  },
  opendatasoft: {
    format: 'opendatasoft',
    payload: (free, capacity) =>
      `{"total_count":1,"results":[{"id_parking":"P1","places_disponibles":${free},"capacite":${capacity}}]}`,
  },
  'parkapi v1': {
    format: 'parkapi',
    payload: (free, capacity) =>
      `{"last_updated":"2025-01-01T10:00:00Z","lots":[{"id":"P1","state":"open","free":${free},"total":${capacity}}]}`,
  },
  'parkapi2 snapshot': {
    format: 'parkapi',
    payload: (free, capacity) =>
      `{"pool":{"id":"x"},"lots":[{"id":"P1","status":"open","num_free":${free},"capacity":${capacity},` +
      `"timestamp":"2025-01-01T10:00:00Z"}]}`,
  },
  'parkapi v3': {
    format: 'parkapi',
    payload: (free, capacity) =>
      `{"items":[{"id":"P1","name":"A","lat":"48.1","lon":"9.1","has_realtime_data":true,"capacity":${capacity},` +
      `"realtime_free_capacity":${free},"realtime_data_updated_at":"2025-01-01T10:00:00Z"}]}`,
  },
  'datex2 v2': {
    format: 'datex2',
    payload: (free, capacity) =>
      '<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<payloadPublication xsi:type="ParkingStatusPublication" lang="en"><publicationTime>2025-01-01T10:00:00Z</publicationTime>' +
      '<parkingRecordStatus xsi:type="ParkingSiteStatus"><parkingRecordReference id="P1"/><parkingOccupancy>' +
      `<parkingNumberOfSpacesOverride>${capacity}</parkingNumberOfSpacesOverride>` +
      `<parkingNumberOfVacantSpaces>${free}</parkingNumberOfVacantSpaces></parkingOccupancy>` +
      '</parkingRecordStatus></payloadPublication></d2LogicalModel>',
  },
  'siri-fm': {
    format: 'siri-fm',
    // SIRI-FM carries no capacity: only the free count is tried.
    payload: (free) =>
      '<Siri version="2.1" xmlns="http://www.siri.org.uk/siri"><ServiceDelivery>' +
      '<ResponseTimestamp>2025-01-01T10:00:00Z</ResponseTimestamp><FacilityMonitoringDelivery>' +
      '<FacilityCondition><FacilityRef>P1</FacilityRef><FacilityStatus><Status>available</Status></FacilityStatus>' +
      '<MonitoredCounting><CountingType>availabilityCount</CountingType><CountedFeatureUnit>bays</CountedFeatureUnit>' +
      `<Count>${free}</Count></MonitoredCounting></FacilityCondition></FacilityMonitoringDelivery></ServiceDelivery></Siri>`,
  },
};

function served(c: Case, free: string, capacity: string): Parking {
  const parsed = parkingAdapterFor(c.format).parse(Buffer.from(c.payload(free, capacity), 'utf8'), {
    sourceId: 's',
    receivedAt,
    format: c.options ?? {},
  });
  const { parkings } = normalizeParkings({
    sourceId: 's',
    parsed,
    receivedAt,
    previous: new Map(),
    frozenAfterMs: 3e6,
  });
  const parking = parkings.find((p) => p.parking.id === 's:P1')?.parking;
  if (parking === undefined) throw new Error(`${c.format}: no car park P1 served`);
  return parking;
}

describe.each(Object.entries(CASES))('%s: a refused value is flagged for what it was', (_name, c) => {
  it('a negative free count is free-negative-rejected, free null', () => {
    const parking = served(c, '-3', '10');
    expect(parking.free).toBeNull();
    expect(parking.quality).toContain('free-negative-rejected');
  });

  it('a valid free count is served as it is (control)', () => {
    const parking = served(c, '4', '10');
    expect(parking.free).toBe(4);
    expect(parking.quality).not.toContain('free-negative-rejected');
  });

  if (c.format !== 'siri-fm') {
    it('a negative capacity is value-out-of-range, not missing-capacity alone', () => {
      const parking = served(c, '4', '-5');
      expect(parking.quality).toContain('value-out-of-range');
      expect(parking.free).toBe(4);
    });
  }
});
