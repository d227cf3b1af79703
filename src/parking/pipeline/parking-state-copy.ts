import type { StoredParking } from '../stored-parking.js';

/** Previous states by id: null = Redis held no state for it; ids missing from the map are unknown. */
export type KnownStates = ReadonlyMap<string, StoredParking | null>;

export interface SourceStateCopy {
  /** The source's revision in Redis these states were read or written at. */
  revision: number;
  /** Ids missing from the map were never read: unknown, not absent. */
  states: Map<string, StoredParking | null>;
}

/** A source's states as last read or written by this process are kept up to this many in total. */
export const DEFAULT_MAX_COPIED_STATES = 50_000;

/**
 * A copy of the parking states this process last read or wrote, per source, each valid only at
 * the source's revision it was taken at (the caller compares that with Redis). Bounded by a total
 * number of entries: when over, whole sources are dropped, least recently used first (the one
 * just used last of all). Pure data structure: no I/O.
 */
export class ParkingStateCopy {
  /** Map order = use order: the first source is the least recently used. */
  private readonly sources = new Map<string, SourceStateCopy>();
  private entries = 0;

  constructor(readonly maxEntries = DEFAULT_MAX_COPIED_STATES) {}

  /** The copy of one source (marked as just used), whatever its revision. */
  get(sourceId: string): SourceStateCopy | undefined {
    const copy = this.sources.get(sourceId);
    if (copy !== undefined) {
      this.sources.delete(sourceId);
      this.sources.set(sourceId, copy);
    }
    return copy;
  }

  drop(sourceId: string): void {
    const copy = this.sources.get(sourceId);
    if (copy === undefined) return;
    this.entries -= copy.states.size;
    this.sources.delete(sourceId);
  }

  /**
   * Adds states read from Redis at `revision` (states[i] belongs to ids[i]). A copy taken at
   * another revision is replaced. Returns the states the caller may use now, even when the
   * bound did not let the copy be kept.
   */
  remember(sourceId: string, revision: number, ids: string[], states: Array<StoredParking | null>): SourceStateCopy {
    let copy = this.get(sourceId);
    if (copy === undefined || copy.revision !== revision) {
      this.drop(sourceId);
      copy = { revision, states: new Map() };
      this.sources.set(sourceId, copy);
    }
    this.put(copy, ids, states);
    this.enforceBound();
    return copy;
  }

  /**
   * Records this process's own write of `written`, which left the source at `revision`. Only a
   * write directly after the copied revision extends the copy; any other revision means another
   * write came between (or was lost), and the copy is dropped.
   */
  written(sourceId: string, revision: number, written: StoredParking[]): void {
    const copy = this.sources.get(sourceId);
    if (copy === undefined) return;
    if (revision !== copy.revision + 1) {
      this.drop(sourceId);
      return;
    }
    copy.revision = revision;
    this.put(
      copy,
      written.map((s) => s.parking.id),
      written,
    );
    this.enforceBound();
  }

  /** Entries held, over every source. */
  size(): number {
    return this.entries;
  }

  private put(copy: SourceStateCopy, ids: string[], states: Array<StoredParking | null>): void {
    for (let i = 0; i < ids.length; i++) {
      if (!copy.states.has(ids[i])) this.entries += 1;
      copy.states.set(ids[i], states[i]);
    }
  }

  private enforceBound(): void {
    for (const sourceId of this.sources.keys()) {
      if (this.entries <= this.maxEntries) return;
      this.drop(sourceId);
    }
  }
}
