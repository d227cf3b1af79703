import { ParkingParserService } from '../../src/ingest/parking/parking-parser.service.js';
import { parkingAdapterFor } from '../../src/ingest/formats/parking-format.registry.js';
import type { ParseContext } from '../../src/ingest/formats/parking-format-adapter.js';
import { changedParkings } from '../../src/parking/parking-diff.js';
import { normalizeParkings } from '../../src/parking/parking-normalizer.js';
import { PARKING_LIVE_STATE, type ParkingLiveStatePort } from '../../src/parking/ports/parking-live-state.port.js';
import type { StoredParking } from '../../src/parking/stored-parking.js';
import type { IngestContext } from './ingest-context.js';
import { benchSource, type Poll } from './polls.js';
import { Timings } from './timings.js';

export interface StageTimings {
  /** The adapter alone, on this thread. */
  parseInline: Timings;
  /** ParkingParserService.parse (a pool thread for large payloads, records cloned back): what polls paid before they ran in the poll thread. */
  parseService: Timings;
  normalizeDiff: Timings;
  /** Reading every previous state from Redis (HMGET + JSON.parse): what a poll pays when the kept copy is missing or out of date. */
  liveRead: Timings;
}

/**
 * Where a poll's time goes: the stages timed one by one on the same payloads. Polls up to
 * `warmup` run untimed; each poll's diff must find the expected number of changes.
 */
export async function measureStages(
  ctx: IngestContext,
  polls: Poll[],
  warmup: number,
  expectedChanges: (pollIndex: number) => number,
): Promise<StageTimings> {
  const live = ctx.app.get<ParkingLiveStatePort>(PARKING_LIVE_STATE);
  const parser = ctx.app.get(ParkingParserService);
  const adapter = parkingAdapterFor(benchSource.format);
  const t: StageTimings = {
    parseInline: new Timings(),
    parseService: new Timings(),
    normalizeDiff: new Timings(),
    liveRead: new Timings(),
  };
  const untimed = new Timings();
  let previous = new Map<string, StoredParking>();
  for (const [i, poll] of polls.entries()) {
    const timed = i > warmup;
    const context: ParseContext = { sourceId: benchSource.id, receivedAt: poll.receivedAt, format: {} };
    await (timed ? t.parseService : untimed).time(() => parser.parse(benchSource.format, poll.bytes, context));
    const parsed = await (timed ? t.parseInline : untimed).time(() => adapter.parse(poll.bytes, context));
    const next = await (timed ? t.normalizeDiff : untimed).time(() => {
      const input = { sourceId: benchSource.id, parsed, receivedAt: poll.receivedAt, previous };
      const { parkings } = normalizeParkings({ ...input, frozenAfterMs: ctx.config.frozenAfterMs });
      const changed = changedParkings(parkings, previous);
      if (changed.length !== expectedChanges(i)) throw new Error(`poll ${i}: diff found ${changed.length}`);
      return parkings;
    });
    previous = new Map(next.map((s) => [s.parking.id, s]));
    const ids = [...previous.keys()];
    await (timed ? t.liveRead : untimed).time(() => live.getMany(ids));
  }
  return t;
}
