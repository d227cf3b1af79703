import { MAPPING_RESTRICTED_KINDS } from '../../../config/source-config.js';
import { normalizeParkings } from '../../../parking/parking-normalizer.js';
import { detailsOf } from '../../../parking/parking-details.fixture.js';
import { RESTRICTED_SPACE_KINDS, type ParkingParseResult } from '../../../parking/parking.model.js';
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

  it('evCharging / disabledPlaces yes / no: places that exist (count unknown) or none; a bad value is a warning', () => {
    const json = JSON.stringify({
      data: [
        { ref: 'A', borne: 'oui', pmr: true },
        { ref: 'B', borne: 'non', pmr: 0 },
        { ref: 'C', borne: 'Yes', pmr: 'peut-être', irve: 4 },
        { ref: 'D' },
      ],
    });
    const mapping = {
      items: 'data',
      id: 'ref',
      evCharging: 'borne',
      disabledPlaces: 'pmr',
      evChargingCapacity: 'irve',
    };
    const result = parse(json, { mapping });
    expect(result.facilities).toEqual([
      { localId: 'A', evChargingPresent: true, disabledPresent: true },
      { localId: 'B', evChargingPresent: false, disabledPresent: false },
      { localId: 'C', evChargingPresent: true, evChargingCapacity: 4 },
      { localId: 'D' },
    ]);
    expect(result.warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
      ['INVALID_VALUE', 'C', 'disabledPlaces value "peut-être" cannot be read; ignored'],
    ]);
    // Served: A both pairs with null counts, B capacity 0 (none), C the count, D neither.
    const { parkings } = normalizeParkings({
      sourceId: 'own',
      parsed: result,
      receivedAt: new Date('2026-01-01T10:00:00Z'),
      previous: new Map(),
      frozenAfterMs: 3_600_000,
    });
    expect(parkings.map(({ parking: p }) => [p.id, p.evCharging, p.disabled])).toEqual([
      ['own:A', { capacity: null, free: null }, { capacity: null, free: null }],
      ['own:B', { capacity: 0, free: null }, { capacity: 0, free: null }],
      ['own:C', { capacity: 4, free: null }, undefined],
      ['own:D', undefined, undefined],
    ]);
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

  it('maxStay: whole minutes or an ISO 8601 duration → maxStayMinutes; anything else INVALID_VALUE', () => {
    const values = [120, '90', 'PT8H', 'P1DT30M', '2 heures', 0, 'P1M', 1.5];
    const json = JSON.stringify({ data: values.map((v, i) => ({ ref: `S${i}`, duree: v })) });
    const result = parse(json, { mapping: { items: 'data', id: 'ref', maxStay: 'duree' } });
    // 120; 90; 8 h = 480; 1 day 30 min = 1470; the rest unread.
    expect(result.facilities.map((f) => f.maxStayMinutes)).toEqual([
      120,
      90,
      480,
      1470,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(result.warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
      ['INVALID_VALUE', 'S4', 'maxStay value "2 heures" cannot be read; ignored'],
      ['INVALID_VALUE', 'S5', 'maxStay value 0 cannot be read; ignored'],
      ['INVALID_VALUE', 'S6', 'maxStay value "P1M" cannot be read; ignored'],
      ['INVALID_VALUE', 'S7', 'maxStay value 1.5 cannot be read; ignored'],
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

  describe('prices, public transport modes and restricted places by kind', () => {
    const MORE = {
      items: 'data',
      id: 'ref',
      free: 'libres',
      feeHasFee: 'payant',
      price30min: 'tarifs.t30',
      price1h: 'tarifs.t1h',
      price24h: 'tarifs.t24h',
      priceCurrency: 'CHF',
      publicTransportModes: 'desserte',
      womenCapacity: 'femmes.places',
      womenFree: 'femmes.libres',
      bicycleCapacity: 'velos',
      electricTwoWheelerFree: 'deux_roues_el_libres',
    };
    const record =
      '{"ref":"P1","libres":40,"payant":"oui","tarifs":{"t30":0,"t1h":"2.50","t24h":18},"desserte":["Tram","train","bus","tram"],' +
      '"femmes":{"places":8,"libres":"3"},"velos":"20","deux_roues_el_libres":2}';

    it('reads a price per mapped parking time in priceCurrency, the modes in the model order, capacity and free by kind', () => {
      const result = parse(`{"data":[${record}]}`, { mapping: MORE });
      expect(result.warnings).toEqual([]);
      expect(result.facilities).toEqual([
        {
          localId: 'P1',
          // price30min 0, price1h "2.50", price24h 18: by parking time, in the mapped CHF.
          fees: {
            hasFee: true,
            prices: [
              { minutes: 30, amount: 0, currency: 'CHF' },
              { minutes: 60, amount: 2.5, currency: 'CHF' },
              { minutes: 1440, amount: 18, currency: 'CHF' },
            ],
          },
          // ["Tram","train","bus","tram"]: each mode once, in the order train, bus, tram.
          publicTransportModes: ['train', 'bus', 'tram'],
          restrictedCapacity: { women: 8, bicycle: 20 },
        },
      ]);
      expect(result.observations).toEqual([
        { localId: 'P1', free: 40, restrictedFree: { women: 3, 'electric-two-wheeler': 2 } },
      ]);
    });

    it('reads the modes from a text list too (comma, semicolon, slash or space)', () => {
      const json = JSON.stringify({
        data: [
          { ref: 'A', m: 'bus; Tram' },
          { ref: 'B', m: 'train/bus' },
          { ref: 'C', m: 'tram' },
        ],
      });
      const result = parse(json, { mapping: { items: 'data', id: 'ref', publicTransportModes: 'm' } });
      expect(result.warnings).toEqual([]);
      expect(result.facilities.map((f) => f.publicTransportModes)).toEqual([
        ['bus', 'tram'],
        ['train', 'bus'],
        ['tram'],
      ]);
    });

    it('a bad price, mode or count is an INVALID_VALUE warning, that value dropped, the record kept', () => {
      const bad =
        '{"ref":"P2","libres":5,"tarifs":{"t30":"gratuit","t1h":-1,"t24h":"12"},"desserte":"metro, bus",' +
        '"femmes":{"places":"quelques"},"velos":4}';
      const result = parse(`{"data":[${bad}]}`, { mapping: MORE });
      expect(result.facilities).toEqual([
        {
          localId: 'P2',
          fees: { prices: [{ minutes: 1440, amount: 12, currency: 'CHF' }] },
          restrictedCapacity: { bicycle: 4 },
        },
      ]);
      expect(result.observations).toEqual([{ localId: 'P2', free: 5 }]);
      expect(result.warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
        ['INVALID_VALUE', 'P2', 'womenCapacity value "quelques" cannot be read; ignored'],
        ['INVALID_VALUE', 'P2', 'price30min value "gratuit" cannot be read; ignored'],
        ['INVALID_VALUE', 'P2', 'price1h value -1 cannot be read; ignored'],
        ['INVALID_VALUE', 'P2', 'publicTransportModes value "metro, bus" cannot be read; ignored'],
      ]);
    });

    it('has a Capacity and a Free key for every restricted kind of the model', () => {
      expect(Object.values(MAPPING_RESTRICTED_KINDS).sort()).toEqual([...RESTRICTED_SPACE_KINDS].sort());
    });

    it('the pipeline serves them as fees.prices, publicTransportModes and restrictedSpaces', () => {
      const parsed = parse(`{"data":[${record}]}`, { mapping: MORE });
      const { parkings } = normalizeParkings({
        sourceId: 'own',
        parsed,
        receivedAt: new Date('2026-01-01T10:00:00Z'),
        previous: new Map(),
        frozenAfterMs: 3e6,
      });
      const served = detailsOf(parkings[0].parking);
      expect([served.publicTransportModes, served.fees?.prices?.length]).toEqual([['train', 'bus', 'tram'], 3]);
      // In the model's order of kinds: women, electric-two-wheeler, bicycle.
      expect(served.restrictedSpaces).toEqual([
        { kind: 'women', capacity: 8, free: 3 },
        { kind: 'electric-two-wheeler', capacity: null, free: 2 },
        { kind: 'bicycle', capacity: 20, free: null },
      ]);
    });
  });

  it('an openingHours that is not OpenStreetMap syntax is dropped by the pipeline with INVALID_VALUE, the record kept', () => {
    const json =
      '{"data":[{"ref":"A","horaires":"Mo-Fr 08:00-19:00","libres":3},{"ref":"B","horaires":"de 8h à 19h","libres":4}]}';
    const parsed = parse(json, { mapping: { items: 'data', id: 'ref', free: 'libres', openingHours: 'horaires' } });
    const { parkings, warnings } = normalizeParkings({
      sourceId: 'own',
      parsed,
      receivedAt: new Date('2026-01-01T10:00:00Z'),
      previous: new Map(),
      frozenAfterMs: 3e6,
    });
    expect(parkings.map((p) => [p.parking.id, p.parking.openingHours, p.parking.free])).toEqual([
      ['own:A', 'Mo-Fr 08:00-19:00', 3],
      ['own:B', undefined, 4],
    ]);
    expect(warnings.map((w) => [w.code, w.ref])).toEqual([['INVALID_VALUE', 'B']]);
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
