import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FacilityRecord } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { opendatasoftAdapter } from './opendatasoft.adapter.js';

/**
 * The facility details opendatasoft reads without `mapping:` (issue #15): the field names of
 * Nantes Métropole's parking datasets and of schema-stationnement publications on ODS portals.
 */
const parse = (bytes: Buffer, format: ParkingFormatOptions = {}) =>
  opendatasoftAdapter.parse(bytes, { sourceId: 'ods', receivedAt: new Date('2024-05-01T12:00:00Z'), format });
const nantes = (format?: ParkingFormatOptions) =>
  parse(
    readFileSync(path.join(process.cwd(), 'test/fixtures/opendatasoft/nantes-parcs-relais-records-v1-excerpt.json')),
    format,
  );
const pick = (f: FacilityRecord | undefined) =>
  f && {
    localId: f.localId,
    name: f.name,
    capacity: f.capacity,
    disabledCapacity: f.disabledCapacity,
    evChargingCapacity: f.evChargingCapacity,
    restrictedCapacity: f.restrictedCapacity,
    operatorName: f.operatorName,
    url: f.url,
  };

describe('opendatasoft default detail fields on Nantes Métropole P+R (records API v1, a real export)', () => {
  it('idobj, nom_complet, capacite_voiture, capacite_pmr, capacite_vehicule_electrique, capacite_moto / _velo, exploitant, site_web', () => {
    // By hand from the file's four records.
    const result = nantes();
    expect(result.warnings).toEqual([]);
    expect(result.facilities.map(pick)).toEqual([
      {
        localId: '3189',
        name: 'P+R tramway Le Cardo',
        capacity: 201,
        disabledCapacity: 4,
        evChargingCapacity: 0,
        restrictedCapacity: { bicycle: 11 },
        operatorName: 'NMGS',
        url: 'https://www.parkings-nantes.fr/fr/parcs-relais',
      },
      {
        localId: '3202',
        name: 'P+R TER Gare de Vertou Sud',
        capacity: 55,
        disabledCapacity: 5,
        evChargingCapacity: 0,
        restrictedCapacity: { motorcycle: 0, bicycle: 30 },
        operatorName: 'Nantes Métropole',
        url: undefined,
      },
      {
        localId: '3566',
        name: 'P+R TER Gare de Bouaye 1',
        capacity: 142,
        disabledCapacity: 3,
        evChargingCapacity: 0,
        restrictedCapacity: { motorcycle: 0, bicycle: 54 },
        operatorName: 'Nantes Métropole',
        url: undefined,
      },
      {
        localId: '3188',
        name: 'P+R tramway Frachon',
        capacity: 156,
        disabledCapacity: 0,
        evChargingCapacity: undefined,
        restrictedCapacity: { bicycle: 10 },
        operatorName: 'Nantes Métropole',
        url: undefined,
      },
    ]);
    expect(result.facilities[0].location).toEqual({ lat: 47.262502085999984, lon: -1.584511976999977 });
  });

  it('each default is overridable by mapping: (another field, or one that is not there)', () => {
    const result = nantes({
      mapping: { operatorName: 'commune', bicycleCapacity: 'none', evChargingCapacity: 'none' },
    });
    expect(result.facilities.map((f) => [f.operatorName, f.restrictedCapacity, f.evChargingCapacity])).toEqual([
      ['Orvault', undefined, undefined],
      ['Vertou', { motorcycle: 0 }, undefined],
      ['Bouaye', { motorcycle: 0 }, undefined],
      ['Saint-Herblain', undefined, undefined],
    ]);
  });
});

describe('opendatasoft default detail fields of schema-stationnement (records written here, with the schema’s column names)', () => {
  const record = (fields: Record<string, unknown>) =>
    Buffer.from(JSON.stringify({ results: [{ id: 'P1', nom: 'Parking de la Gare', nb_places: 300, ...fields }] }));

  it('gratuit, tarif_1h … tarif_24h (EUR), hauteur_max (cm), nb_pmr, nb_voitures_electriques, nb_velo … nb_covoit, url', () => {
    const [f] = parse(
      record({
        gratuit: false,
        tarif_1h: 1.5,
        tarif_2h: 2.8,
        tarif_24h: 12,
        hauteur_max: 190,
        nb_pmr: 6,
        nb_voitures_electriques: 4,
        nb_velo: 20,
        nb_2r_el: 2,
        nb_autopartage: 3,
        nb_2_rm: 8,
        nb_covoit: 5,
        url: 'https://example.org/parking-gare',
      }),
    ).facilities;
    expect(f).toEqual({
      localId: 'P1',
      name: 'Parking de la Gare',
      capacity: 300,
      disabledCapacity: 6,
      evChargingCapacity: 4,
      restrictedCapacity: { bicycle: 20, 'electric-two-wheeler': 2, carsharing: 3, motorcycle: 8, carpool: 5 },
      fees: {
        hasFee: true,
        prices: [
          { minutes: 60, amount: 1.5, currency: 'EUR' },
          { minutes: 120, amount: 2.8, currency: 'EUR' },
          { minutes: 1440, amount: 12, currency: 'EUR' },
        ],
      },
      maxHeightCm: 190,
      url: 'https://example.org/parking-gare',
    });
  });

  it('gestionnaire (the manager some schema-stationnement publications add) → operatorName', () => {
    expect(parse(record({ gestionnaire: 'Indigo' })).facilities[0].operatorName).toBe('Indigo');
  });

  it('hauteur_max N/A (the schema’s "no limit stated") is no height and no warning', () => {
    const result = parse(record({ hauteur_max: 'N/A' }));
    expect(result.facilities[0].maxHeightCm).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });

  it('gratuit true is no fee; "oui" / "non" read as flags; a mapped feeHasFee replaces it', () => {
    expect(parse(record({ gratuit: true })).facilities[0].fees).toEqual({ hasFee: false });
    expect(parse(record({ gratuit: 'Non' })).facilities[0].fees).toEqual({ hasFee: true });
    expect(
      parse(record({ gratuit: true, payant: 'oui' }), { mapping: { feeHasFee: 'payant' } }).facilities[0].fees,
    ).toEqual({
      hasFee: true,
    });
  });

  it('acces_pmr OUI / NON → wheelchair yes / no (Nantes’ parkings-publics field); opening_hours (OSM) → openingHours', () => {
    const [a] = parse(record({ acces_pmr: 'OUI', opening_hours: 'Mo-Sa 06:00-22:00' })).facilities;
    expect([a.wheelchair, a.openingHours]).toEqual(['yes', 'Mo-Sa 06:00-22:00']);
    expect(parse(record({ acces_pmr: 'NON' })).facilities[0].wheelchair).toBe('no');
  });
});
