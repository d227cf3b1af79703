import { normalizeParkings } from '../../../parking/parking-normalizer.js';
import { detailsOf } from '../../../parking/parking-details.fixture.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { jsonMappingAdapter } from './json-mapping.adapter.js';

/** Issue #15: an operator's own JSON or GeoJSON maps the facility details through `mapping:`. */
const parse = (json: string, format: ParkingFormatOptions): ParkingParseResult =>
  jsonMappingAdapter.parse(Buffer.from(json, 'utf8'), {
    sourceId: 'own',
    receivedAt: new Date('2026-01-01T10:00:00Z'),
    format,
  });

const DETAILS = {
  items: 'data',
  id: 'ref',
  free: 'libres',
  disabledFree: 'pmr.libres',
  openingHours: 'horaires',
  feeHasFee: 'payant',
  feeDescription: 'tarif',
  feeUrl: 'tarifs',
  maxHeight: 'hauteur',
  evChargingCapacity: 'irve.places',
  evChargingFree: 'irve.libres',
  operatorName: 'exploitant',
  url: 'page',
  osmId: 'osm',
  wheelchair: 'fauteuil',
  parkAndRide: 'relais',
};

const RECORD =
  '{"ref":"P1","libres":12,"pmr":{"libres":"2"},"horaires":"Mo-Sa 07:00-21:00","payant":"oui",' +
  '"tarif":"1,50 € la première heure","tarifs":"https://op.example/tarifs","hauteur":"190",' +
  '"irve":{"places":6,"libres":"4"},"exploitant":"Indigo","page":"https://op.example/p1","osm":"way/4242",' +
  '"fauteuil":"Limited","relais":"non"}';

describe('json-mapping facility details', () => {
  it('reads every detail key of a record, heights in centimetres by default', () => {
    const result = parse(`{"data":[${RECORD}]}`, { mapping: DETAILS });
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'P1',
        evChargingCapacity: 6,
        openingHours: 'Mo-Sa 07:00-21:00',
        fees: { hasFee: true, description: '1,50 € la première heure', url: 'https://op.example/tarifs' },
        maxHeightCm: 190,
        parkAndRide: false,
        operatorName: 'Indigo',
        osmId: 'way/4242',
        wheelchair: 'limited',
        url: 'https://op.example/p1',
      },
    ]);
    expect(result.observations).toEqual([{ localId: 'P1', free: 12, disabledFree: 2, evChargingFree: 4 }]);
  });

  it('maxHeightUnit m: 2.1 is 210 cm; 1.905 rounds to 191', () => {
    const json = '{"data":[{"ref":"A","hauteur":2.1},{"ref":"B","hauteur":"1.905"}]}';
    const result = parse(json, { mapping: { items: 'data', id: 'ref', maxHeight: 'hauteur', maxHeightUnit: 'm' } });
    expect(result.facilities.map((f) => [f.localId, f.maxHeightCm])).toEqual([
      ['A', 210],
      ['B', 191],
    ]);
  });

  it('the yes / no words: true/false, yes/no, 1/0, oui/non, JSON booleans and numbers', () => {
    const values = ['true', 'FALSE', 'yes', 'No', '1', '0', 'oui', 'NON', true, false, 1, 0];
    const json = JSON.stringify({ data: values.map((v, i) => ({ ref: `R${i}`, relais: v })) });
    const result = parse(json, { mapping: { items: 'data', id: 'ref', parkAndRide: 'relais' } });
    expect(result.facilities.map((f) => f.parkAndRide)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('a bad value is an INVALID_VALUE warning naming the key; the rest of the record is kept', () => {
    const bad =
      '{"ref":"P2","libres":3,"payant":"peut-être","hauteur":"1m90","irve":{"places":"beaucoup"},' +
      '"page":"javascript:alert(1)","tarifs":"not a url","osm":"chemin 12","fauteuil":"parfois","relais":2,' +
      '"exploitant":"Effia"}';
    const result = parse(`{"data":[${bad}]}`, { mapping: DETAILS });
    expect(result.facilities).toEqual([{ localId: 'P2', operatorName: 'Effia' }]);
    expect(result.observations).toEqual([{ localId: 'P2', free: 3 }]);
    expect(result.warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
      ['INVALID_VALUE', 'P2', 'evChargingCapacity value "beaucoup" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'feeHasFee value "peut-être" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'feeUrl value "not a url" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'maxHeight value "1m90" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'parkAndRide value 2 cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'osmId value "chemin 12" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'wheelchair value "parfois" cannot be read; ignored'],
      ['INVALID_VALUE', 'P2', 'url value "javascript:alert(1)" cannot be read; ignored'],
    ]);
  });

  it('a zero or negative height is refused (no vehicle fits under it)', () => {
    const json = '{"data":[{"ref":"A","hauteur":0},{"ref":"B","hauteur":-2}]}';
    const result = parse(json, { mapping: { items: 'data', id: 'ref', maxHeight: 'hauteur' } });
    expect(result.facilities).toEqual([{ localId: 'A' }, { localId: 'B' }]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'maxHeight value 0 cannot be read; ignored',
      'maxHeight value -2 cannot be read; ignored',
    ]);
  });

  it('a GeoJSON FeatureCollection maps its properties the same way', () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [0.3404, 46.5802] },
          properties: { id: 'N1', osm_id: 123456, wheelchair: 'yes', opening_hours: '24/7', fee: 'no' },
        },
      ],
    });
    const result = parse(geojson, {
      mapping: {
        id: 'properties.id',
        osmId: 'properties.osm_id',
        wheelchair: 'properties.wheelchair',
        openingHours: 'properties.opening_hours',
        feeHasFee: 'properties.fee',
      },
    });
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'N1',
        location: { lat: 46.5802, lon: 0.3404 },
        openingHours: '24/7',
        fees: { hasFee: false },
        osmId: '123456',
        wheelchair: 'yes',
      },
    ]);
  });

  it('the pipeline serves them as the canonical details (disabled and charging pairs, fees)', () => {
    const receivedAt = new Date('2026-01-01T10:00:00Z');
    const parsed = parse(`{"data":[${RECORD}]}`, { mapping: { ...DETAILS, disabledCapacity: 'pmr.places' } });
    const { parkings } = normalizeParkings({
      sourceId: 'own',
      parsed,
      receivedAt,
      previous: new Map(),
      frozenAfterMs: 3e6,
    });
    const served = parkings.find((p) => p.parking.id === 'own:P1')?.parking;
    expect(served?.disabled).toEqual({ capacity: null, free: 2 });
    expect(detailsOf(served ?? {})).toEqual({
      evCharging: { capacity: 6, free: 4 },
      fees: { hasFee: true, description: '1,50 € la première heure', url: 'https://op.example/tarifs' },
      maxHeightCm: 190,
      openingHours: 'Mo-Sa 07:00-21:00',
      operatorName: 'Indigo',
      osmId: 'way/4242',
      parkAndRide: false,
      url: 'https://op.example/p1',
      wheelchair: 'limited',
    });
  });
});
