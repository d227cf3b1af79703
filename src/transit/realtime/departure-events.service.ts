import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeparturesService } from '../departures.service.js';
import { TIMETABLE, type FeedVersion, type TimetablePort } from '../ports/timetable.port.js';
import {
  TRANSIT_LIVE_STATE,
  type DeparturesEvent,
  type TransitLiveStatePort,
} from '../ports/transit-live-state.port.js';
import type { Departure } from '../transit.model.js';
import { realtimeOnlyDeparturesByStop } from './realtime-only-departures.js';

/** A `departures` event carries the next ones at the stop: this many, within this window. */
export const EVENT_DEPARTURES = 10;
export const EVENT_WINDOW_S = 90 * 60;
/** At most this many stops are recomputed per poll (the rest wait for their next change). */
export const MAX_STOPS_PER_POLL = 2_000;
const STOPS_PER_QUERY = 200;

/**
 * Recomputes the next departures of the stops whose predictions changed, and appends a
 * `departures` event only for those whose list actually differs from the last one pushed.
 */
@Injectable()
export class DepartureEventsService {
  private readonly logger = new Logger('DepartureEvents');

  constructor(
    private readonly departures: DeparturesService,
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
  ) {}

  async emit(version: FeedVersion, localStopIds: ReadonlySet<string>, at: Date): Promise<number> {
    const known = [...(await this.timetable.existingStops(version, [...localStopIds]))].sort();
    if (known.length > MAX_STOPS_PER_POLL) {
      this.logger.warn(`${version.feedId}: ${known.length} stops changed, events for the first ${MAX_STOPS_PER_POLL}`);
    }
    return this.push(version.feedId, known, (chunk) =>
      this.departures.forStops(version, chunk, { at, windowS: EVENT_WINDOW_S, limit: EVENT_DEPARTURES }),
    );
  }

  /**
   * The same for a gtfs-rt source without a timetable: every stop its trip updates name (or
   * named before this poll) is a stop, its departures the realtime-only ones (`<source id>:<stop id>`).
   */
  async emitRealtimeOnly(sourceId: string, localStopIds: ReadonlySet<string>, at: Date): Promise<number> {
    const stops = [...localStopIds].sort();
    if (stops.length > MAX_STOPS_PER_POLL) {
      this.logger.warn(`${sourceId}: ${stops.length} stops changed, events for the first ${MAX_STOPS_PER_POLL}`);
    }
    return this.push(sourceId, stops, (chunk) =>
      realtimeOnlyDeparturesByStop(this.live, sourceId, chunk, {
        at,
        windowS: EVENT_WINDOW_S,
        limit: EVENT_DEPARTURES,
      }),
    );
  }

  /** Appends the events of the stops (by chunk) whose departures differ from the last pushed. */
  private async push(
    namespace: string,
    sortedStops: readonly string[],
    read: (chunk: string[]) => Promise<Map<string, Departure[]>>,
  ): Promise<number> {
    let appended = 0;
    const stops = sortedStops.slice(0, MAX_STOPS_PER_POLL);
    for (let i = 0; i < stops.length; i += STOPS_PER_QUERY) {
      const byStop = await read(stops.slice(i, i + STOPS_PER_QUERY));
      const fingerprints = await this.live.departureFingerprints(namespace, [...byStop.keys()]);
      const events: DeparturesEvent[] = [];
      for (const [stopId, departures] of byStop) {
        const fingerprint = createHash('sha1').update(JSON.stringify(departures)).digest('base64url');
        if (fingerprints.get(stopId) !== fingerprint) events.push({ stopId, departures, fingerprint });
      }
      appended += (await this.live.appendDepartures(namespace, events)).length;
    }
    return appended;
  }
}
