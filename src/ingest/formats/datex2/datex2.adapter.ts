import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult, ParseWarning } from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { parseXml } from '../xml/safe-xml.js';
import { readDatex2Document, type Datex2Part } from './datex2-document.js';
import { readLegacyStatus, readLegacyTable } from './datex2-legacy.reader.js';
import { readParkingStatus, type Datex2TableIndexes } from './datex2-status.reader.js';
import { chargingEquipmentIndexes } from './datex2-details.js';
import { disabledGroupIndexes } from './datex2-site.js';
import { readParkingTable } from './datex2-table.reader.js';

type Role = 'table' | 'status';

/**
 * DATEX II parking, auto-detected:
 * - v2.x ParkingTablePublication / ParkingStatusPublication, native or inside a GenericPublication
 *   (`genericPublicationExtension`, e.g. Aachen, VRS "ParkingOccupancy");
 * - the 2.0 parkingFacilityTableStatusPublication / parkingFacilityTablePublication (e.g. Stuttgart);
 * - v3 ParkingTablePublication / ParkingStatusPublication (`messageContainer/payload` or bare `payload`).
 * Tables give facilities, status publications give observations; the pipeline joins them on localId.
 * A v3 status's free places for disabled users need a table in the same document: its groups of
 * spaces say which groupIndex is for disabled users (datex2-site.ts).
 * Optional `options.role: table|status` makes a source that serves the wrong publication fail loudly.
 */
export const datex2Adapter: ParkingFormatAdapter = {
  format: 'datex2',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const warnings: ParseWarning[] = [];
    const document = readDatex2Document(parseXml(bytes), warnings);
    const parts = selectRole(document.parts, ctx.format.options?.['role']);
    const result: ParkingParseResult = {
      facilities: [],
      observations: [],
      warnings,
    };
    // Which v3 group of spaces is for disabled users, which equipment is a charging station, is said by
    // the table only (also with role: status).
    const tables = document.parts.filter((p) => p.kind === 'table').map((p) => p.element);
    const indexes: Datex2TableIndexes = {
      disabledGroups: disabledGroupIndexes(tables),
      chargingEquipment: chargingEquipmentIndexes(tables),
    };
    for (const part of parts) readPart(part, ctx, result, indexes);
    if (document.publishedAt) result.publishedAt = document.publishedAt;
    return result;
  },
};

function readPart(part: Datex2Part, ctx: ParseContext, result: ParkingParseResult, indexes: Datex2TableIndexes): void {
  const { warnings } = result;
  switch (part.kind) {
    case 'table':
      result.facilities.push(...readParkingTable(part, warnings));
      break;
    case 'legacy-table':
      result.facilities.push(...readLegacyTable(part, warnings));
      break;
    case 'status':
      result.observations.push(...readParkingStatus(part, ctx.format, warnings, indexes));
      break;
    case 'legacy-status':
      result.observations.push(...readLegacyStatus(part, ctx.format, warnings));
      break;
  }
}

function selectRole(parts: Datex2Part[], role: unknown): Datex2Part[] {
  if (role === undefined) return parts;
  if (role !== 'table' && role !== 'status') {
    throw new ParseException(`datex2 option role must be "table" or "status", got ${JSON.stringify(role)}`);
  }
  const selected = parts.filter((p) => roleOf(p) === role);
  if (selected.length === 0) {
    const found = parts.map((p) => p.kind).join(', ');
    throw new ParseException(`datex2 source has role "${role}" but the document holds: ${found}`);
  }
  return selected;
}

function roleOf(part: Datex2Part): Role {
  return part.kind === 'table' || part.kind === 'legacy-table' ? 'table' : 'status';
}
