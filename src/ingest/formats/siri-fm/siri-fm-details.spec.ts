import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FacilityRecord } from '../../../parking/parking.model.js';
import { siriFmAdapter } from './siri-fm.adapter.js';

/**
 * Facility details of SIRI-FM (issue #15), read from the Facility description of a condition:
 * OwnerName → operatorName, wheelchair access, Features/ParkingFacility parkAndRidePark → parkAndRide,
 * ValidityCondition Timeband + DayType → openingHours. Expected values read by hand from the files.
 */
const facilities = (name: string): Map<string, FacilityRecord> => {
  const bytes = readFileSync(path.join(process.cwd(), 'test/fixtures/siri', name));
  const parsed = siriFmAdapter.parse(bytes, {
    sourceId: 't',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format: {},
  });
  return new Map(parsed.facilities.map((f) => [f.localId, f]));
};

describe('SIRI-FM facility details', () => {
  it('CEN example (a lift): OwnerName, and the status assessment (wheelchair false now) over the description’s true', () => {
    const lift = facilities('siri-fm-cen-example-lift.xml').get('134567-L4');
    expect(lift).toEqual({
      localId: '134567-L4',
      name: 'Les Halles sattion Lift 4',
      location: { lat: 8.412312, lon: 12.343412 },
      operatorName: 'RATP',
      wheelchair: 'no',
    });
  });

  it('a car park: owner, wheelchair from Limitations, opening hours from a timeband and a day type', () => {
    expect(facilities('siri-fm-facility-details-from-xsd.xml').get('P-ZENTRUM')).toEqual({
      localId: 'P-ZENTRUM',
      name: 'Parkhaus Zentrum',
      location: { lat: 48.7758, lon: 9.177 },
      operatorName: 'Stadtwerke Beispielstadt',
      wheelchair: 'yes',
      openingHours: 'Mo-Sa 06:00-22:30',
    });
  });

  it('a park-and-ride: parkAndRidePark, two timebands on three day types, MobilityImpairedAccess false when WheelchairAccess is unknown; no OwnerName, no operator', () => {
    expect(facilities('siri-fm-facility-details-from-xsd.xml').get('PR-NORD')).toEqual({
      localId: 'PR-NORD',
      name: 'P+R Nord',
      parkAndRide: true,
      wheelchair: 'no',
      openingHours: 'Mo,We,Sa-Su 05:00-12:00,14:00-24:00',
    });
  });

  it('a validity bounded by a Period is no weekly opening hours; an unknown WheelchairAccess says nothing', () => {
    expect(facilities('siri-fm-facility-details-from-xsd.xml').get('P-MESSE')).toEqual({
      localId: 'P-MESSE',
      name: 'Parkplatz Messe',
    });
  });
});
