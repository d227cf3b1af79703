import { changedParkings } from '../parking-diff.js';
import { toHistoryBatch } from '../parking-history.mapper.js';
import type { FacilityRecord, ParkingParseResult, ParseWarning } from '../parking.model.js';
import { normalizeParkings } from '../parking-normalizer.js';
import type { ParkingHistoryBatch } from '../ports/parking-history.port.js';
import type { TimestampMeaning } from '../served-freshness.js';
import type { StoredParking } from '../stored-parking.js';
import type { KnownStates } from './parking-state-copy.js';

export interface PollInput {
  sourceId: string;
  parsed: ParkingParseResult;
  reference?: FacilityRecord[];
  receivedAt: Date;
  frozenAfterMs: number;
  /** HUB_HISTORY_RETENTION: observations older than this are not written to history. */
  historyRetentionMs?: number;
  /** The source's staleness limit and what its times mean, for `stale` as written. */
  staleAfterMs?: number;
  timestamps?: TimestampMeaning;
  /** The response's HTTP `Date` minus the hub's clock (clock-skew.ts). */
  dateHeaderSkewMs?: number;
}

/** What a poll writes: the changed states, their history batch, and counts for the poll status. */
export interface PollChanges {
  entities: number;
  changed: StoredParking[];
  history: ParkingHistoryBatch;
  clockSkewMs: number;
  /** Warnings of the realtime payload: the adapter's and the normaliser's. */
  warnings: number;
  /** The first WARNING_SAMPLE of those warnings, with their text (for the source's health). */
  warningSample: ParseWarning[];
}

/** At most this many warnings of a poll are carried with their text. */
export const WARNING_SAMPLE = 20;

/** Every facility id (with the source prefix) the poll has a record of, each once. */
export function pollFacilityIds(input: PollInput): string[] {
  const localIds = new Set<string>();
  for (const list of [input.parsed.facilities, input.parsed.observations, input.reference ?? []]) {
    for (const r of list) localIds.add(r.localId);
  }
  const ids: string[] = [];
  for (const localId of localIds) ids.push(`${input.sourceId}:${localId}`);
  return ids;
}

/** The previous states of `ids`, or the ids whose state is not known (never read) when there are any. */
export function previousStates(
  ids: string[],
  known: KnownStates,
): { previous: Map<string, StoredParking>; unknown: string[] } {
  const previous = new Map<string, StoredParking>();
  const unknown: string[] = [];
  for (const id of ids) {
    const state = known.get(id);
    if (state === undefined) unknown.push(id);
    else if (state !== null) previous.set(id, state);
  }
  return { previous, unknown };
}

/** Parsed records + previous states -> canonical parkings -> the changed ones and their history. Pure. */
export function pollChanges(input: PollInput, previous: Map<string, StoredParking>): PollChanges {
  const { parkings, clockSkewMs, warnings } = normalizeParkings({ ...input, previous });
  const changed = changedParkings(parkings, previous);
  return {
    entities: parkings.length,
    changed,
    history: toHistoryBatch(input.sourceId, changed, previous),
    clockSkewMs,
    warnings: input.parsed.warnings.length + warnings.length,
    warningSample: [...input.parsed.warnings.slice(0, WARNING_SAMPLE), ...warnings.slice(0, WARNING_SAMPLE)].slice(
      0,
      WARNING_SAMPLE,
    ),
  };
}
