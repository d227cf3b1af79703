import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { findActiveTrips, isCanceled, locateVehicle, simulatedDelay } from './active-trips.js';
import { buildAlerts, buildTripUpdates, buildVehiclePositions } from './gtfs-rt.builder.js';
import { buildTimetable } from './gtfs-timetable.js';

const { transit_realtime } = GtfsRealtimeBindings;
const NOW = Date.parse('2026-03-10T10:00:00Z'); // 11:00 in Poitiers
const DAY_START_S = Date.parse('2026-03-09T23:00:00Z') / 1000;
const T = 11 * 3600;

const timetable = buildTimetable();
const tripsById = new Map(timetable.trips.map((t) => [t.tripId, t]));
const decode = (bytes: Uint8Array): GtfsRealtimeBindings.transit_realtime.FeedMessage =>
  transit_realtime.FeedMessage.decode(bytes);

describe('demo GTFS-Realtime', () => {
  const input = { timetable, nowMs: NOW, seed: 1 };

  it('sends FULL_DATASET feeds stamped with the clock', () => {
    for (const build of [buildTripUpdates, buildVehiclePositions, buildAlerts]) {
      const { header } = decode(build(input));
      expect(header.gtfsRealtimeVersion).toBe('2.0');
      expect(header.incrementality).toBe(transit_realtime.FeedHeader.Incrementality.FULL_DATASET);
      expect(Number(header.timestamp)).toBe(NOW / 1000);
    }
  });

  it('has a TripUpdate for every trip running now, and only for trips of the static timetable', () => {
    const feed = decode(buildTripUpdates(input));
    const ids = feed.entity.map((e) => e.tripUpdate?.trip.tripId ?? '');
    const running = timetable.trips
      .filter((t) => t.stopTimes[0].departure <= T && t.stopTimes[t.stopTimes.length - 1].arrival >= T)
      .map((t) => t.tripId);
    expect(running.length).toBeGreaterThanOrEqual(8);
    expect(ids).toEqual(expect.arrayContaining(running));
    for (const entity of feed.entity) {
      const update = entity.tripUpdate;
      const trip = tripsById.get(update?.trip.tripId ?? '');
      expect(trip).toBeDefined();
      expect(update?.trip.startDate).toBe('20260310');
      expect(update?.trip.routeId).toBe(trip?.routeId);
      expect(trip?.stopTimes[0].departure).toBeLessThanOrEqual(T);
      expect((trip?.stopTimes[trip.stopTimes.length - 1].arrival ?? 0) + 360).toBeGreaterThanOrEqual(T);
    }
  });

  it('gives each running trip its delay at every remaining stop, in absolute times', () => {
    const feed = decode(buildTripUpdates(input));
    const scheduled = feed.entity.filter(
      (e) => e.tripUpdate?.trip.scheduleRelationship !== transit_realtime.TripDescriptor.ScheduleRelationship.CANCELED,
    );
    const delays = new Set<number>();
    for (const entity of scheduled) {
      const update = entity.tripUpdate as GtfsRealtimeBindings.transit_realtime.ITripUpdate;
      const trip = tripsById.get(update.trip.tripId ?? '');
      const delay = update.delay ?? 0;
      delays.add(delay);
      expect(delay === 0 || (delay >= 60 && delay <= 360) || (delay >= -90 && delay <= -45)).toBe(true);
      expect(update.stopTimeUpdate?.length).toBeGreaterThan(0);
      for (const stu of update.stopTimeUpdate ?? []) {
        const st = trip?.stopTimes.find((s) => s.stopSequence === stu.stopSequence);
        expect(stu.stopId).toBe(st?.stopId);
        expect(stu.arrival?.delay).toBe(delay);
        expect(Number(stu.arrival?.time)).toBe(DAY_START_S + (st?.arrival ?? 0) + delay);
        expect(Number(stu.departure?.time)).toBeGreaterThanOrEqual(NOW / 1000);
      }
    }
    expect(delays.has(0)).toBe(true);
    expect([...delays].some((d) => d >= 60)).toBe(true);
  });

  it('cancels exactly one trip per departure hour, on time, late and early trips over a day', () => {
    const perHour = new Map<number, number>();
    for (const trip of timetable.trips) {
      const hour = Math.floor(trip.stopTimes[0].departure / 3600);
      perHour.set(hour, (perHour.get(hour) ?? 0) + (isCanceled(timetable, 1, '20260310', trip) ? 1 : 0));
    }
    expect([...perHour.keys()].sort((a, b) => a - b)).toEqual([
      // 25-30: the night service (GTFS hours past midnight of the service day).
      6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
    ]);
    expect([...perHour.values()].every((n) => n === 1)).toBe(true);
    const delays = timetable.trips.map((t) => simulatedDelay(1, '20260310', t.tripId));
    expect(delays.filter((d) => d === 0).length).toBeGreaterThan(150);
    expect(delays.filter((d) => d >= 60 && d <= 360).length).toBeGreaterThan(200);
    expect(delays.filter((d) => d < 0).length).toBeGreaterThan(20);
  });

  it('reports cancelled trips without stops or vehicle, and has no position for them', () => {
    const later = { ...input, nowMs: NOW + 30 * 60_000 };
    const active = findActiveTrips(timetable, later.nowMs, 1);
    const canceled = active.filter((a) => a.canceled).map((a) => a.trip.tripId);
    expect(canceled.length).toBeGreaterThan(0);
    const updates = decode(buildTripUpdates(later)).entity.filter((e) =>
      canceled.includes(e.tripUpdate?.trip.tripId ?? ''),
    );
    expect(updates).toHaveLength(canceled.length);
    for (const e of updates) {
      expect(e.tripUpdate?.trip.scheduleRelationship).toBe(
        transit_realtime.TripDescriptor.ScheduleRelationship.CANCELED,
      );
      expect(e.tripUpdate?.stopTimeUpdate).toEqual([]);
    }
    const positions = decode(buildVehiclePositions(later)).entity.map((e) => e.vehicle?.trip?.tripId);
    expect(positions).toHaveLength(active.length - canceled.length);
    expect(positions.some((id) => canceled.includes(id ?? ''))).toBe(false);
  });

  it('places vehicles between stops of their trip, inside the city', () => {
    const feed = decode(buildVehiclePositions(input));
    expect(feed.entity.length).toBeGreaterThanOrEqual(8);
    for (const e of feed.entity) {
      const vp = e.vehicle as GtfsRealtimeBindings.transit_realtime.IVehiclePosition;
      const trip = tripsById.get(vp.trip?.tripId ?? '');
      expect(trip?.stopTimes.some((s) => s.stopId === vp.stopId && s.stopSequence === vp.currentStopSequence)).toBe(
        true,
      );
      expect(vp.position?.latitude).toBeGreaterThan(46.55);
      expect(vp.position?.latitude).toBeLessThan(46.6);
      expect(vp.position?.longitude).toBeGreaterThan(0.32);
      expect(vp.position?.longitude).toBeLessThan(0.39);
    }
  });

  it('interpolates linearly on the delayed schedule', () => {
    const trip = tripsById.get('L1-A-1100');
    if (trip === undefined) throw new Error('missing trip');
    // Gare 11:00 → Hôtel de Ville 11:02; one minute late, at 11:02 the bus is half-way.
    const fix = locateVehicle(
      {
        trip,
        startDate: '20260310',
        serviceDayStartMs: DAY_START_S * 1000,
        secondsIntoDay: T + 120,
        delay: 60,
        canceled: false,
      },
      timetable,
    );
    const gare = timetable.stops.get('GARE');
    const hdv = timetable.stops.get('HOTEL_DE_VILLE');
    expect(fix.lat).toBeCloseTo(((gare?.lat ?? 0) + (hdv?.lat ?? 0)) / 2, 9);
    expect(fix.lon).toBeCloseTo(((gare?.lon ?? 0) + (hdv?.lon ?? 0)) / 2, 9);
    expect(fix.stop.stopId).toBe('HOTEL_DE_VILLE');
    expect(fix.stoppedAt).toBe(false);
    expect(fix.bearing).toBeGreaterThan(90);
    expect(fix.bearing).toBeLessThan(180);
  });

  it("keeps serving yesterday's trips after midnight with their service date", () => {
    const afterMidnight = Date.parse('2026-03-10T23:20:00Z'); // 00:20 on the 11th
    const feed = decode(buildTripUpdates({ timetable, nowMs: afterMidnight, seed: 1 }));
    expect(feed.entity.length).toBeGreaterThan(0);
    for (const e of feed.entity) {
      const trip = tripsById.get(e.tripUpdate?.trip.tripId ?? '');
      expect(e.tripUpdate?.trip.startDate).toBe('20260310');
      expect(trip?.stopTimes[trip.stopTimes.length - 1].arrival).toBeGreaterThan(24 * 3600);
    }
  });

  it('publishes one bilingual stop-moved alert active now', () => {
    const feed = decode(buildAlerts(input));
    expect(feed.entity).toHaveLength(1);
    const alert = feed.entity[0].alert as GtfsRealtimeBindings.transit_realtime.IAlert;
    const [period] = alert.activePeriod ?? [];
    expect(Number(period.start)).toBe(Date.parse('2026-03-07T23:00:00Z') / 1000);
    expect(Number(period.end)).toBe(Date.parse('2026-03-21T23:00:00Z') / 1000);
    expect(alert.cause).toBe(transit_realtime.Alert.Cause.CONSTRUCTION);
    expect(alert.effect).toBe(transit_realtime.Alert.Effect.STOP_MOVED);
    expect(alert.informedEntity?.map((e) => [e.routeId || null, e.stopId])).toEqual([
      [null, 'NOTRE_DAME'],
      ['L1', 'NOTRE_DAME'],
      ['L2', 'NOTRE_DAME'],
    ]);
    const languages = (s: GtfsRealtimeBindings.transit_realtime.ITranslatedString | null | undefined): string[] =>
      (s?.translation ?? []).map((t) => t.language ?? '');
    expect(languages(alert.headerText)).toEqual(['fr', 'en']);
    expect(languages(alert.descriptionText)).toEqual(['fr', 'en']);
    expect(languages(alert.url)).toEqual(['fr', 'en']);
    expect(alert.headerText?.translation?.[0].text).toBe('Arrêt Notre-Dame déplacé');
  });
});
