import { Inject, Injectable } from '@nestjs/common';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from '../ports/transit-live-state.port.js';
import { AlertsProcessor } from './alerts.processor.js';
import type { DecodedFeed } from './decoded-feed.model.js';
import type { RtContext } from './rt-context.js';
import { rawTripKey } from './trip-prediction.js';
import { TripUpdatesProcessor } from './trip-updates.processor.js';
import { VehiclesProcessor } from './vehicles.processor.js';

/** How long a DIFFERENTIAL feed's entity lives after its own timestamp (or the header's) when the source sets no `expireAfter`. */
export const DEFAULT_EXPIRE_AFTER_MS = 300_000;

/** What a feed URL serves: the kinds of entity its messages apply. */
export type RtKind = 'trip' | 'vehicle' | 'alert';

/** An index entry: what the entity put in the live state, and when it expires (receive clock, epoch s). */
interface Entry {
  /** Trip: its raw key (trip_id, start_date and start_time as given); vehicle: vehicle id; alert: alert id. */
  key: string;
  exp: number;
}

export interface DifferentialOutcome {
  /** Entities removed (is_deleted, expired, or replaced under the same entity id). */
  removed: number;
  /** Local stop ids whose predictions changed (for `departures` events). */
  affectedStops: Set<string>;
}

/** Index fields are `<kind>:<entity id>`: a trip update and a vehicle of separate feeds may share an id. */
const field = (kind: RtKind, entityId: string): string => `${kind}:${entityId}`;
const kindOf = (f: string): RtKind => f.slice(0, f.indexOf(':')) as RtKind;

/**
 * DIFFERENTIAL GTFS-RT feeds: each message adds or replaces the entities it carries, removes those
 * flagged `is_deleted`, and an entity not heard of for `expireAfter` after its own timestamp (or
 * the header's) is dropped. A per-source index in Redis maps entity ids to what they stored, since
 * the stored keys (trip key, vehicle id) are not the entity id. Times are read on the feed's clock:
 * the expiry is moved to the receive clock by the header's offset from the receive time.
 */
@Injectable()
export class DifferentialFeeds {
  constructor(
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
    private readonly trips: TripUpdatesProcessor,
    private readonly vehicles: VehiclesProcessor,
    private readonly alerts: AlertsProcessor,
  ) {}

  /** Before a DIFFERENTIAL message's entities are applied: removes those it flags is_deleted. */
  async deleteFlagged(ctx: RtContext, feed: DecodedFeed, kinds: readonly RtKind[]): Promise<DifferentialOutcome> {
    const fields = feed.deleted.flatMap((id) => kinds.map((k) => field(k, id)));
    if (fields.length === 0) return { removed: 0, affectedStops: new Set() };
    const index = await this.live.rtEntities(ctx.source.id);
    return this.remove(
      ctx,
      fields.filter((f) => index.has(f)).map((f) => [f, parse(index.get(f) as string)]),
    );
  }

  /**
   * After a DIFFERENTIAL message's entities are applied: records each one's key and expiry; an
   * entity id that now names another trip or vehicle removes the one it named before.
   */
  async record(ctx: RtContext, feed: DecodedFeed, kinds: readonly RtKind[]): Promise<DifferentialOutcome> {
    const next = new Map<string, Entry>();
    const expiry = this.expiry(ctx);
    if (kinds.includes('trip')) {
      for (const batch of feed.batches) {
        for (const h of batch.heads) {
          if (h.tripId !== null)
            next.set(field('trip', h.entityId), {
              key: rawTripKey(h.tripId, h.startDate, h.startTime),
              exp: expiry(h.timestamp),
            });
        }
      }
    }
    if (kinds.includes('vehicle')) {
      for (const v of feed.vehicles) {
        next.set(field('vehicle', v.entityId), { key: `${ctx.source.id}:${v.vehicleId}`, exp: expiry(v.timestamp) });
      }
    }
    if (kinds.includes('alert')) {
      for (const a of feed.alerts)
        next.set(field('alert', a.entityId), { key: `${ctx.source.id}:${a.entityId}`, exp: expiry(null) });
    }
    const index = await this.live.rtEntities(ctx.source.id);
    const replaced: Array<[string, Entry]> = [];
    for (const [f, entry] of next) {
      const before = index.get(f);
      if (before !== undefined && parse(before).key !== entry.key) replaced.push([f, parse(before)]);
    }
    const outcome = await this.remove(ctx, replaced, false);
    await this.live.applyRtEntities(ctx.source.id, new Map([...next].map(([f, e]) => [f, JSON.stringify(e)])), []);
    return outcome;
  }

  /** A FULL_DATASET message of these kinds replaces everything: their index entries are dropped. */
  async forget(sourceId: string, kinds: readonly RtKind[]): Promise<void> {
    const index = await this.live.rtEntities(sourceId);
    const fields = [...index.keys()].filter((f) => kinds.includes(kindOf(f)));
    if (fields.length > 0) await this.live.applyRtEntities(sourceId, new Map(), fields);
  }

  /** Removes the entities whose expiry has passed at `at`; the context is only built when one has. */
  async expire(sourceId: string, at: Date, context: () => Promise<RtContext>): Promise<DifferentialOutcome> {
    const now = Math.floor(at.getTime() / 1000);
    const index = await this.live.rtEntities(sourceId);
    const expired = [...index].map(([f, json]): [string, Entry] => [f, parse(json)]).filter(([, e]) => e.exp <= now);
    if (expired.length === 0) return { removed: 0, affectedStops: new Set() };
    return this.remove(await context(), expired);
  }

  /** `expireAfter` past the entity's own time (else the header's), on the receive clock. */
  private expiry(ctx: RtContext): (timestamp: number | null) => number {
    const received = Math.floor(ctx.receivedAt.getTime() / 1000);
    const bound = Math.round((ctx.source.expireAfterMs ?? DEFAULT_EXPIRE_AFTER_MS) / 1000);
    return (timestamp) => received + ((timestamp ?? ctx.feedTime) - ctx.feedTime) + bound;
  }

  private async remove(
    ctx: RtContext,
    entries: ReadonlyArray<[string, Entry]>,
    dropFromIndex = true,
  ): Promise<DifferentialOutcome> {
    const keys = (kind: RtKind): string[] => entries.filter(([f]) => kindOf(f) === kind).map(([, e]) => e.key);
    const trips = await this.trips.remove(ctx, keys('trip'));
    const vehicles = await this.vehicles.remove(ctx, keys('vehicle'));
    const alerts = await this.alerts.remove(ctx, keys('alert'));
    if (dropFromIndex && entries.length > 0) {
      await this.live.applyRtEntities(
        ctx.source.id,
        new Map(),
        entries.map(([f]) => f),
      );
    }
    return { removed: trips.removed + vehicles + alerts, affectedStops: trips.affectedStops };
  }
}

function parse(json: string): Entry {
  return JSON.parse(json) as Entry;
}
