import { findActiveTrips } from './active-trips.js';
import { buildTimetable } from './gtfs-timetable.js';
import { DEMO_LINES } from './vitalis-network.js';

const timetable = buildTimetable();

/**
 * The demo network runs all night (a newcomer's `npm start` at 3 a.m. shows moving buses too, and
 * the tests that wait for a vehicle or a delay pass at any hour): every 10 min between the day's
 * last trip (24:30) and the next day's first (06:00), as GTFS times past midnight of the service day.
 */
describe('demo night service', () => {
  it('keeps the day timetable: every 10-15 min from 06:00 to 24:30 (556 trips)', () => {
    let day = 0;
    for (const line of DEMO_LINES) {
      for (const direction of [0, 1] as const) {
        const starts = new Set(
          timetable.trips
            .filter((t) => t.routeId === line.id && t.directionId === direction)
            .map((t) => t.stopTimes[0].departure / 60),
        );
        for (let m = line.firstDepartureMinutes[direction]; m <= 24 * 60 + 30; m += line.headwayMinutes) {
          expect(starts.has(m)).toBe(true);
          day += 1;
        }
      }
    }
    expect(day).toBe(556);
  });

  it('runs each line and direction every 10 min from its last day trip until its next first one', () => {
    for (const line of DEMO_LINES) {
      for (const direction of [0, 1] as const) {
        const starts = timetable.trips
          .filter((t) => t.routeId === line.id && t.directionId === direction)
          .map((t) => t.stopTimes[0].departure / 60);
        const dayStarts: number[] = [];
        for (let m = line.firstDepartureMinutes[direction]; m <= 24 * 60 + 30; m += line.headwayMinutes) {
          dayStarts.push(m);
        }
        const lastDay = dayStarts[dayStarts.length - 1];
        const night = starts.filter((m) => m > lastDay);
        expect(night.length).toBeGreaterThan(0);
        expect(night[0]).toBe(lastDay + 10);
        for (let i = 1; i < night.length; i++) expect(night[i] - night[i - 1]).toBe(10);
        // The last night trip leaves before the next service day's first departure (24 h later).
        expect(night[night.length - 1]).toBeLessThan(24 * 60 + line.firstDepartureMinutes[direction]);
        expect(night[night.length - 1] + 10).toBeGreaterThanOrEqual(24 * 60 + line.firstDepartureMinutes[direction]);
      }
    }
  });

  it('has a bus of every line running (not cancelled) at every minute of a night, 00:00 to 06:30 in Paris', () => {
    const from = Date.parse('2026-12-07T23:00:00Z'); // 00:00 in Paris (CET)
    const gaps: string[] = [];
    for (let t = from; t < from + 6.5 * 3600_000; t += 60_000) {
      const running = new Set(
        findActiveTrips(timetable, t, 1)
          .filter((a) => !a.canceled)
          .map((a) => a.trip.routeId),
      );
      for (const line of DEMO_LINES) if (!running.has(line.id)) gaps.push(`${line.id} ${new Date(t).toISOString()}`);
    }
    expect(gaps).toEqual([]);
  });
});
