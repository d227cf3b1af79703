import { expandFrequencyCalls, type FrequencyTemplateCall } from './frequencies.js';
import { formatGtfsTime } from './service-time.js';

const BASE = 1_568_606_400; // 2019-09-16 00:00 EDT
const template = (over: Partial<FrequencyTemplateCall> = {}): FrequencyTemplateCall => ({
  tripId: '3',
  routeId: 'B',
  serviceId: 'Mo',
  headsign: null,
  stopId: '330',
  seq: 2,
  arrival: 7 * 3600 + 64,
  departure: 7 * 3600 + 64,
  firstDeparture: 7 * 3600,
  startTime: 8 * 3600,
  endTime: 10 * 3600,
  headwaySecs: 1800,
  exactTimes: false,
  interpolated: false,
  arrivalOnly: false,
  wheelchairAccessible: null,
  bikesAllowed: null,
  ...over,
});
const day = { date: '20190916', base: BASE, serviceIds: ['Mo'] };

describe('expandFrequencyCalls', () => {
  it('starts at start_time every headway, the last strictly before end_time (every 30 min 08:00-10:00: last 09:30)', () => {
    const calls = expandFrequencyCalls([template()], [day], BASE, BASE + 86_400);
    expect(calls.map((c) => formatGtfsTime(c.frequency!.startTime))).toEqual([
      '08:00:00',
      '08:30:00',
      '09:00:00',
      '09:30:00',
    ]);
    expect(calls.map((c) => c.time - c.frequency!.startTime)).toEqual([64, 64, 64, 64]);
  });

  it('keeps the instances whose call at the stop is in the window, on the days the service runs', () => {
    const from = BASE + 8 * 3600 + 30 * 60 + 64; // exactly the 08:30 instance's call
    const calls = expandFrequencyCalls(
      [template()],
      [day, { ...day, date: '20190917', serviceIds: [] }],
      from,
      from + 1800,
    );
    expect(calls.map((c) => [c.serviceDate, formatGtfsTime(c.time)])).toEqual([
      ['20190916', '08:31:04'],
      ['20190916', '09:01:04'],
    ]);
  });

  it('an arrival-only call counts from its arrival', () => {
    const calls = expandFrequencyCalls(
      [template({ arrival: 7 * 3600 + 600, departure: 7 * 3600 + 660, arrivalOnly: true, exactTimes: true })],
      [day],
      BASE,
      BASE + 8 * 3600 + 600,
    );
    expect(calls).toEqual([expect.objectContaining({ time: 8 * 3600 + 600, arrivalOnly: true })]);
    expect(calls[0].frequency).toEqual({ startTime: 8 * 3600, headwaySecs: 1800, exactTimes: true });
  });
});
