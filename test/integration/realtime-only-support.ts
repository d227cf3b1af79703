import { readFileSync } from 'node:fs';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type { Departure } from '../../src/transit/transit.model.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;
type FeedMessage = GtfsRealtimeBindings.transit_realtime.FeedMessage;

/** NYCT's mixed subway feed: trip updates (per-stop predictions), vehicles without position, an alert. */
export const NYCT = 'mta-subway-mixed-empty-route-id.pb';
/** King County Metro's vehicle positions. */
export const KCM = 'kcm-vehiclepositions.pb';

export const decodeRt = (file: string): FeedMessage => rt.FeedMessage.decode(readFileSync(fixture(`gtfs-rt/${file}`)));
/** A proto2 field the message really carries (protobufjs puts defaults on the prototype). */
export const has = (o: object | null | undefined, field: string): boolean =>
  o !== null && o !== undefined && Object.prototype.hasOwnProperty.call(o, field);
export const iso = (s: number): string => new Date(s * 1000).toISOString();

/**
 * The realtime-only departures at `stop` of a source without a timetable, read from the feed
 * with gtfs-realtime-bindings: the trips calling there from `at` to `at + windowS`, the feed's
 * own times and delays, soonest first, at most `limit`.
 */
export function expectedRealtimeOnly(
  feed: FeedMessage,
  sourceId: string,
  stop: string,
  w: { at: number; windowS: number; limit: number },
): Departure[] {
  return feed.entity
    .flatMap((e) => {
      const tu = e.tripUpdate;
      if (!tu) return [];
      return (tu.stopTimeUpdate ?? [])
        .filter((s) => s.stopId === stop)
        .map((s) => {
          const time = Number(has(s.departure, 'time') ? s.departure?.time : s.arrival?.time);
          const given = has(s.departure, 'delay') ? s.departure?.delay : has(s.arrival, 'delay') ? s.arrival?.delay : 0;
          const delay = given ?? 0;
          return {
            routeId: tu.trip.routeId === '' ? `${sourceId}:` : `${sourceId}:${tu.trip.routeId}`,
            tripId: `${sourceId}:${tu.trip.tripId}`,
            time,
            delay,
          };
        });
    })
    .filter((d) => d.time >= w.at && d.time <= w.at + w.windowS)
    .sort((a, b) => a.time - b.time || a.tripId.localeCompare(b.tripId))
    .slice(0, w.limit)
    .map((d) => ({
      stopId: `${sourceId}:${stop}`,
      route: { id: d.routeId, shortName: null, longName: null, color: null },
      tripId: d.tripId,
      headsign: null,
      scheduledTime: iso(d.time),
      estimatedTime: iso(d.time),
      delay: d.delay,
      realtime: true,
      status: d.delay >= 60 ? 'delayed' : d.delay <= -60 ? 'early' : 'on-time',
      wheelchairAccessible: null,
      bikesAllowed: null,
      realtimeOnly: true,
    }));
}
