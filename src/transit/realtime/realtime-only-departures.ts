import { mergeDepartures } from '../departures.merge.js';
import type { TransitLiveStatePort } from '../ports/transit-live-state.port.js';
import type { Departure } from '../transit.model.js';

/**
 * Departures at a stop of a gtfs-rt source without a timetable (no `feed`): the trips of its
 * trip updates that call at the stop, with the feed's own times (`realtimeOnly: true`). Their ids
 * are `<source id>:<id>`; there is no schedule, so `scheduledTime` is the feed's time.
 */
export async function realtimeOnlyDepartures(
  live: TransitLiveStatePort,
  sourceId: string,
  localStopId: string,
  w: { at: Date; windowS: number; limit: number },
): Promise<Departure[]> {
  const stopIds = new Set([localStopId]);
  const from = Math.floor(w.at.getTime() / 1000);
  return mergeDepartures({
    feedId: sourceId,
    calls: [],
    predictions: new Map(),
    extra: await live.extraTripsAt([sourceId], stopIds),
    stopIds,
    routes: new Map(),
    from,
    to: from + w.windowS,
    limit: w.limit,
    realtimeOnly: true,
  });
}
