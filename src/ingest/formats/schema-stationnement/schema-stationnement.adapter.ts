import { ParseException } from '../../../common/app-exception.js';
import type {
  FacilityRecord,
  ParkingFees,
  ParkingKind,
  ParkingParseResult,
  ParkingPrice,
  RestrictedSpaceKind,
} from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { compact } from '../shared-json/compact.util.js';
import { pointFrom } from '../shared-json/value-coercion.util.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { readCsvTable, type CsvRow } from './csv-table.util.js';
import { cyclableRules, parseLonLat } from './cyclable.rules.js';
import { rowMap, validateRow, type FieldRule } from './field-rules.util.js';
import { STATIONNEMENT_RULES } from './stationnement.rules.js';

type Row = ReadonlyMap<string, string>;

interface Variant {
  rules: readonly FieldRule[];
  toFacility: (row: Row) => FacilityRecord;
}

/**
 * The French national static CSVs (reference data only, no observations), chosen by header:
 * - schema-stationnement (car parks: `id`, `nb_places`, `Xlong`, `Ylat` ...);
 * - schema-stationnement-cyclable (`id_local`, `capacite`, `coordonneesxy` or `xlong`/`ylat`) → bicycle.
 * Each row is checked against the schema's rules; an invalid row is skipped with one
 * INVALID_ROW warning (ref "line N") listing every failing field.
 */
export const schemaStationnementAdapter: ParkingFormatAdapter = {
  format: 'schema-stationnement',
  parse(bytes: Buffer, _ctx: ParseContext): ParkingParseResult {
    const table = readCsvTable(bytes, 'schema-stationnement');
    const variant = variantFor(table.header);
    const sink = new WarningSink();
    const facilities: FacilityRecord[] = [];
    // A repeated id is passed on: the normaliser keeps the later row and flags it `duplicate-id`.
    for (const row of table.rows) {
      const facility = readRow(row, table.header, variant, sink);
      if (facility !== undefined) facilities.push(facility);
    }
    return { facilities, observations: [], warnings: sink.warnings };
  },
};

function readRow(
  row: CsvRow,
  header: readonly string[],
  variant: Variant,
  sink: WarningSink,
): FacilityRecord | undefined {
  if (row.values.length !== header.length) {
    rejectRow(sink, row, [`row has ${row.values.length} fields, the header has ${header.length}`]);
    return undefined;
  }
  const values = rowMap(header, row.values);
  const failures = validateRow(values, variant.rules);
  if (failures.length > 0) {
    rejectRow(sink, row, failures);
    return undefined;
  }
  return variant.toFacility(values);
}

function rejectRow(sink: WarningSink, row: CsvRow, failures: readonly string[]): void {
  sink.add({ code: 'INVALID_ROW', message: `row skipped: ${failures.join('; ')}`, ref: `line ${row.line}` });
}

function variantFor(header: readonly string[]): Variant {
  const names = new Set(header.map((name) => name.toLowerCase()));
  if (names.has('id_local') && names.has('capacite')) {
    return { rules: cyclableRules(header), toFacility: cyclableFacility };
  }
  if (names.has('id') && names.has('nb_places')) {
    return { rules: STATIONNEMENT_RULES, toFacility: carParkFacility };
  }
  throw new ParseException(
    `schema-stationnement: header matches neither schema-stationnement (id, nb_places ...) nor ` +
      `schema-stationnement-cyclable (id_local, capacite ...): ${header.slice(0, 6).join(', ')}`,
  );
}

/** Places set aside by kind: the schema's nb_* columns beyond nb_pmr and nb_voitures_electriques. */
const RESTRICTED_COLUMNS: ReadonlyArray<[column: string, kind: RestrictedSpaceKind]> = [
  ['nb_velo', 'bicycle'],
  ['nb_2r_el', 'electric-two-wheeler'],
  ['nb_autopartage', 'carsharing'],
  ['nb_2_rm', 'motorcycle'],
  ['nb_covoit', 'carpool'],
];

/** tarif_<n>h: the price, in euros incl. VAT, of parking that long (free time included). */
const PRICE_COLUMNS: ReadonlyArray<[column: string, minutes: number]> = [
  ['tarif_1h', 60],
  ['tarif_2h', 120],
  ['tarif_3h', 180],
  ['tarif_4h', 240],
  ['tarif_24h', 1440],
];

/** Values are already validated, so Number() conversions below cannot fail. */
function carParkFacility(row: Row): FacilityRecord {
  const capacity = Number(row.get('nb_places'));
  const parkAndRidePlaces = optionalNumber(row, 'nb_pr');
  const height = row.get('hauteur_max');
  const facility: FacilityRecord = {
    localId: text(row, 'id') ?? '',
    name: text(row, 'nom'),
    kind: carParkKind(capacity, parkAndRidePlaces),
    location: pointFrom(row.get('ylat'), row.get('xlong')),
    address: text(row, 'adresse'),
    capacity,
    disabledCapacity: optionalNumber(row, 'nb_pmr'),
    evChargingCapacity: optionalNumber(row, 'nb_voitures_electriques'),
    restrictedCapacity: restrictedCapacity(row),
    fees: fees(row),
    // hauteur_max is in centimetres; N/A: no limit stated.
    maxHeightCm: height && height !== 'N/A' ? Number(height) : undefined,
    parkAndRide: parkAndRidePlaces === undefined ? undefined : parkAndRidePlaces > 0,
    url: text(row, 'url'),
  };
  return compact(facility);
}

function restrictedCapacity(row: Row): FacilityRecord['restrictedCapacity'] {
  const counts: NonNullable<FacilityRecord['restrictedCapacity']> = {};
  for (const [column, kind] of RESTRICTED_COLUMNS) {
    const value = optionalNumber(row, column);
    if (value !== undefined) counts[kind] = value;
  }
  return Object.keys(counts).length > 0 ? counts : undefined;
}

/** `gratuit` (required by the schema) says whether it is free; the tarif_<n>h columns give prices. */
function fees(row: Row): ParkingFees {
  const free = row.get('gratuit')?.toLowerCase();
  const prices: ParkingPrice[] = [];
  for (const [column, minutes] of PRICE_COLUMNS) {
    const amount = optionalNumber(row, column);
    if (amount !== undefined) prices.push({ minutes, amount, currency: 'EUR' });
  }
  return compact({
    hasFee: free === undefined || free === '' ? undefined : !TRUE_VALUES.has(free),
    prices: prices.length > 0 ? prices : undefined,
  });
}

const TRUE_VALUES = new Set(['true', '1', 'vrai']);

/**
 * A car park is a park-and-ride when P+R-tariff places (nb_pr) are at least half of its places:
 * a city-centre garage with a few P+R spaces stays a car park, a P+R with some ordinary spaces
 * (or with nb_pr = nb_places) is a P+R.
 */
export function carParkKind(capacity: number, parkAndRidePlaces: number | undefined): ParkingKind {
  if (parkAndRidePlaces === undefined || parkAndRidePlaces <= 0) return 'car-park';
  return parkAndRidePlaces * 2 >= capacity ? 'park-and-ride' : 'car-park';
}

function cyclableFacility(row: Row): FacilityRecord {
  const xy = row.get('coordonneesxy');
  const facility: FacilityRecord = {
    localId: text(row, 'id_local') ?? '',
    kind: 'bicycle',
    location: xy ? parseLonLat(xy) : pointFrom(row.get('ylat'), row.get('xlong')),
    capacity: Number(row.get('capacite')),
  };
  return compact(facility);
}

function text(row: Row, column: string): string | undefined {
  const value = row.get(column);
  return value ? value : undefined;
}

function optionalNumber(row: Row, column: string): number | undefined {
  const value = row.get(column);
  return value ? Number(value) : undefined;
}
