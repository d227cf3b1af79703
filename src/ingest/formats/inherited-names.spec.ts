import { parkingAdapterFor } from './parking-format.registry.js';

/**
 * A feed value that names a key every object inherits (constructor, toString, __proto__,
 * hasOwnProperty...) is an unknown value like any other, whatever adapter reads it: a table lookup
 * `TABLE[value]` on an object literal would take it for a known one. The adapters with enum tables
 * test this in their own specs (datex2, parkapi, ngsi, siri-fm, csv-mapping options); these are the
 * ones reading words through Sets, Maps and patterns, kept that way.
 */
const inherited = Object.getOwnPropertyNames(Object.prototype);
const ctx = (format: object) => ({ sourceId: 's', receivedAt: new Date('2025-01-01T10:00:00Z'), format });

describe("adapters without enum tables: names of Object.prototype's keys are unknown values", () => {
  it('json-mapping: a status is unknown (warned of); wheelchair, parkAndRide, publicTransportModes are invalid values', () => {
    const mapping = {
      items: 'data',
      id: 'ref',
      free: 'free',
      status: 'st',
      kind: 'k',
      wheelchair: 'w',
      parkAndRide: 'pr',
      publicTransportModes: 'm',
    };
    for (const name of inherited) {
      const item = { ref: 'P1', free: 2, st: name, k: name, w: name, pr: name, m: name };
      const result = parkingAdapterFor('json-mapping').parse(
        Buffer.from(JSON.stringify({ data: [item] })),
        ctx({ mapping }),
      );
      expect(result.facilities).toEqual([{ localId: 'P1' }]);
      expect(result.observations).toEqual([{ localId: 'P1', free: 2, status: 'unknown' }]);
      expect(result.warnings.map((w) => w.code).sort()).toEqual([
        'INVALID_VALUE',
        'INVALID_VALUE',
        'INVALID_VALUE',
        'UNKNOWN_STATUS',
      ]);
    }
  });

  it('opendatasoft: an etat is unknown (warned of), a type_ouvrage no kind', () => {
    for (const name of inherited) {
      const record = { id_parking: 'P1', etat: name, type_ouvrage: name, places_disponibles: 3 };
      const result = parkingAdapterFor('opendatasoft').parse(
        Buffer.from(JSON.stringify({ total_count: 1, results: [record] })),
        ctx({}),
      );
      expect(result.facilities).toEqual([{ localId: 'P1' }]);
      expect(result.observations).toEqual([{ localId: 'P1', free: 3, status: 'unknown' }]);
      expect(result.warnings.map((w) => w.code)).toEqual(['UNKNOWN_STATUS']);
    }
  });
});
