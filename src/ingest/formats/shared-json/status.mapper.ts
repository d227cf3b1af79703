import type { ParkingStatus } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';

export type StatusValues = NonNullable<ParkingFormatOptions['statusValues']>;

export interface MappedStatus {
  status: ParkingStatus;
  /** The raw value was not recognised (the caller warns once per distinct value). */
  unmapped: boolean;
  /**
   * The operator explicitly said it does not know (e.g. "frequentation temps reel indisponible"):
   * any count sent alongside is a placeholder, so free must become null, not 0.
   */
  declaredUnknown: boolean;
}

/**
 * Used when a source configures no `statusValues`. Compared after normalisation (trimmed,
 * lower-cased, accents removed, spaces collapsed), so "Fermé", "FERME" and "ferme" all match.
 */
export const DEFAULT_STATUS_VALUES: Required<StatusValues> = {
  open: ['open', 'opened', 'ouvert', 'ouverte', 'offen', 'geöffnet', 'geoeffnet', 'available'],
  closed: ['closed', 'fermé', 'fermée', 'geschlossen', 'gesperrt'],
  full: ['full', 'complet', 'voll', 'besetzt'],
  unknown: [
    'unknown',
    'inconnu',
    'unbekannt',
    'nodata',
    'no data',
    'indisponible',
    'frequentation temps reel indisponible',
  ],
};

const STATUS_ORDER: readonly ParkingStatus[] = ['open', 'closed', 'full', 'unknown'];

export function normaliseStatusText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

export type StatusMapper = (raw: unknown) => MappedStatus;

/** Builds a mapper from the source's `statusValues`, or from the defaults when none are configured. */
export function createStatusMapper(statusValues?: StatusValues): StatusMapper {
  const table = buildTable(statusValues ?? DEFAULT_STATUS_VALUES);
  return (raw) => {
    const key = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    const status = typeof key === 'string' ? table.get(normaliseStatusText(key)) : undefined;
    if (status === undefined) return { status: 'unknown', unmapped: true, declaredUnknown: false };
    return { status, unmapped: false, declaredUnknown: status === 'unknown' };
  };
}

function buildTable(values: StatusValues): Map<string, ParkingStatus> {
  const table = new Map<string, ParkingStatus>();
  for (const status of STATUS_ORDER) {
    for (const value of values[status] ?? []) {
      const key = normaliseStatusText(value);
      if (!table.has(key)) table.set(key, status);
    }
  }
  return table;
}
