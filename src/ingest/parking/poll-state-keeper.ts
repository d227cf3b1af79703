import type { ParkingFormat } from '../../config/source-config.js';
import type { FacilityRecord, ParkingParseResult } from '../../parking/parking.model.js';
import type { SerializedChange } from '../../parking/ports/parking-live-state.port.js';
import { serializeChange, type StoredParking } from '../../parking/stored-parking.js';
import { joinIds } from '../../parking/pipeline/id-join.js';
import { ParkingStateCopy } from '../../parking/pipeline/parking-state-copy.js';
import { pollChanges, pollFacilityIds, previousStates, type PollChanges } from '../../parking/pipeline/poll-changes.js';
import type { ParseContext } from '../formats/parking-format-adapter.js';
import { parkingAdapterFor } from '../formats/parking-format.registry.js';
import type { TimestampMeaning } from '../../parking/served-freshness.js';

/** How a payload is parsed (the format's adapter; a test counts the calls). */
export type ParsePayload = (format: ParkingFormat, bytes: Buffer, ctx: ParseContext) => ParkingParseResult;

/** Stored JSON of some of a source's facilities, read from Redis together with the source's revision. */
export interface ReadStates {
  revision: number;
  ids: string[];
  /** stored[i] belongs to ids[i]; null = no state in Redis. */
  stored: Array<string | null>;
}

/** One poll's work up to the write: parse, normalize, diff against the previous states. */
export interface PollTask {
  format: ParkingFormat;
  bytes: Uint8Array;
  ctx: ParseContext;
  reference?: FacilityRecord[];
  /** The source's id rule (regex with one capture group), applied to realtime and static ids before the join. */
  idPattern?: string;
  frozenAfterMs: number;
  /** HUB_HISTORY_RETENTION (observations older than this are flagged and kept out of history). */
  historyRetentionMs?: number;
  /** The source's staleness limit and what its times mean: `stale` as written (and pushed live). */
  staleAfterMs?: number;
  timestamps?: TimestampMeaning;
  /** The response's HTTP `Date` minus the hub's clock, when it sent one (parking/clock-skew.ts). */
  dateHeaderSkewMs?: number;
  /** The source's state revision in Redis when the task was sent. */
  revision: number;
  /** States the keeper asked for (a `needs-states` outcome), read from Redis. */
  states?: ReadStates;
}

/** A poll's result as it leaves the keeper: the changes already serialised for the write. */
export type PollResult = Omit<PollChanges, 'changed'> & { changes: SerializedChange[] };

export type PollOutcome =
  /** `token` identifies the poll in its commit. */
  | ({ kind: 'changes'; token: number } & PollResult)
  /** These ids' previous states are not known here: read them and send the task again with `states`. */
  | { kind: 'needs-states'; ids: string[] };

/** What the write of a poll's changes did: the revision it left the source at, if it wrote. */
export interface PollCommit {
  sourceId: string;
  token: number;
  /** The source's revision returned by the write; undefined when the write failed. */
  revision?: number;
}

/**
 * Runs polls where the previous states are kept (and serialises their changes there, so the
 * event loop only sends them): inline on the event loop for small payloads, in
 * the poll thread for large ones (one keeper per place). It keeps each source's states as of its
 * revision in Redis (a ParkingStateCopy), diffs each poll against them, and applies the poll's
 * own changes to them once the write reports the revision that followed the copied one; any other
 * revision, a failed write or a task sent at another revision drops the source's copy, and the
 * next poll reads the states from Redis again. Pure: no I/O, no clock.
 */
export class PollStateKeeper {
  readonly copy: ParkingStateCopy;
  private readonly pending = new Map<string, { token: number; changed: StoredParking[] }>();
  /**
   * The parse of a poll that asked for states, per source, until the same poll comes back with
   * them (same receive time, same bytes length): a first poll then parses once, not twice.
   * At most one per source; replaced by the source's next parse.
   */
  private readonly parked = new Map<string, { receivedAtMs: number; byteLength: number; parsed: ParkingParseResult }>();
  private lastToken = 0;

  constructor(
    maxStates?: number,
    private readonly parse: ParsePayload = (format, bytes, ctx) => parkingAdapterFor(format).parse(bytes, ctx),
  ) {
    this.copy = new ParkingStateCopy(maxStates);
  }

  run(task: PollTask): PollOutcome {
    const sourceId = task.ctx.sourceId;
    if (task.states !== undefined) {
      const { revision, ids, stored } = task.states;
      const states = stored.map((json) => (json === null ? null : (JSON.parse(json) as StoredParking)));
      this.copy.remember(sourceId, revision, ids, states);
    }
    let copy = this.copy.get(sourceId);
    if (copy !== undefined && copy.revision !== (task.states?.revision ?? task.revision)) {
      this.copy.drop(sourceId);
      copy = undefined;
    }
    const parsed = this.parsedPayload(task);
    const input = joinIds(
      {
        sourceId,
        parsed,
        reference: task.reference,
        receivedAt: task.ctx.receivedAt,
        frozenAfterMs: task.frozenAfterMs,
        historyRetentionMs: task.historyRetentionMs,
        staleAfterMs: task.staleAfterMs,
        timestamps: task.timestamps,
        ...(task.dateHeaderSkewMs === undefined ? {} : { dateHeaderSkewMs: task.dateHeaderSkewMs }),
      },
      task.idPattern,
    );
    const ids = pollFacilityIds(input);
    const { previous, unknown } = previousStates(ids, copy?.states ?? new Map());
    if (unknown.length > 0) {
      this.parked.set(sourceId, {
        receivedAtMs: task.ctx.receivedAt.getTime(),
        byteLength: task.bytes.byteLength,
        parsed,
      });
      return { kind: 'needs-states', ids: unknown };
    }
    const { changed, ...rest } = pollChanges(input, previous);
    this.lastToken += 1;
    this.pending.set(sourceId, { token: this.lastToken, changed });
    return { kind: 'changes', token: this.lastToken, ...rest, changes: changed.map(serializeChange) };
  }

  /** The task's payload parsed: the parked parse when this is the poll that asked for states, else a new parse. */
  private parsedPayload(task: PollTask): ParkingParseResult {
    const sourceId = task.ctx.sourceId;
    const parked = this.parked.get(sourceId);
    this.parked.delete(sourceId);
    if (
      task.states !== undefined &&
      parked !== undefined &&
      parked.receivedAtMs === task.ctx.receivedAt.getTime() &&
      parked.byteLength === task.bytes.byteLength
    ) {
      return parked.parsed;
    }
    const bytes = Buffer.isBuffer(task.bytes)
      ? task.bytes
      : Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    return this.parse(task.format, bytes, task.ctx);
  }

  commit(commit: PollCommit): void {
    const pending = this.pending.get(commit.sourceId);
    if (pending === undefined || pending.token !== commit.token) {
      // Another poll of the source ran in between: what the copy holds is no longer known.
      this.copy.drop(commit.sourceId);
      return;
    }
    this.pending.delete(commit.sourceId);
    if (pending.changed.length === 0) return;
    if (commit.revision === undefined) this.copy.drop(commit.sourceId);
    else this.copy.written(commit.sourceId, commit.revision, pending.changed);
  }
}
