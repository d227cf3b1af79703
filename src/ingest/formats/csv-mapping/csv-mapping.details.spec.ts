import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { EXEMPLE_VALIDE_FEES } from '../schema-stationnement/stationnement-exemple.fixture.js';
import { csvMappingAdapter } from './csv-mapping.adapter.js';

/** Issue #15: an operator's own CSV maps the facility details to columns. */
const parse = (csv: string, format: ParkingFormatOptions): ParkingParseResult =>
  csvMappingAdapter.parse(Buffer.from(csv, 'utf8'), {
    sourceId: 'own',
    receivedAt: new Date('2026-01-01T10:00:00Z'),
    format,
  });

const CSV = [
  'id;libres;pmr_libres;horaires;payant;tarif;hauteur_m;irve;irve_libres;gestionnaire;site;osm;pmr;relais',
  'A;10;1;24/7;non;"2 € / h";2,10;4;3;Effia;https://op.example/a;node/77;oui;1',
  'B;5;;Mo-Fr 08:00-19:00;peut-être;;haut;;x;;ftp://op.example/b;;;',
].join('\n');

const MAPPING = {
  id: 'id',
  free: 'libres',
  disabledFree: 'pmr_libres',
  openingHours: 'horaires',
  feeHasFee: 'payant',
  feeDescription: 'tarif',
  maxHeight: 'hauteur_m',
  maxHeightUnit: 'm',
  evChargingCapacity: 'irve',
  evChargingFree: 'irve_libres',
  operatorName: 'gestionnaire',
  url: 'site',
  osmId: 'osm',
  wheelchair: 'pmr',
  parkAndRide: 'relais',
};

describe('csv-mapping facility details', () => {
  const result = parse(CSV, { mapping: MAPPING, options: { decimalComma: true } });

  it('reads the detail columns (a decimal-comma height in metres)', () => {
    expect(result.facilities[0]).toEqual({
      localId: 'A',
      evChargingCapacity: 4,
      openingHours: '24/7',
      fees: { hasFee: false, description: '2 € / h' },
      maxHeightCm: 210,
      parkAndRide: true,
      operatorName: 'Effia',
      osmId: 'node/77',
      wheelchair: 'yes',
      url: 'https://op.example/a',
    });
    expect(result.observations[0]).toEqual({ localId: 'A', free: 10, disabledFree: 1, evChargingFree: 3 });
  });

  it('bad cells are INVALID_VALUE warnings on their record, empty cells no value, the rest kept', () => {
    expect(result.facilities[1]).toEqual({ localId: 'B', openingHours: 'Mo-Fr 08:00-19:00' });
    expect(result.observations[1]).toEqual({ localId: 'B', free: 5 });
    expect(result.warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
      ['INVALID_VALUE', 'B', 'feeHasFee value "peut-être" cannot be read; ignored'],
      ['INVALID_VALUE', 'B', 'maxHeight value "haut" cannot be read; ignored'],
      ['INVALID_VALUE', 'B', 'url value "ftp://op.example/b" cannot be read; ignored'],
      ['INVALID_VALUE', 'B', 'evChargingFree value "x" cannot be read; ignored'],
    ]);
  });

  it('evCharging / disabledPlaces yes / no columns: places that exist or none; an empty cell says nothing', () => {
    const csv = ['id;borne;pmr', 'A;oui;1', 'B;non;0', 'C;;'].join('\n');
    const read = parse(csv, { mapping: { id: 'id', evCharging: 'borne', disabledPlaces: 'pmr' } });
    expect(read.warnings).toEqual([]);
    expect(read.facilities).toEqual([
      { localId: 'A', evChargingPresent: true, disabledPresent: true },
      { localId: 'B', evChargingPresent: false, disabledPresent: false },
      { localId: 'C' },
    ]);
  });

  it('a detail column the file lacks fails the poll naming it', () => {
    expect(() => parse(CSV, { mapping: { id: 'id', osmId: 'osm_id' } })).toThrow(ParseException);
    expect(() => parse(CSV, { mapping: { id: 'id', osmId: 'osm_id' } })).toThrow(
      /mapping\.osmId names column "osm_id", which the file lacks/,
    );
  });
});

describe('csv-mapping prices and restricted places, on the schema-stationnement example read as any CSV', () => {
  const file = readFileSync(
    path.join(process.cwd(), 'test/fixtures/schema-stationnement/stationnement-exemple-valide.csv'),
  );
  const result = csvMappingAdapter.parse(file, {
    sourceId: 'own',
    receivedAt: new Date('2026-01-01T10:00:00Z'),
    format: {
      mapping: {
        id: 'id',
        capacity: 'nb_places',
        price1h: 'tarif_1h',
        price2h: 'tarif_2h',
        price3h: 'tarif_3h',
        price4h: 'tarif_4h',
        price24h: 'tarif_24h',
        priceCurrency: 'EUR',
        bicycleCapacity: 'nb_velo',
        electricTwoWheelerCapacity: 'nb_2r_el',
        carsharingCapacity: 'nb_autopartage',
        motorcycleCapacity: 'nb_2_rm',
        carpoolCapacity: 'nb_covoit',
      },
    },
  });

  it('reads tarif_1h … tarif_24h as prices and the nb_* columns as places by kind (values read by hand from the file)', () => {
    expect(result.warnings).toEqual([]);
    for (const facility of result.facilities) {
      expect(facility.fees).toEqual({ prices: EXEMPLE_VALIDE_FEES.prices });
      // nb_velo 25, nb_2r_el 5, nb_autopartage 5, nb_2_rm 5, nb_covoit 5 on both rows.
      expect(facility.restrictedCapacity).toEqual({
        bicycle: 25,
        'electric-two-wheeler': 5,
        carsharing: 5,
        motorcycle: 5,
        carpool: 5,
      });
    }
    expect(result.facilities.map((f) => [f.localId, f.capacity])).toEqual([
      ['75114-P-001', 325],
      ['75114-P-002', 325],
    ]);
  });
});
