import type { ScheduledCall } from './departures.merge.js';
import type { ServiceDayQuery } from './ports/timetable.port.js';

/** One call of a frequencies.txt trip's template at a stop, with the frequency row it runs under. */
export interface FrequencyTemplateCall {
  tripId: string;
  routeId: string;
  serviceId: string;
  headsign: string | null;
  stopId: string;
  seq: number;
  /** Template times (s after the origin); only their offsets from the first departure count. */
  arrival: number;
  departure: number;
  firstDeparture: number;
  /** frequencies.txt: instances start at startTime + k * headwaySecs while before endTime. */
  startTime: number;
  endTime: number;
  headwaySecs: number;
  exactTimes: boolean;
  interpolated: boolean;
  arrivalOnly: boolean;
  wheelchairAccessible: number | null;
  bikesAllowed: number | null;
}

/**
 * Expands frequency-based trips into the calls whose time (departure, or arrival for an
 * arrival-only call) lies in [from, to] (epoch seconds), for each service day the trip runs. A
 * trip starts at start_time, then every headway_secs, the last one strictly before end_time (GTFS
 * reference); each call keeps the template's offset from the trip's first departure. Pure.
 */
export function expandFrequencyCalls(
  templates: readonly FrequencyTemplateCall[],
  days: readonly ServiceDayQuery[],
  from: number,
  to: number,
): ScheduledCall[] {
  const out: ScheduledCall[] = [];
  for (const day of days) {
    const services = new Set(day.serviceIds);
    for (const t of templates) {
      if (!services.has(t.serviceId)) continue;
      const offset = (t.arrivalOnly ? t.arrival : t.departure) - t.firstDeparture;
      const lo = from - day.base - offset;
      const hi = to - day.base - offset;
      const firstK = Math.max(0, Math.ceil((lo - t.startTime) / t.headwaySecs));
      for (let start = t.startTime + firstK * t.headwaySecs; start < t.endTime && start <= hi; start += t.headwaySecs) {
        const call: ScheduledCall = {
          tripId: t.tripId,
          routeId: t.routeId,
          headsign: t.headsign,
          stopId: t.stopId,
          seq: t.seq,
          serviceDate: day.date,
          base: day.base,
          time: start + offset,
          frequency: { startTime: start, headwaySecs: t.headwaySecs, exactTimes: t.exactTimes },
          wheelchairAccessible: t.wheelchairAccessible,
          bikesAllowed: t.bikesAllowed,
        };
        if (t.interpolated) call.interpolated = true;
        if (t.arrivalOnly) call.arrivalOnly = true;
        out.push(call);
      }
    }
  }
  return out;
}
