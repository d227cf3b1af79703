import { mergeDepartures } from '../departures.merge.js';
import type { TransitLiveStatePort } from '../ports/transit-live-state.port.js';
import type { Departure } from '../transit.model.js';

interface Window {
  at: Date;
  windowS: number;
  limit: number;
}

/**
 * Departures at a stop of a gtfs-rt source without a timetable (no `feed`): the trips of its
 * trip updates that call at the stop, with the feed's own times (`realtimeOnly: true`). Their ids
 * are `<source id>:<id>`; there is no schedule, so `scheduledTime` is the feed's time.
 */
export async function realtimeOnlyDepartures(
  live: TransitLiveStatePort,
  sourceId: string,
  localStopId: string,
  w: Window,
): Promise<Departure[]> {
  return (await realtimeOnlyDeparturesByStop(live, sourceId, [localStopId], w)).get(`${sourceId}:${localStopId}`) ?? [];
}

/**
 * The same for several stops of the source, each on its own (the `departures` events), keyed by
 * the stop id as served (`<source id>:<stop id>`); the trips are read once for all of them.
 */
export async function realtimeOnlyDeparturesByStop(
  live: TransitLiveStatePort,
  sourceId: string,
  localStopIds: readonly string[],
  w: Window,
): Promise<Map<string, Departure[]>> {
  const extra = await live.extraTripsAt([sourceId], new Set(localStopIds));
  const from = Math.floor(w.at.getTime() / 1000);
  const byStop = new Map<string, Departure[]>();
  for (const stopId of localStopIds) {
    const departures = mergeDepartures({
      feedId: sourceId,
      calls: [],
      predictions: new Map(),
      extra,
      stopIds: new Set([stopId]),
      routes: new Map(),
      from,
      to: from + w.windowS,
      limit: w.limit,
      realtimeOnly: true,
    });
    byStop.set(`${sourceId}:${stopId}`, departures);
  }
  return byStop;
}
