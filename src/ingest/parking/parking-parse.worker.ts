import type { ParkingFormat } from '../../config/source-config.js';
import type { ParkingParseResult } from '../../parking/parking.model.js';
import type { ParseContext } from '../formats/parking-format-adapter.js';
import { parkingAdapterFor } from '../formats/parking-format.registry.js';
import { PollStateKeeper, type PollCommit, type PollOutcome, type PollTask } from './poll-state-keeper.js';

export interface ParseTask {
  format: ParkingFormat;
  bytes: Uint8Array;
  ctx: ParseContext;
}

/** Runs in a worker thread (piscina): adapters are pure, so they run the same there. */
export default function parseInWorker(task: ParseTask): ParkingParseResult {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  return parkingAdapterFor(task.format).parse(bytes, task.ctx);
}

/** The poll thread's previous states (its pool has exactly one thread, so every poll task lands here). */
const keeper = new PollStateKeeper();

/** Task `poll`: parse + normalize + diff of a large payload; only the changes go back. */
export function poll(task: PollTask): PollOutcome {
  return keeper.run(task);
}

/** Task `commit`: the write of the last poll's changes and the revision it left the source at. */
export function commit(outcome: PollCommit): void {
  keeper.commit(outcome);
}
