import { readFileSync } from 'node:fs';
import path from 'node:path';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { decodeFeed } from './gtfs-rt.adapter.js';

const pb = (name: string): Buffer => readFileSync(path.join(process.cwd(), 'test/fixtures/gtfs-rt', name));

describe('GTFS-RT normaliser on real feeds', () => {
  it('Caltrain TripUpdates: 19 trips, 220 stop time updates, times without delays', () => {
    const feed = decodeFeed(pb('caltrain-tripupdates.pb'));
    expect(feed).toMatchObject({ timestamp: 1699405534, incrementality: 'full', gtfsRealtimeVersion: '1.0' });
    expect(feed.tripUpdates).toHaveLength(19);
    expect(feed.tripUpdates.reduce((n, t) => n + t.stus.length, 0)).toBe(220);
    expect(feed.tripUpdates[0]).toMatchObject({
      tripId: '124',
      routeId: 'L1',
      startDate: '20231107',
      vehicleId: '124',
    });
    // An absent delay stays null (protobufjs would read its default, 0).
    expect(feed.tripUpdates[0].stus[1]).toEqual({
      seq: 21,
      stopId: '70242',
      arr: 1699405801,
      arrDelay: null,
      dep: 1699405801,
      depDelay: null,
      rel: 'scheduled',
    });
  });

  it('BART TripUpdates: delays kept, ADDED trips recognised', () => {
    const feed = decodeFeed(pb('bart-tripupdates.pb'));
    expect(feed.tripUpdates).toHaveLength(91);
    expect(feed.tripUpdates.filter((t) => t.relationship === 'added')).toHaveLength(8);
    expect(feed.tripUpdates[0].stus[0]).toMatchObject({ stopId: 'DALY', arrDelay: 29, depDelay: 29, arr: 1565201526 });
  });

  it('USF VehiclePositions and the BART alert', () => {
    const usf = decodeFeed(pb('usf-bullrunner-vehiclepositions.pb'));
    expect(usf.vehicles).toHaveLength(10);
    expect(usf.vehicles[0]).toMatchObject({
      vehicleId: '1536',
      routeId: 'F',
      tripId: null,
      bearing: 180,
      occupancy: 'EMPTY',
      speed: null,
    });
    const alert = decodeFeed(pb('bart-alerts.pb')).alerts[0];
    expect(alert).toMatchObject({
      entityId: 'BSA_187874',
      cause: 'MEDICAL_EMERGENCY',
      effect: 'SIGNIFICANT_DELAYS',
      severity: null,
    });
    expect(alert.url.byLanguage).toEqual({ 'en-US': 'http://www.bart.gov/schedules/advisories' });
  });

  it('NYCT mixed feed: extensions skipped, the empty route_id read as absent; not-protobuf bytes throw', () => {
    const feed = decodeFeed(pb('mta-subway-mixed-empty-route-id.pb'));
    expect([feed.tripUpdates.length, feed.vehicles.length, feed.alerts.length, feed.warnings.length]).toEqual([
      249, 0, 1, 164,
    ]);
    expect(feed.tripUpdates.filter((t) => t.routeId === null)).toHaveLength(1);
    expect(() => decodeFeed(pb('invalid-not-protobuf.pb'))).toThrow('invalid wire type 6 at offset 1');
  });
});

describe('GTFS-RT translations: a language named after an Object.prototype key is a language like any other (feed written here)', () => {
  it('keeps the first text of each language tag, constructor and __proto__ included', () => {
    const { transit_realtime } = GtfsRealtimeBindings;
    const bytes = transit_realtime.FeedMessage.encode({
      header: { gtfsRealtimeVersion: '2.0' },
      entity: [
        {
          id: 'a1',
          alert: {
            headerText: {
              translation: [
                { language: 'constructor', text: 'A' },
                { language: '__proto__', text: 'B' },
                { language: 'toString', text: 'C' },
                { language: 'en', text: 'D' },
                { language: 'en', text: 'E' },
                { language: 'constructor', text: 'F' },
              ],
            },
          },
        },
      ],
    }).finish();
    const header = decodeFeed(bytes).alerts[0].header;
    expect(header.text).toBe('A');
    expect(Object.entries(header.byLanguage)).toEqual([
      ['constructor', 'A'],
      ['__proto__', 'B'],
      ['toString', 'C'],
      ['en', 'D'],
    ]);
    expect(JSON.parse(JSON.stringify(header.byLanguage))).toEqual(header.byLanguage);
  });
});
