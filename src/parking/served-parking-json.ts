import type { ParkingTrend } from './parking.model.js';
import type { StoredParking } from './stored-parking.js';

/** One facility's stored JSON, parsed once, and the served JSON of each read-time variant, made on first use. */
export interface HeldState {
  raw: string;
  stored: StoredParking;
  observedMs: number;
  valueSinceMs: number;
  /** JSON.stringify({ ...parking, trend, stale }) by variant: (stored trend | decayed) × (fresh | stale). */
  variants: [string?, string?, string?, string?];
}

/**
 * What the read path would otherwise redo on every request for the same stored bytes: JSON.parse
 * of a facility's state, its two dates, and JSON.stringify of its served form. Kept by id while
 * the stored JSON read from Redis is the same string (a changed state is another string, so it
 * is parsed again: nothing is served from an old copy). At most `max` facilities (oldest dropped).
 */
export class ServedParkingJson {
  private readonly held = new Map<string, HeldState>();

  constructor(private readonly max = 50_000) {}

  state(id: string, raw: string): HeldState {
    const known = this.held.get(id);
    if (known !== undefined && known.raw === raw) return known;
    const stored = JSON.parse(raw) as StoredParking;
    const state: HeldState = {
      raw,
      stored,
      observedMs: Date.parse(stored.parking.observedAt),
      valueSinceMs: Date.parse(stored.valueSince),
      variants: [],
    };
    if (known !== undefined) this.held.delete(id);
    else if (this.held.size >= this.max) this.held.delete(this.held.keys().next().value as string);
    this.held.set(id, state);
    return state;
  }

  get size(): number {
    return this.held.size;
  }
}

/**
 * The served JSON of a parking with its read-time `trend` and `stale`, and `distance` when given:
 * byte for byte JSON.stringify of `{ ...parking, trend, stale }` with `distance` set last.
 */
export function servedJson(
  state: HeldState,
  trend: ParkingTrend,
  stale: boolean,
  distance: number | undefined,
): string {
  const { parking } = state.stored;
  if (distance !== undefined && Object.hasOwn(parking, 'distance')) {
    return JSON.stringify({ ...parking, trend, stale, distance });
  }
  const kept = trend === parking.trend ? 0 : trend === 'stable' ? 2 : -1;
  if (kept < 0) return withDistance(JSON.stringify({ ...parking, trend, stale }), distance);
  const index = kept + (stale ? 1 : 0);
  let base = state.variants[index];
  if (base === undefined) {
    base = JSON.stringify({ ...parking, trend, stale });
    state.variants[index] = base;
  }
  return withDistance(base, distance);
}

function withDistance(base: string, distance: number | undefined): string {
  if (distance === undefined) return base;
  const member = `"distance":${JSON.stringify(distance)}}`;
  return base.length === 2 ? `{${member}` : `${base.slice(0, -1)},${member}`;
}
