import type { RtTripUpdate } from './rt-feed.model.js';
import type { ScheduledStop } from './trip-prediction.js';

export interface ServiceDayCandidate {
  date: string;
  /** Service day origin, epoch seconds. */
  base: number;
}

/**
 * The service day a trip update refers to when the feed omits start_date (BART does): the day
 * whose schedule is closest to the absolute times given, else the one the feed time falls in.
 */
export function resolveServiceDay(
  tu: RtTripUpdate,
  schedule: readonly ScheduledStop[],
  candidates: readonly ServiceDayCandidate[],
  feedTime: number,
): ServiceDayCandidate | undefined {
  if (candidates.length <= 1 || schedule.length === 0) return candidates[0];
  const bySeq = new Map(schedule.map((s) => [s.seq, s]));
  const byStop = new Map(schedule.map((s) => [s.stopId, s]));
  for (const stu of tu.stus) {
    const time = stu.dep ?? stu.arr;
    const stop =
      (stu.seq !== null ? bySeq.get(stu.seq) : undefined) ?? (stu.stopId !== null ? byStop.get(stu.stopId) : undefined);
    const scheduled = stop === undefined ? null : stu.dep !== null ? (stop.dep ?? stop.arr) : (stop.arr ?? stop.dep);
    if (time === null || scheduled === null) continue;
    return nearest(candidates, (c) => Math.abs(time - (c.base + scheduled)));
  }
  const first = schedule[0].dep ?? schedule[0].arr ?? 0;
  const last = schedule[schedule.length - 1].arr ?? schedule[schedule.length - 1].dep ?? first;
  const margin = 3 * 3600;
  return nearest(candidates, (c) => {
    const start = c.base + first - margin;
    const end = c.base + last + margin;
    return feedTime < start ? start - feedTime : feedTime > end ? feedTime - end : 0;
  });
}

function nearest(
  candidates: readonly ServiceDayCandidate[],
  cost: (c: ServiceDayCandidate) => number,
): ServiceDayCandidate {
  let best = candidates[candidates.length - 1];
  let bestCost = cost(best);
  for (let i = candidates.length - 2; i >= 0; i--) {
    const c = cost(candidates[i]);
    if (c < bestCost) {
      best = candidates[i];
      bestCost = c;
    }
  }
  return best;
}
