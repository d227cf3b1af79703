import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { TIMETABLE, type TimetablePort, type TripFrequency, type TripInfo } from '../ports/timetable.port.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort, type TripUpsert } from '../ports/transit-live-state.port.js';
import type { RtTripUpdate } from './rt-feed.model.js';
import { resolveServiceDay, type ServiceDayCandidate } from './service-date.js';
import {
  frequencyInstance,
  instanceSchedule,
  predictScheduledTrip,
  rawTripKey,
  predictUnscheduledTrip,
  tripKey,
  type ScheduledStop,
  type TripPrediction,
} from './trip-prediction.js';
import { candidateServiceDays } from '../service-calendar.js';
import { localDate, parseGtfsTime, serviceDayStartMs } from '../service-time.js';
import { parseBatch, type DecodedFeed, type TripHead } from './decoded-feed.model.js';
import type { KindStats, RtContext, UnmatchedIds } from './rt-context.js';

export interface DelayObservation {
  tripId: string;
  serviceDate: string;
  stopId: string | null;
  seq: number | null;
  /** A frequencies.txt trip instance: its start (s after the service day's origin); null for other trips. */
  tripStart: number | null;
  delay: number;
}

export interface TripUpdatesOutcome extends KindStats {
  /** Local stop ids whose predictions changed (for `departures` events). */
  affectedStops: Set<string>;
  delays: DelayObservation[];
}

interface Incoming {
  head: TripHead;
  tripId: string;
  rawKey: string;
  fingerprint: string;
  /** Where the full update is: batch number and position in it. */
  batch: number;
  index: number;
}

interface Parsed extends Incoming {
  tu: RtTripUpdate;
}

/**
 * TripUpdates → trip predictions in Redis. Unchanged trips (same fingerprint, same static
 * version) are skipped; a trip missing from a FULL_DATASET feed is removed. Work is done in
 * chunks with a yield between, so a 60k-update feed never holds the event loop for long.
 */
@Injectable()
export class TripUpdatesProcessor {
  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
  ) {}

  async apply(ctx: RtContext, feed: DecodedFeed, unmatched: UnmatchedIds): Promise<TripUpdatesOutcome> {
    const out: TripUpdatesOutcome = { entities: 0, changes: 0, warnings: 0, affectedStops: new Set(), delays: [] };
    const versionTag = String(ctx.version?.versionId ?? 0);
    const incoming = new Map<string, Incoming>();
    feed.batches.forEach((batch, b) => {
      batch.heads.forEach((head, index) => {
        if (head.tripId === null) {
          out.warnings++;
          return;
        }
        const rawKey = rawTripKey(head.tripId, head.startDate, head.startTime);
        const fingerprint = `${versionTag}:${head.fingerprint}`;
        incoming.set(rawKey, { head, tripId: head.tripId, rawKey, fingerprint, batch: b, index });
      });
    });
    out.entities = incoming.size;
    const previous = await this.live.tripFingerprints(ctx.source.id);
    await this.countUnmatched(ctx, [...incoming.values()], unmatched);
    const changed = [...incoming.values()].filter((x) => previousFingerprint(previous.get(x.rawKey)) !== x.fingerprint);
    const removed =
      feed.incrementality === 'full'
        ? [...previous.entries()]
            .filter(([raw]) => !incoming.has(raw))
            .map(([raw, value]) => ({ raw, key: storedKey(value) }))
        : [];
    // Only batches holding a changed trip are parsed, one at a time.
    for (const [b, items] of groupByBatch(changed)) {
      const updates = parseBatch(feed.batches[b]);
      await this.applyChunk(
        ctx,
        items.map((item) => ({ ...item, tu: updates[item.index] })),
        out,
      );
      await yieldToLoop();
    }
    await this.removeStored(ctx, removed, out.affectedStops);
    out.changes = changed.length + removed.length;
    return out;
  }

  /** Removes trips by raw key (`tripId|start_date as given`): a DIFFERENTIAL feed's is_deleted or expiry. */
  async remove(ctx: RtContext, rawKeys: readonly string[]): Promise<{ removed: number; affectedStops: Set<string> }> {
    const affectedStops = new Set<string>();
    if (rawKeys.length === 0) return { removed: 0, affectedStops };
    const previous = await this.live.tripFingerprints(ctx.source.id);
    const removed = rawKeys.flatMap((raw) => {
      const value = previous.get(raw);
      return value === undefined ? [] : [{ raw, key: storedKey(value) }];
    });
    await this.removeStored(ctx, removed, affectedStops);
    return { removed: removed.length, affectedStops };
  }

  private async removeStored(
    ctx: RtContext,
    removed: ReadonlyArray<{ raw: string; key: string }>,
    affectedStops: Set<string>,
  ): Promise<void> {
    if (removed.length === 0) return;
    await this.collectOldStops(
      ctx,
      removed.map((r) => r.key),
      affectedStops,
    );
    await this.live.applyTrips(
      ctx.source.id,
      [],
      removed.map((r) => r.raw),
      removed.map((r) => r.key),
    );
  }

  private async applyChunk(ctx: RtContext, chunk: Parsed[], out: TripUpdatesOutcome): Promise<void> {
    const version = ctx.version;
    const trips =
      version === undefined
        ? new Map<string, TripInfo>()
        : await this.timetable.trips(
            version,
            chunk.map((c) => c.tripId),
          );
    const scheduledIds = chunk.filter((c) => trips.has(c.tripId) && c.tu.relationship !== 'added').map((c) => c.tripId);
    const [schedules, frequencies] =
      version === undefined
        ? [new Map<string, ScheduledStop[]>(), new Map<string, TripFrequency[]>()]
        : await Promise.all([
            this.timetable.schedules(version, scheduledIds),
            this.timetable.frequencies(version, scheduledIds),
          ]);
    const upserts: TripUpsert[] = [];
    for (const item of chunk) {
      const instance = instanceOf(item.tu, frequencies.get(item.tripId));
      const template = schedules.get(item.tripId);
      const schedule =
        instance === undefined || instance === null || template === undefined
          ? template
          : instanceSchedule(template, instance.start);
      const prediction = this.predict(ctx, item, trips.get(item.tripId), schedule, instance);
      upserts.push({ prediction, fingerprint: `${item.fingerprint}\t${prediction.key}`, rawKey: item.rawKey });
      addStops(out.affectedStops, prediction);
      // A frequency trip's instances share trip, stop and day: the history tells them apart by their start.
      if (prediction.matched) out.delays.push(...observedDelays(item.tu, prediction, instance?.start ?? null));
    }
    await this.collectOldStops(
      ctx,
      upserts.map((u) => u.prediction.key),
      out.affectedStops,
    );
    await this.live.applyTrips(ctx.source.id, upserts, [], []);
  }

  /**
   * The stops the replaced predictions called at also get a `departures` event. A source whose
   * timetable is not loaded yet has no departures to push: the old predictions are then not even
   * read (a source without a timetable, no `feed`, has its realtime-only ones).
   */
  private async collectOldStops(ctx: RtContext, keys: string[], affectedStops: Set<string>): Promise<void> {
    if (ctx.version === undefined && ctx.source.feed !== undefined) return;
    const old = await this.live.tripsOf(ctx.source.id, keys);
    for (const p of old.values()) addStops(affectedStops, p);
  }

  private predict(
    ctx: RtContext,
    item: Parsed,
    trip: TripInfo | undefined,
    schedule: ScheduledStop[] | undefined,
    instance: FrequencyMatch | undefined,
  ): TripPrediction {
    const { tu } = item;
    const vehicleId = tu.vehicleId === null ? null : `${ctx.source.id}:${tu.vehicleId}`;
    const common = { tripId: item.tripId, relationship: tu.relationship, vehicleId, timestamp: tu.timestamp };
    const day =
      trip !== undefined && schedule !== undefined && instance !== null
        ? this.serviceDay(ctx, tu, trip, schedule)
        : undefined;
    // A frequencies.txt trip whose start_time names no instance (or is missing) is applied to no call.
    if (trip === undefined || schedule === undefined || day === undefined) {
      return {
        ...common,
        key: item.rawKey,
        routeId: tu.routeId ?? trip?.routeId ?? null,
        startDate: tu.startDate,
        matched: false,
        stops: predictUnscheduledTrip(tu),
      };
    }
    return {
      ...common,
      key: tripKey(item.tripId, day.date, instance?.start),
      routeId: trip.routeId,
      startDate: day.date,
      ...(instance === undefined || instance === null ? {} : { startTime: tu.startTime as string }),
      matched: true,
      stops: predictScheduledTrip(tu, schedule, day.base),
    };
  }

  private serviceDay(
    ctx: RtContext,
    tu: RtTripUpdate,
    trip: TripInfo,
    schedule: ScheduledStop[],
  ): ServiceDayCandidate | undefined {
    const version = ctx.version;
    if (version === undefined) return undefined;
    const base = (date: string): number => Math.round(serviceDayStartMs(date, version.timezone) / 1000);
    if (tu.startDate !== null) return { date: tu.startDate, base: base(tu.startDate) };
    const today = localDate(ctx.feedTime * 1000, version.timezone);
    const candidates = candidateServiceDays(today, version.maxTime, 0)
      .filter((date) => ctx.calendar?.activeServices(date).has(trip.serviceId) ?? true)
      .map((date) => ({ date, base: base(date) }));
    return resolveServiceDay(tu, schedule, candidates, ctx.feedTime);
  }

  private async countUnmatched(ctx: RtContext, items: Incoming[], unmatched: UnmatchedIds): Promise<void> {
    if (ctx.source.feed === undefined) return; // no timetable: nothing to match
    // ADDED trips are counted too: health says how much of the feed the timetable does not know.
    const tripIds = [...new Set(items.map((i) => i.tripId))];
    const stopSet = new Set<string>();
    for (let i = 0; i < items.length; i++) {
      for (const stop of items[i].head.stops.split('\n')) if (stop !== '') stopSet.add(stop);
      if (i % 500 === 499) await yieldToLoop();
    }
    const stopIds = [...stopSet];
    const routeIds = [...new Set(items.map((i) => i.head.routeId).filter((r): r is string => r !== null))];
    const version = ctx.version;
    const [trips, stops, routes] =
      version === undefined
        ? [new Map<string, TripInfo>(), new Set<string>(), new Set<string>()]
        : await Promise.all([
            this.timetable.trips(version, tripIds),
            this.timetable.existingStops(version, stopIds),
            this.timetable.existingRoutes(version, routeIds),
          ]);
    for (const id of tripIds) if (!trips.has(id)) unmatched.trips.add(id);
    for (const id of stopIds) if (!stops.has(id)) unmatched.stops.add(id);
    for (const id of routeIds) if (!routes.has(id)) unmatched.routes.add(id);
  }
}

/**
 * For a frequencies.txt trip: the instance its start_time names (`start`, s after the origin), or
 * null when it names none; undefined for a trip without frequencies.
 */
type FrequencyMatch = { start: number } | null;

function instanceOf(tu: RtTripUpdate, frequencies: TripFrequency[] | undefined): FrequencyMatch | undefined {
  if (frequencies === undefined || frequencies.length === 0) return undefined;
  const startTime = tu.startTime === null ? null : parseGtfsTime(tu.startTime);
  const start = startTime === null ? undefined : frequencyInstance(frequencies, startTime);
  return start === undefined ? null : { start };
}

function groupByBatch(items: readonly Incoming[]): Map<number, Incoming[]> {
  const groups = new Map<number, Incoming[]>();
  for (const item of items) {
    const list = groups.get(item.batch);
    if (list === undefined) groups.set(item.batch, [item]);
    else list.push(item);
  }
  return groups;
}

/** Stored fingerprint values are `<fingerprint>\t<stored key>`. */
function previousFingerprint(value: string | undefined): string | undefined {
  return value?.split('\t')[0];
}

function storedKey(value: string): string {
  return value.split('\t')[1] ?? '';
}

function addStops(into: Set<string>, p: TripPrediction): void {
  for (const s of p.stops) if (s.stopId !== null && s.status !== 'scheduled') into.add(s.stopId);
}

/** Delays the feed stated (or implied by a time) at its own stops, not the propagated ones. */
function observedDelays(tu: RtTripUpdate, p: TripPrediction, tripStart: number | null): DelayObservation[] {
  const explicit = new Set(tu.stus.map((s) => (s.seq !== null ? `#${s.seq}` : `@${s.stopId}`)));
  return p.stops
    .filter(
      (s) =>
        s.status === 'predicted' && s.delay !== null && (explicit.has(`#${s.seq}`) || explicit.has(`@${s.stopId}`)),
    )
    .map((s) => ({
      tripId: p.tripId,
      serviceDate: p.startDate ?? '',
      stopId: s.stopId,
      seq: s.seq,
      tripStart,
      delay: s.delay as number,
    }));
}
