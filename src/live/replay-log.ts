import { type CursorKey, compareCursors } from './cursor.js';
import type { LiveEvent } from './live-event.js';

/**
 * The events this process dispatched during the replay window, parsed once, so resuming
 * clients (often all at once, after a deploy) are served from memory instead of each one
 * re-reading and re-parsing the Redis stream. It holds every event after `floor`; older
 * ones are read from Redis.
 */
export class ReplayLog {
  private events: LiveEvent[] = [];
  private start = 0;
  private floorKey: CursorKey = { ms: 0, seq: 0 };

  constructor(
    private readonly windowMs: number,
    private readonly maxEvents: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts empty: every event after `floor` will be appended. */
  reset(floor: CursorKey): void {
    this.events = [];
    this.start = 0;
    this.floorKey = floor;
  }

  get floor(): CursorKey {
    return this.floorKey;
  }

  get size(): number {
    return this.events.length - this.start;
  }

  append(event: LiveEvent): void {
    this.events.push(event);
    this.trim();
  }

  /** Events with since < cursor <= upTo, in order. Only complete when since >= floor. */
  between(since: CursorKey, upTo: CursorKey): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = this.firstAfter(since); i < this.events.length; i++) {
      const event = this.events[i];
      if (compareCursors(event.key, upTo) > 0) break;
      out.push(event);
    }
    return out;
  }

  private firstAfter(since: CursorKey): number {
    let lo = this.start;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCursors(this.events[mid].key, since) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private trim(): void {
    const oldest = this.now() - this.windowMs;
    while (this.start < this.events.length) {
      const first = this.events[this.start];
      if (this.size <= this.maxEvents && first.key.ms >= oldest) break;
      this.floorKey = first.key;
      this.start += 1;
    }
    // Compact now and then rather than shifting the array on every drop.
    if (this.start > 1024 && this.start * 2 > this.events.length) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }
}
