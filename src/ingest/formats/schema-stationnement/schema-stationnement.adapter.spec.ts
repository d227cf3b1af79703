import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParseContext } from '../parking-format-adapter.js';
import { detectDelimiter } from './csv-table.util.js';
import { carParkKind, schemaStationnementAdapter } from './schema-stationnement.adapter.js';
import { checkSiret } from './stationnement.rules.js';
import { EXEMPLE_VALIDE_FEES } from './stationnement-exemple.fixture.js';

const ctx: ParseContext = { sourceId: 'bnls', receivedAt: new Date('2024-05-01T12:00:00Z'), format: {} };
const fixture = (name: string): Buffer =>
  readFileSync(path.join(process.cwd(), 'test/fixtures/schema-stationnement', name));
const parseText = (text: string) => schemaStationnementAdapter.parse(Buffer.from(text, 'utf8'), ctx);

const VALID = 'stationnement-exemple-valide.csv';

describe('schemaStationnementAdapter on the official examples', () => {
  it('reads the 2 rows of the valid example as facilities without observations', () => {
    const result = schemaStationnementAdapter.parse(fixture(VALID), ctx);
    expect(result.warnings).toEqual([]);
    expect(result.observations).toEqual([]);
    // Both rows, read by hand: url https://www.exemple.fr/stationnementrepublique/, gratuit true,
    // nb_places 325, nb_pr 250, nb_pmr 250, nb_voitures_electriques 10, nb_velo 25, nb_2r_el 5,
    // nb_autopartage 5, nb_2_rm 5, nb_covoit 5, tarif_1h 5.5, tarif_2h 7.5, tarif_3h 10.5,
    // tarif_4h 13.5, tarif_24h 40; hauteur_max 290 (row 1) and N/A (row 2).
    const expected = {
      name: 'REPUBLIQUE',
      kind: 'park-and-ride',
      location: { lat: 46.59698, lon: 1.452323 },
      address: '3 rue de la Gare, 92300, Levallois-Peret',
      capacity: 325,
      disabledCapacity: 250,
      evChargingCapacity: 10,
      restrictedCapacity: { bicycle: 25, 'electric-two-wheeler': 5, carsharing: 5, motorcycle: 5, carpool: 5 },
      fees: EXEMPLE_VALIDE_FEES,
      parkAndRide: true,
      url: 'https://www.exemple.fr/stationnementrepublique/',
    };
    expect(result.facilities).toEqual([
      { localId: '75114-P-001', ...expected, maxHeightCm: 290 },
      { localId: '75114-P-002', ...expected },
    ]);
  });

  it('skips the invalid example row with one INVALID_ROW warning listing each failing field', () => {
    const result = schemaStationnementAdapter.parse(fixture('stationnement-exemple-invalide.csv'), ctx);
    expect(result.facilities).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    const [warning] = result.warnings;
    expect(warning).toMatchObject({ code: 'INVALID_ROW', ref: 'line 2' });
    expect(warning?.message).toContain('id: "P-001" does not match');
    expect(warning?.message).toContain('num_siret: "80295478500028" fails the SIRET checksum');
    expect(warning?.message).toContain('tarif_pmr: "inconnu" is not one of gratuit|normal_payant|tarif_special');
    expect(warning?.message.split('; ')).toHaveLength(3);
  });

  it('reads the cyclable example (quoted coordinates spanning two lines) as a bicycle facility', () => {
    const result = schemaStationnementAdapter.parse(fixture('stationnement-cyclable-exemple-valide.csv'), ctx);
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      { localId: 'STSI01', kind: 'bicycle', location: { lat: 45.191463, lon: 5.7145295 }, capacity: 8 },
    ]);
  });
});

describe('schemaStationnementAdapter CSV handling', () => {
  const [header = '', firstRow = ''] = fixture(VALID).toString('utf8').split('\n');
  const toSemicolons = (line: string): string => line.replace(/"[^"]*"|,/g, (match) => (match === ',' ? ';' : match));

  it('handles a BOM and ";" delimiters, keeping valid rows and rejecting bad ones by line', () => {
    const bad = toSemicolons(firstRow).replace('75114-P-001', '75114-P-009').replace(';325;', ';-3;');
    const ragged = '75114-P-010;SHORT';
    const text = `\uFEFF${toSemicolons(header)}\n${toSemicolons(firstRow)}\n\n${bad}\n${ragged}\n`;
    const result = parseText(text);
    expect(result.facilities.map((f) => f.localId)).toEqual(['75114-P-001']);
    expect(result.warnings).toEqual([
      { code: 'INVALID_ROW', ref: 'line 4', message: 'row skipped: nb_places: "-3" is below 0' },
      { code: 'INVALID_ROW', ref: 'line 5', message: 'row skipped: row has 2 fields, the header has 30' },
    ]);
  });

  it('passes a repeated id on (the normaliser keeps the later row, flagged) and rejects an unknown header', () => {
    const result = parseText(`${header}\n${firstRow}\n${firstRow}\n`);
    expect(result.facilities).toHaveLength(2);
    expect(result.warnings).toEqual([]);
    expect(() => parseText('a,b\n1,2\n')).toThrow(ParseException);
    expect(() => parseText('id,nb_places\n"unclosed,1\n')).toThrow(/cannot be read/);
  });

  it('detects the delimiter from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('id;nom;"a,b,c"\n1;2;3')).toBe(';');
    expect(detectDelimiter('id,nom,info\n"x;y",2,3')).toBe(',');
  });
});

describe('schema-stationnement rules', () => {
  it('checks SIRET numbers with Luhn', () => {
    expect(checkSiret('21920044100018')).toBeUndefined();
    expect(checkSiret('80295478500028')).toMatch(/checksum/);
  });

  it('calls a car park a P+R when P+R places are at least half of its places', () => {
    expect(carParkKind(325, 250)).toBe('park-and-ride');
    expect(carParkKind(400, 40)).toBe('car-park');
    expect(carParkKind(400, undefined)).toBe('car-park');
    expect(carParkKind(120, 120)).toBe('park-and-ride');
  });
});
