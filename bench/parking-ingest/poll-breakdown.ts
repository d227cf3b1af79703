import { ParkingParserService } from '../../src/ingest/parking/parking-parser.service.js';
import { PARKING_HISTORY_QUEUE } from '../../src/parking/ports/parking-history.port.js';
import { PARKING_LIVE_STATE } from '../../src/parking/ports/parking-live-state.port.js';
import type { IngestContext } from './ingest-context.js';
import { Timings } from './timings.js';

/** Wall time of each awaited step of the measured polls, as ParkingIngestService calls them. */
export interface PollBreakdown {
  /** GET of the source's revision. */
  revision: Timings;
  /** Parse + normalize + diff where the states are kept (the poll thread), incl. moving the task and the changes. */
  pollTask: Timings;
  /** The MULTI: HSET + GEOADD + XADD of the changes (serialised in the poll thread) + INCR of the revision. */
  write: Timings;
  /** The history batch to BullMQ. */
  history: Timings;
  /** HMGETs of states the kept copy lacked (none expected in a warm poll). */
  stateReads: Timings;
}

type Method = (...args: never[]) => Promise<unknown>;

/** Wraps `method` of `target` so each call is timed; returns the undo. */
function timeMethod(target: object, method: string, into: Timings): () => void {
  const record = target as Record<string, Method>;
  const original = record[method];
  record[method] = (...args: never[]) => into.time(() => original.apply(target, args));
  return () => {
    record[method] = original;
  };
}

/** Times the steps of every ingest() until the returned stop() is called. */
export function breakDownPolls(ctx: IngestContext): { breakdown: PollBreakdown; stop: () => void } {
  const breakdown: PollBreakdown = {
    revision: new Timings(),
    pollTask: new Timings(),
    write: new Timings(),
    history: new Timings(),
    stateReads: new Timings(),
  };
  const live = ctx.app.get<object>(PARKING_LIVE_STATE);
  const undo = [
    timeMethod(live, 'sourceRevision', breakdown.revision),
    timeMethod(live, 'applySerialized', breakdown.write),
    timeMethod(live, 'readSourceStates', breakdown.stateReads),
    timeMethod(ctx.app.get(ParkingParserService), 'poll', breakdown.pollTask),
    timeMethod(ctx.app.get<object>(PARKING_HISTORY_QUEUE), 'enqueue', breakdown.history),
  ];
  return { breakdown, stop: () => undo.forEach((u) => u()) };
}
