import type { ParkingFormat } from '../../config/source-config.js';
import type { ParkingParseResult } from '../../parking/parking.model.js';
import type { ParseContext } from './parking-format-adapter.js';
import { parkingAdapterFor } from './parking-format.registry.js';

export interface ParseTask {
  format: ParkingFormat;
  bytes: Uint8Array;
  ctx: ParseContext;
}

/** Runs in a worker thread (piscina): adapters are pure, so they run the same there. */
export default function parseInWorker(task: ParseTask): ParkingParseResult {
  return parkingAdapterFor(task.format).parse(Buffer.from(task.bytes), task.ctx);
}
