import type { OccupancyRecord, ParkingParseResult, ParkingStatus } from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { compact } from '../shared-json/compact.util.js';
import { readJsonPayload } from '../shared-json/json-payload.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { createStatusMapper } from '../shared-json/status.mapper.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { attribute, entitiesOf, localIdOf, typeOf, type Entity } from './ngsi-attributes.js';
import { inheritFromSites } from './ngsi-details.js';
import { addSpot, mapSite, type NgsiStatusOf, type SpotTally } from './ngsi-parking.mapper.js';
import { addGroupShares, type GroupShare } from './ngsi-set-aside.js';
import { ownValue } from '../../../common/own-key.js';

/** Sites with counts of their own; ParkingSpot entities are counted into their refParkingSite. */
const SITE_TYPES = new Set(['OffStreetParking', 'OnStreetParking', 'ParkingGroup']);

/** DATEX II ParkingSiteStatusEnum / OpeningStatusEnum, which the smart data models use for `status`. */
const BUILT_IN_STATUS: Readonly<Record<string, ParkingStatus>> = {
  open: 'open',
  spacesavailable: 'open',
  almostfull: 'open',
  full: 'full',
  fullatentrance: 'full',
  closed: 'closed',
  closedabnormal: 'closed',
  unknown: 'unknown',
  openingtimesinforce: 'unknown',
};

/**
 * FIWARE NGSI v2 and NGSI-LD parking entities (smart data models dataModel.Parking), normalized or
 * keyValues, as a single entity, a list, a notification or a GeoJSON FeatureCollection
 * (ngsi-attributes.ts). OffStreetParking, OnStreetParking and ParkingGroup are car parks
 * (ngsi-parking.mapper.ts); ParkingSpot entities are counted into the site named by their
 * `refParkingSite` (free / occupied spots), unless the payload carries that site with counts of its
 * own. A ParkingGroup's places set aside count into its refParkingSite's too (ngsi-set-aside.ts),
 * and a group without a maximum stay or height of its own has its site's (ngsi-details.ts).
 * Ids lose their `urn:ngsi-ld:<Type>:` prefix, so v2 and LD ids of one site are the same.
 */
export const ngsiAdapter: ParkingFormatAdapter = {
  format: 'ngsi',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const entities = entitiesOf(readJsonPayload(bytes, 'ngsi'));
    const sink = new WarningSink();
    const statusOf = statusMapper(ctx);
    const result: ParkingParseResult = { facilities: [], observations: [], warnings: sink.warnings };
    const tallies = new Map<string, SpotTally>();
    const shares: GroupShare[] = [];
    entities.forEach((raw, index) => {
      const entity: Entity | undefined = isRecord(raw) ? raw : undefined;
      const localId = localIdOf(entity?.id);
      if (entity === undefined || localId === undefined) {
        sink.add({ code: 'MISSING_ID', message: `NGSI entity #${index} has no id; skipped`, ref: `#${index}` });
        return;
      }
      const type = typeOf(entity) ?? '';
      if (type === 'ParkingSpot') return tallySpot(entity, localId, tallies);
      if (!SITE_TYPES.has(type)) {
        sink.once(`type:${type}`, {
          code: 'UNSUPPORTED_ENTITY',
          message: `NGSI entity type "${type}" is not a parking model; its entities are skipped`,
          ref: localId,
        });
        return;
      }
      const site = mapSite(entity, type, localId, statusOf);
      result.facilities.push(site.facility);
      if (site.observation) result.observations.push(site.observation);
      const siteId = type === 'ParkingGroup' ? localIdOf(attribute(entity, 'refParkingSite')?.value) : undefined;
      if (siteId !== undefined && siteId !== localId) shares.push({ siteId, ...site });
      for (const raw of site.unknownStatuses) {
        sink.once(`status:${raw}`, {
          code: 'UNKNOWN_STATUS',
          message: `NGSI status "${raw}" is not mapped (statusValues); read as unknown`,
          ref: localId,
        });
      }
    });
    addTallies(tallies, result);
    inheritFromSites(shares, result.facilities);
    addGroupShares(shares, result.facilities, result.observations);
    return result;
  },
};

function statusMapper(ctx: ParseContext): NgsiStatusOf {
  if (ctx.format.statusValues === undefined) return (raw) => ownValue(BUILT_IN_STATUS, raw.toLowerCase());
  const mapper = createStatusMapper(ctx.format.statusValues);
  return (raw) => {
    const mapped = mapper(raw);
    return mapped.unmapped ? ownValue(BUILT_IN_STATUS, raw.toLowerCase()) : mapped.status;
  };
}

/** A spot without refParkingSite is a site of its own (its own id). */
function tallySpot(entity: Entity, localId: string, tallies: Map<string, SpotTally>): void {
  const siteId = localIdOf(attribute(entity, 'refParkingSite')?.value) ?? localId;
  let tally = tallies.get(siteId);
  if (tally === undefined) {
    tally = { spots: 0, free: 0, occupied: 0, onStreet: false, positions: [] };
    tallies.set(siteId, tally);
  }
  addSpot(tally, entity);
}

/** Each tally becomes its site's reading, and its facility when the payload does not describe the site. */
function addTallies(tallies: Map<string, SpotTally>, result: ParkingParseResult): void {
  for (const [siteId, tally] of tallies) {
    const described = result.facilities.some((f) => f.localId === siteId);
    const counted = result.observations.some((o) => o.localId === siteId && o.free !== undefined);
    if (!described) {
      result.facilities.push(
        compact({
          localId: siteId,
          kind: tally.onStreet ? ('on-street' as const) : ('car-park' as const),
          location: meanPosition(tally.positions),
          capacity: tally.spots,
        }),
      );
    }
    if (!counted) {
      result.observations.push(
        compact<OccupancyRecord>({
          localId: siteId,
          free: tally.free,
          occupied: tally.occupied,
          capacity: tally.spots,
          observedAt: tally.observedAt,
        }),
      );
    }
  }
}

/** The spots' mean position (one spot: its own); 1e-9 degrees is under a millimetre. */
function meanPosition(at: Array<{ lat: number; lon: number }>): { lat: number; lon: number } | undefined {
  if (at.length <= 1) return at[0];
  const round = (value: number): number => Math.round(value * 1e9) / 1e9;
  return {
    lat: round(at.reduce((s, p) => s + p.lat, 0) / at.length),
    lon: round(at.reduce((s, p) => s + p.lon, 0) / at.length),
  };
}
