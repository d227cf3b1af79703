import type { GtfsRtSourceConfig } from '../../config/source-config.js';
import type { FeedVersion } from '../ports/timetable.port.js';
import type { ServiceCalendar } from '../service-calendar.js';

/** What every part of one GTFS-RT poll shares: the source, its static feed's current version, the clock. */
export interface RtContext {
  source: GtfsRtSourceConfig;
  version: FeedVersion | undefined;
  calendar: ServiceCalendar | undefined;
  /** Feed header time (epoch s), else the receive time. */
  feedTime: number;
  receivedAt: Date;
}

/**
 * The prefix of the ids a realtime source serves for trips, stops and routes: its `feed` (the
 * timetable's `<feedId>:<local id>`), or its own id when it has no timetable.
 */
export function idNamespace(source: GtfsRtSourceConfig): string {
  return source.feed ?? source.id;
}

/** Ids the static feed does not know, collected over one poll. */
export class UnmatchedIds {
  readonly trips = new Set<string>();
  readonly stops = new Set<string>();
  readonly routes = new Set<string>();

  counts(): { trips: number; stops: number; routes: number } {
    return { trips: this.trips.size, stops: this.stops.size, routes: this.routes.size };
  }
}

export interface KindStats {
  entities: number;
  changes: number;
  warnings: number;
}
