import { DEMO_PARKING_DATASET, DEMO_PARKING_FIELDS } from './demo-sources.js';
import { buildParkingRecords, parsePaging } from './parking-records.builder.js';

const AT_11H = Date.parse('2026-03-10T10:00:00Z'); // Tuesday 11:00 in Poitiers
const ALL = { rows: 10, start: 0, startGiven: false };

describe('ODS v1 parking records', () => {
  const body = buildParkingRecords(AT_11H, 1, ALL);

  it('has the ODS records API v1 envelope (same keys as data.strasbourg.eu records/1.0/search)', () => {
    expect(Object.keys(body)).toEqual(['nhits', 'parameters', 'records']);
    expect(body.nhits).toBe(10);
    expect(body.parameters).toEqual({
      dataset: [DEMO_PARKING_DATASET],
      timezone: 'UTC',
      rows: 10,
      format: 'json',
    });
    for (const record of body.records) {
      expect(Object.keys(record)).toEqual(['datasetid', 'recordid', 'fields', 'geometry', 'record_timestamp']);
      expect(record.datasetid).toBe('mobilites-stationnement-des-parkings-en-temps-reel');
      expect(record.recordid).toMatch(/^[0-9a-f]{40}$/);
      expect(record.record_timestamp).toBe('2026-03-10T10:00:00+00:00');
    }
  });

  it('serves the ten car parks with their ids, names and capacities', () => {
    expect(body.records.map((r) => [r.fields.id, r.fields.nom, r.fields.capacite, r.fields.type])).toEqual([
      [0, 'BLOSSAC TISON', 665, 'Parking en ouvrage'],
      [1, 'NOTRE DAME', 146, 'Parking en ouvrage'],
      [2, 'HOTEL DE VILLE', 625, 'Parking en ouvrage'],
      [3, 'THEATRE', 320, 'Parking en ouvrage'],
      [5, 'GARE EFFIA', 480, 'Parking en ouvrage'],
      [6, 'CORDELIERS', 290, 'Parking en ouvrage'],
      [9, 'GARE TOUMAI', 640, 'Parking en ouvrage'],
      [11, 'ARRET MINUTE', 137, 'Parking en ouvrage'],
      [12, 'PALAIS DE JUSTICE', 228, 'Parking en ouvrage'],
      [100, 'P+R MILETRIE', 300, 'Parking relais'],
    ]);
  });

  it('uses exactly the documented field names', () => {
    for (const record of body.records) {
      expect(Object.keys(record.fields).sort()).toEqual(Object.values(DEMO_PARKING_FIELDS).sort());
    }
  });

  it('keeps the fields consistent: free within capacity, percentage, [lat, lon] vs GeoJSON [lon, lat]', () => {
    for (const { fields, geometry } of body.records) {
      expect(fields.places).toBeGreaterThanOrEqual(0);
      expect(fields.places).toBeLessThanOrEqual(fields.capacite);
      expect(fields.taux_doccupation).toBeCloseTo((100 * (fields.capacite - fields.places)) / fields.capacite, 2);
      expect(geometry).toEqual({
        type: 'Point',
        coordinates: [fields.geo_point_2d[1], fields.geo_point_2d[0]],
      });
      expect(fields.geo_point_2d[0]).toBeGreaterThan(46.55);
      expect(fields.geo_point_2d[0]).toBeLessThan(46.6);
      expect(fields.geo_point_2d[1]).toBeGreaterThan(0.32);
      expect(fields.geo_point_2d[1]).toBeLessThan(0.39);
      expect(fields.derniere_mise_a_jour_base).toBe('2026-03-10T10:00:00+00:00');
    }
  });

  it('reproduces the same values for the same clock and seed', () => {
    expect(body.records.map((r) => [r.fields.places, r.fields.etat])).toEqual([
      [205, 'OUVERT'],
      [42, 'OUVERT'],
      [123, 'OUVERT'],
      [0, 'COMPLET'],
      [91, 'OUVERT'],
      [128, 'OUVERT'],
      [130, 'OUVERT'],
      [94, 'OUVERT'],
      [36, 'OUVERT'],
      [18, 'OUVERT'],
    ]);
    expect(buildParkingRecords(AT_11H + 4_000, 1, ALL)).toEqual(body);
  });

  it('pages with rows and start like ODS, echoing start only when given', () => {
    const paging = parsePaging(new URLSearchParams('rows=3&start=8'));
    expect(paging).toEqual({ rows: 3, start: 8, startGiven: true });
    const page = buildParkingRecords(AT_11H, 1, paging);
    expect(page.nhits).toBe(10);
    expect(page.parameters).toEqual({
      dataset: [DEMO_PARKING_DATASET],
      timezone: 'UTC',
      rows: 3,
      start: 8,
      format: 'json',
    });
    expect(page.records.map((r) => r.fields.nom)).toEqual(['PALAIS DE JUSTICE', 'P+R MILETRIE']);
    expect(parsePaging(new URLSearchParams('rows=-1&start=x'))).toEqual({
      rows: 10,
      start: 0,
      startGiven: false,
    });
    expect(parsePaging(new URLSearchParams('rows=99999'))).toEqual({
      rows: 10_000,
      start: 0,
      startGiven: false,
    });
  });
});
