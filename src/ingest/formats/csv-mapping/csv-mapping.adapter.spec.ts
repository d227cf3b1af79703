import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions, ParseContext } from '../parking-format-adapter.js';
import { csvMappingAdapter } from './csv-mapping.adapter.js';

const FILE = path.join(process.cwd(), 'test/fixtures/csv-mapping/bielefeld-parkplaetze-excerpt.csv');
const bytes = readFileSync(FILE);
const text = bytes.toString('utf8');

const ctx = (format: ParkingFormatOptions): ParseContext => ({
  sourceId: 'bielefeld',
  receivedAt: new Date('2026-02-06T08:40:00Z'),
  format,
});
const parse = (input: Buffer | string, format: ParkingFormatOptions): ParkingParseResult =>
  csvMappingAdapter.parse(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, ctx(format));

const MAPPING = {
  id: 'gid',
  name: 'bez',
  address: 'zufahrt',
  lat: 'WKT',
  capacity: 'kapazitaet',
  free: 'b_pls_rest',
  status: 'b_pls_status',
};
const STATUS = { open: ['FREI'], closed: ['GESCHLOSSEN'] };

/**
 * The expected values, read from the file without the adapter: its quoted cells hold no `;`, so a
 * split on `;` with the quotes removed gives each cell; the WKT point is `POINT (lon lat)`.
 */
interface Row {
  cells: Record<string, string>;
  lat: number;
  lon: number;
}
const [headerLine, ...lines] = text.trimEnd().split('\n');
const header = headerLine.split(';');
const rows: Row[] = lines.map((line) => {
  const values = line.split(';').map((cell) => cell.replace(/^"(.*)"$/, '$1'));
  const cells = Object.fromEntries(header.map((name, i) => [name, values[i]]));
  const [lon, lat] = /POINT \((\S+) (\S+)\)/.exec(cells.WKT)!.slice(1).map(Number);
  return { cells, lat, lon };
});
const withCounts = rows.filter((r) => r.cells.b_pls_rest !== '');

function expectedFacility(r: Row): Record<string, unknown> {
  const c = r.cells;
  return {
    localId: c.gid,
    name: c.bez,
    address: c.zufahrt,
    location: { lat: r.lat, lon: r.lon },
    ...(c.kapazitaet === '' ? {} : { capacity: Number(c.kapazitaet) }),
  };
}

describe('csvMappingAdapter on the Bielefeld car parks (open data, `;`, WKT points, realtime columns)', () => {
  const result = parse(bytes, { mapping: MAPPING, statusValues: STATUS });

  it('reads every line as a facility with the values the file holds', () => {
    expect(rows).toHaveLength(36);
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual(rows.map(expectedFacility));
  });

  it('reads a reading for the 21 car parks with a guidance-system count, and none for the others', () => {
    expect(withCounts).toHaveLength(21);
    expect(result.observations).toEqual(
      withCounts.map((r) => ({
        localId: r.cells.gid,
        free: Number(r.cells.b_pls_rest),
        capacity: Number(r.cells.kapazitaet),
        status: r.cells.b_pls_status === 'FREI' ? 'open' : 'closed',
      })),
    );
  });

  it('spot checks: Tiefgarage Kesselbrink 203 of 383 free, Parkhaus Ritterstraße closed with 0', () => {
    expect(result.facilities.find((f) => f.localId === '660-1')).toEqual({
      localId: '660-1',
      name: 'Tiefgarage Kesselbrink',
      address: 'Friedrich-Ebert-Straße 17 und Friedrich-Verleger Straße 16',
      location: { lat: 52.0242103720696, lon: 8.53824901907209 },
      capacity: 383,
    });
    expect(result.observations.find((o) => o.localId === '660-1')).toEqual({
      localId: '660-1',
      free: 203,
      capacity: 383,
      status: 'open',
    });
    expect(result.observations.find((o) => o.localId === '660-3')).toMatchObject({ free: 0, status: 'closed' });
    expect(result.facilities.find((f) => f.localId === '620-124')).toMatchObject({ name: 'Parkhaus', capacity: 1062 });
  });

  it('reads the same from a windows-1252 copy with encoding: windows-1252 (and garbles it without)', () => {
    const latin = iconv.encode(text, 'windows-1252');
    expect(latin.length).toBeLessThan(bytes.length);
    expect(parse(latin, { mapping: MAPPING, statusValues: STATUS, options: { encoding: 'windows-1252' } })).toEqual(
      result,
    );
    expect(parse(latin, { mapping: MAPPING, statusValues: STATUS, options: { encoding: 'latin1' } })).toEqual(result);
    const garbled = parse(latin, { mapping: MAPPING, statusValues: STATUS });
    expect(garbled.facilities.find((f) => f.localId === '660-3')?.name).not.toBe('Parkhaus Ritterstraße');
  });

  it('without a header line, maps columns by number (1 = the first)', () => {
    const body = lines.join('\n');
    const numbered = parse(body, {
      mapping: { id: '2', name: '5', address: '11', lat: '1', capacity: '6', free: '21', status: '23' },
      statusValues: STATUS,
      options: { header: false },
    });
    expect(numbered).toEqual(result);
  });

  it('decimalComma: reads "52,0242" as 52.0242 (the coordinates written as a German spreadsheet writes them)', () => {
    const csv = [
      'gid;bez;breite;laenge;kapazitaet',
      ...rows.map((r) =>
        [
          r.cells.gid,
          r.cells.bez,
          String(r.lat).replace('.', ','),
          String(r.lon).replace('.', ','),
          r.cells.kapazitaet,
        ].join(';'),
      ),
    ].join('\r\n');
    const mapping = { id: 'gid', name: 'bez', lat: 'breite', lon: 'laenge' };
    const read = parse(csv, { mapping, options: { decimalComma: true, delimiter: ';' } });
    expect(read.warnings).toEqual([]);
    expect(read.facilities.map((f) => [f.localId, f.location])).toEqual(
      rows.map((r) => [r.cells.gid, { lat: r.lat, lon: r.lon }]),
    );
    const refused = parse(csv, { mapping });
    expect(refused.facilities.every((f) => f.location === undefined)).toBe(true);
    expect(refused.warnings[0]).toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('an explicit delimiter wins over the guess; tab is accepted by name', () => {
    const tabbed = text.replace(/;/g, '\t');
    expect(parse(tabbed, { mapping: MAPPING, statusValues: STATUS })).toEqual(result);
    expect(parse(tabbed, { mapping: MAPPING, statusValues: STATUS, options: { delimiter: 'tab' } })).toEqual(result);
    // The `;` file read as tab-separated: one cell per line, whose opening quote is never closed where it should be.
    expect(() => parse(text, { mapping: MAPPING, options: { delimiter: 'tab' } })).toThrow(ParseException);
    const unquoted = rows.map((r) => [r.cells.gid, r.cells.bez].join(';')).join('\n');
    expect(() => parse(`gid;bez\n${unquoted}`, { mapping: { id: 'gid' }, options: { delimiter: ',' } })).toThrow(
      /mapping\.id names column "gid", which the file lacks \(columns: gid;bez\)/,
    );
  });
});

describe('csvMappingAdapter refusals', () => {
  it('a mapped column missing from the header fails, naming it and the columns', () => {
    expect(() => parse(bytes, { mapping: { ...MAPPING, free: 'frei' } })).toThrow(ParseException);
    expect(() => parse(bytes, { mapping: { ...MAPPING, free: 'frei' } })).toThrow(
      /mapping\.free names column "frei", which the file lacks \(columns: WKT, gid, pls_id/,
    );
  });

  it('a line with another number of cells is skipped with a warning naming its line', () => {
    const broken = text.replace('660-13;PHT014;PZ;', '660-13;PHT014;');
    const read = parse(broken, { mapping: MAPPING, statusValues: STATUS });
    expect(read.facilities).toHaveLength(35);
    expect(read.warnings).toEqual([
      { code: 'INVALID_RECORD', message: 'line 11 has 22 fields, the header 23; skipped', ref: 'line 11' },
    ]);
  });

  it('bad options and an empty file fail with the option named', () => {
    expect(() => parse(bytes, { mapping: MAPPING, options: { encoding: 'klingon' } })).toThrow(/options\.encoding/);
    expect(() => parse(bytes, { mapping: MAPPING, options: { delimiter: ';;' } })).toThrow(/options\.delimiter/);
    expect(() => parse(bytes, { mapping: MAPPING, options: { decimalComma: 'yes' } })).toThrow(/options\.decimalComma/);
    expect(() => parse('', { mapping: MAPPING })).toThrow(/the file is empty/);
    expect(() => parse(bytes, { mapping: { name: 'bez' } })).toThrow(/mapping\.id is required/);
  });

  it('a delimiter named after an Object.prototype key (constructor, toString...) is no delimiter name: refused', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      for (const encoding of [undefined, name]) {
        const options = encoding === undefined ? { delimiter: name } : { delimiter: ';', encoding };
        const field = encoding === undefined ? 'delimiter' : 'encoding';
        expect(() => parse(bytes, { mapping: MAPPING, options })).toThrow(new RegExp(`options\\.${field}`));
      }
    }
  });

  it('a quoted field never closed fails with its line', () => {
    expect(() => parse(`${headerLine}\n"POINT (8.5 52.0);660-1;x\n`, { mapping: MAPPING })).toThrow(/line 2/);
  });
});
