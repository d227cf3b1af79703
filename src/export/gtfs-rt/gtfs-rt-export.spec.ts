import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { decodeFeed } from '../../ingest/formats/gtfs-rt/gtfs-rt.adapter.js';
import type { TripPrediction } from '../../transit/realtime/trip-prediction.js';
import type { Alert, Vehicle } from '../../transit/transit.model.js';
import { buildGtfsRtExport, encodeGtfsRt, type RealtimeSnapshot } from './gtfs-rt-export.js';

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime;

const trip: TripPrediction = {
  key: 'T1|20261203',
  tripId: 'T1',
  routeId: 'L1',
  startDate: '20261203',
  relationship: 'scheduled',
  vehicleId: 'rt-a:bus-7',
  timestamp: 1764748800,
  matched: true,
  stops: [
    { seq: 1, stopId: 'S1', arr: null, dep: null, delay: null, status: 'scheduled' },
    { seq: 2, stopId: 'S2', arr: 1764749000, dep: 1764749030, delay: 120, status: 'predicted' },
    { seq: 3, stopId: 'S3', arr: null, dep: null, delay: null, status: 'skipped' },
    { seq: 4, stopId: 'S4', arr: null, dep: null, delay: null, status: 'no-data' },
  ],
};

const vehicle: Vehicle = {
  id: 'rt-b:bus-9',
  source: 'rt-b',
  routeId: 'gtfs:L2',
  tripId: 'gtfs:T9',
  label: '9',
  location: { lat: 46.58, lon: 0.34 },
  bearing: 90,
  occupancy: 'FEW_SEATS_AVAILABLE',
  stopId: 'gtfs:S9',
  currentStatus: 'STOPPED_AT',
  observedAt: '2026-12-03T08:00:00.000Z',
  stale: false,
};

const alert: Alert = {
  id: 'rt-a:works',
  source: 'rt-a',
  cause: 'CONSTRUCTION',
  effect: 'STOP_MOVED',
  severity: 'WARNING',
  header: 'Arrêt déplacé',
  description: null,
  url: null,
  translations: { header: { fr: 'Arrêt déplacé', en: 'Stop moved' }, description: {}, url: {} },
  activePeriods: [{ start: '2026-12-01T00:00:00.000Z', end: null }],
  routes: ['gtfs:L1'],
  stops: [],
  informedEntities: [
    { agencyId: null, routeId: 'gtfs:L1', routeType: null, tripId: null, stopId: null, directionId: null },
  ],
};

const sources: RealtimeSnapshot[] = [
  {
    sourceId: 'rt-b',
    trips: [{ ...trip, key: 'T2|20261203', tripId: 'T2', relationship: 'canceled' }],
    vehicles: [vehicle],
    alerts: [],
  },
  { sourceId: 'rt-a', trips: [trip], vehicles: [], alerts: [alert] },
];
const at = new Date('2026-12-03T08:01:00Z');

function decode(kind: Parameters<typeof buildGtfsRtExport>[0]) {
  return FeedMessage.decode(encodeGtfsRt(buildGtfsRtExport(kind, 'gtfs', sources, at).message));
}

describe('GTFS-RT export', () => {
  it('merges the sources into one FULL_DATASET message, entities sorted by their source-prefixed id', () => {
    const feed = decode('trip-updates');
    expect(Number(feed.header.timestamp)).toBe(at.getTime() / 1000);
    expect(feed.entity.map((e) => e.id)).toEqual(['rt-a:T1|20261203', 'rt-b:T2|20261203']);
  });

  it('writes predicted stops with time and delay, leaves timetable-held stops out, keeps SKIPPED, NO_DATA and CANCELED', () => {
    const rt = decodeFeed(encodeGtfsRt(buildGtfsRtExport('trip-updates', 'gtfs', sources, at).message));
    const [t1, t2] = rt.tripUpdates;
    expect(t1).toMatchObject({
      tripId: 'T1',
      routeId: 'L1',
      startDate: '20261203',
      vehicleId: 'bus-7',
      timestamp: 1764748800,
    });
    expect(t1.stus).toEqual([
      { seq: 2, stopId: 'S2', arr: 1764749000, arrDelay: 120, dep: 1764749030, depDelay: 120, rel: 'scheduled' },
      { seq: 3, stopId: 'S3', arr: null, arrDelay: null, dep: null, depDelay: null, rel: 'skipped' },
      { seq: 4, stopId: 'S4', arr: null, arrDelay: null, dep: null, depDelay: null, rel: 'no-data' },
    ]);
    expect(t2).toMatchObject({ tripId: 'T2', relationship: 'canceled', stus: [] });
  });

  it('gives vehicles and alerts with the timetable ids, without the feed prefix', () => {
    const rt = decodeFeed(encodeGtfsRt(buildGtfsRtExport('vehicle-positions', 'gtfs', sources, at).message));
    expect(rt.vehicles[0]).toMatchObject({
      entityId: 'rt-b:bus-9',
      vehicleId: 'bus-9',
      tripId: 'T9',
      routeId: 'L2',
      stopId: 'S9',
      lat: expect.closeTo(46.58, 5) as number,
      occupancy: 'FEW_SEATS_AVAILABLE',
      currentStatus: 'STOPPED_AT',
      timestamp: Date.parse(vehicle.observedAt) / 1000,
    });
    const alerts = decodeFeed(encodeGtfsRt(buildGtfsRtExport('alerts', 'gtfs', sources, at).message));
    expect(alerts.alerts[0]).toMatchObject({
      entityId: 'rt-a:works',
      cause: 'CONSTRUCTION',
      effect: 'STOP_MOVED',
      severity: 'WARNING',
      header: { text: 'Arrêt déplacé', byLanguage: { fr: 'Arrêt déplacé', en: 'Stop moved' } },
      activePeriods: [{ start: Date.parse('2026-12-01T00:00:00Z') / 1000, end: null }],
    });
    expect(alerts.alerts[0].informed[0].routeId).toBe('L1');
  });

  it('gives the same bytes and identity for the same data, whatever the header time', () => {
    const one = buildGtfsRtExport('trip-updates', 'gtfs', sources, at);
    const two = buildGtfsRtExport('trip-updates', 'gtfs', [...sources].reverse(), new Date(at.getTime() + 5000));
    expect(two.identity).toBe(one.identity);
  });
});
