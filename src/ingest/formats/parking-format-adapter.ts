import type { ParkingParseResult } from '../../parking/parking.model.js';

/** Format-specific options from the source's YAML (`mapping`, `statusValues`, `options`). */
export interface ParkingFormatOptions {
  /** Dot paths into the payload (json-mapping; field overrides for opendatasoft). */
  mapping?: Record<string, string | undefined>;
  /** Raw operator status value → canonical status, e.g. { open: ['OUVERT'], closed: ['FERME'] }. */
  statusValues?: Partial<Record<'open' | 'closed' | 'full' | 'unknown', string[]>>;
  /** Free-form per-format options (e.g. datex2 `role: table|status`). */
  options?: Record<string, unknown>;
}

export interface ParseContext {
  sourceId: string;
  /** When the hub received the bytes. */
  receivedAt: Date;
  format: ParkingFormatOptions;
  /** The source's `timeZone` (IANA): what times written without an offset are read in; absent: UTC. */
  timeZone?: string;
  /** The source's `crs` (common/coordinate-systems.ts): the system its coordinates are in; absent: WGS84 degrees. */
  crs?: string;
}

/**
 * A pure adapter: bytes in, records out. No I/O, no clock reads (use ctx.receivedAt),
 * no exceptions for bad records (they become warnings); a payload that cannot be read
 * at all throws ParseException.
 */
export interface ParkingFormatAdapter {
  readonly format: string;
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult;
}
