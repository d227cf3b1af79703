import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GtfsSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { GtfsStaticPollService } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { TIMETABLE, type TimetablePort } from '../../src/transit/ports/timetable.port.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { csv, readZip, writeZip, type Row } from './gtfs-files-support.js';
import { fixture, transitSources } from './transit-support.js';

/**
 * Issue #16, GTFS static depth: frequencies.txt, blank stop times, last stops / arrivals, trip
 * accessibility, feed validity. Every expected departure is computed here from the feed's own
 * files (a small reading of the GTFS reference written for this test), not from the hub's code.
 *
 * Feeds: USF Bull Runner (frequency-based, ` exact_times` header with a leading space, all rows
 * exact_times=0; edit: trip 1's row set to exact_times=1 so both kinds are served) and Caltrain
 * (edits: trip 501 stop_sequence 2-4 times blanked, shape_dist_traveled kept, so they are
 * interpolated by distance; trip 502 stop_sequence 2-3 times and distances blanked, so evenly;
 * trips.txt: 501 wheelchair_accessible=1 bikes_allowed=1, 502 both 2; a translations.txt added,
 * TRANSLATIONS below, as none of the fixtures has one).
 */

const tmp = mkdtempSync(path.join(tmpdir(), 'gtfs-depth-'));

/** Headsign translations in the current GTFS form: by the text (field_value) and by trip (record_id). */
const TRANSLATIONS = [
  'table_name,field_name,language,translation,record_id,record_sub_id,field_value',
  'trips,trip_headsign,es,San José Diridon,,,San Jose Diridon',
  'trips,trip_headsign,fr,San José Diridon (gare),,,San Jose Diridon',
  'trips,trip_headsign,fr,Vers San Francisco,501,,',
  '',
].join('\n');

type Files = Map<string, Row[]>;

/* The files read with csv() have no quoted fields (checked: no '"' in them). */

/** Edits the rows of one file (by its parsed rows), keeping the header line byte for byte. */
function editCsv(text: string, edit: (row: Row) => Row): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const rawHeader = lines[0];
  const header = rawHeader.split(',').map((h) => h.trim());
  const body = lines.slice(1).map((l) => {
    if (l.trim() === '') return l;
    const cells = l.split(',');
    const row = edit(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
    return header.map((h) => row[h]).join(',');
  });
  return [rawHeader, ...body].join(eol);
}

const secs = (t: string): number => {
  const [h, m, s] = t.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};
const hms = (s: number): string =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');

/** GTFS: a service day's times count from noon minus 12 h, local time. */
function serviceOrigin(date: string, timeZone: string): number {
  const noon = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), 12);
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(noon))
    .find((p) => p.type === 'timeZoneName')!.value; // "GMT-04:00"
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  const offset = m === null ? 0 : (m[1] === '-' ? -1 : 1) * (+m[2] * 3600 + +m[3] * 60);
  return noon / 1000 - offset - 12 * 3600;
}

function runs(files: Files, serviceId: string, date: string): boolean {
  const exception = (files.get('calendar_dates.txt') ?? []).find((r) => r.service_id === serviceId && r.date === date);
  if (exception !== undefined) return exception.exception_type === '1';
  const cal = (files.get('calendar.txt') ?? []).find((r) => r.service_id === serviceId);
  if (cal === undefined || date < cal.start_date || date > cal.end_date) return false;
  const day = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8))).getUTCDay();
  return cal[['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][day]] === '1';
}

interface Expected {
  tripId: string;
  scheduledTime: string;
  interpolated?: true;
  arrivalOnly?: true;
  tripStartTime?: string;
  headwayBased?: true;
  headwaySecs?: number;
}

/** Stop times of each trip in order, blank ones interpolated as the GTFS reference describes. */
interface Timed {
  row: Row;
  t: number | null;
  interp: boolean;
}

function tripTimes(files: Files): Map<string, Timed[]> {
  const byTrip = new Map<string, Row[]>();
  for (const r of files.get('stop_times.txt')!) byTrip.set(r.trip_id, [...(byTrip.get(r.trip_id) ?? []), r]);
  const out = new Map<string, Timed[]>();
  for (const [trip, rows] of byTrip) {
    rows.sort((a, b) => +a.stop_sequence - +b.stop_sequence);
    const timed: Timed[] = rows.map((r) => ({
      row: r,
      t: r.departure_time !== '' ? secs(r.departure_time) : r.arrival_time !== '' ? secs(r.arrival_time) : null,
      interp: false,
    }));
    for (let i = 0; i < timed.length; i++) {
      if (timed[i].t !== null) continue;
      let p = i - 1;
      while (p >= 0 && timed[p].interp) p--;
      let n = i + 1;
      while (n < timed.length && timed[n].t === null) n++;
      if (p < 0 || n >= timed.length || timed[p].t === null) continue;
      const from = timed[p].t!;
      const to = rows[n].arrival_time !== '' ? secs(rows[n].arrival_time) : timed[n].t!;
      const [dp, dn, dm] = [rows[p], rows[n], rows[i]].map((r) => r.shape_dist_traveled ?? '');
      const byDist = dp !== '' && dn !== '' && dm !== '' && +dn > +dp;
      const frac = byDist ? (+dm - +dp) / (+dn - +dp) : (i - p) / (n - p);
      timed[i] = { ...timed[i], t: Math.round(from + (to - from) * frac), interp: true };
    }
    out.set(trip, timed);
  }
  return out;
}

/** Departures (and with `arrivals`, arrivals) at `stopId` in [at, at + window], from the files. */
function expectedAt(
  files: Files,
  feedId: string,
  stopId: string,
  at: Date,
  windowS: number,
  timeZone: string,
  arrivals = false,
): Expected[] {
  const from = at.getTime() / 1000;
  const to = from + windowS;
  const times = tripTimes(files);
  const frequencies = files.get('frequencies.txt') ?? [];
  const out: Array<Expected & { at: number }> = [];
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone }).format(at).replaceAll('-', '');
  const dayBefore = new Date(Date.UTC(+localDay.slice(0, 4), +localDay.slice(4, 6) - 1, +localDay.slice(6, 8) - 1))
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  for (const date of [dayBefore, localDay]) {
    const origin = serviceOrigin(date, timeZone);
    for (const trip of files.get('trips.txt')!) {
      if (!runs(files, trip.service_id, date)) continue;
      const rows = times.get(trip.trip_id) ?? [];
      rows.forEach((r, i) => {
        if (r.row.stop_id !== stopId || r.t === null) return;
        const arrivalOnly = i === rows.length - 1 || r.row.pickup_type === '1';
        if (arrivalOnly && (!arrivals || r.row.drop_off_type === '1')) return;
        const own = frequencies.filter((f) => f.trip_id === trip.trip_id);
        const base: Expected = { tripId: `${feedId}:${trip.trip_id}`, scheduledTime: '' };
        if (r.interp) base.interpolated = true;
        if (arrivalOnly) base.arrivalOnly = true;
        if (own.length === 0) {
          const t = origin + r.t;
          if (t >= from && t <= to) out.push({ ...base, scheduledTime: new Date(t * 1000).toISOString(), at: t });
          return;
        }
        const offset = r.t - rows[0].t!;
        for (const f of own) {
          for (let start = secs(f.start_time); start < secs(f.end_time); start += +f.headway_secs) {
            const t = origin + start + offset;
            if (t < from || t > to) continue;
            const e: Expected & { at: number } = {
              ...base,
              scheduledTime: new Date(t * 1000).toISOString(),
              tripStartTime: hms(start),
              at: t,
            };
            if (f.exact_times !== '1') Object.assign(e, { headwayBased: true, headwaySecs: +f.headway_secs });
            out.push(e);
          }
        }
      });
    }
  }
  return out.sort((a, b) => a.at - b.at || a.tripId.localeCompare(b.tripId)).map(({ at: _at, ...e }) => e);
}

function pick(d: Record<string, unknown>): Expected {
  const keys = [
    'tripId',
    'scheduledTime',
    'interpolated',
    'arrivalOnly',
    'tripStartTime',
    'headwayBased',
    'headwaySecs',
  ];
  return Object.fromEntries(keys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]])) as unknown as Expected;
}

describe('GTFS depth (issue #16): frequencies, interpolation, arrivals, accessibility, validity', () => {
  const iso = isolation('gtfs_depth');
  let hub: RunningHub;
  let imports: GtfsImportService;
  let timetable: TimetablePort;
  let usf: Files;
  let caltrain: Files;

  const get = async (
    pathAndQuery: string,
  ): Promise<{ data: Array<Record<string, unknown>>; meta: Record<string, unknown> }> => {
    const res = await fetch(`${hub.url}${pathAndQuery}`);
    if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: Array<Record<string, unknown>>; meta: Record<string, unknown> };
  };

  beforeAll(async () => {
    const usfRaw = await readZip(fixture('gtfs/usf-bullrunner-gtfs.zip'));
    usfRaw.set(
      'frequencies.txt',
      editCsv(usfRaw.get('frequencies.txt')!, (r) => (r.trip_id === '1' ? { ...r, exact_times: '1' } : r)),
    );
    const usfZip = await writeZip(usfRaw, tmp, 'usf-exact.zip');
    usf = new Map([...usfRaw].map(([f, t]) => [f, csv(t)]));

    const ctRaw = await readZip(fixture('gtfs/caltrain-gtfs.zip'));
    ctRaw.set(
      'stop_times.txt',
      editCsv(ctRaw.get('stop_times.txt')!, (r) => {
        if (r.trip_id === '501' && ['2', '3', '4'].includes(r.stop_sequence))
          return { ...r, arrival_time: '', departure_time: '' };
        if (r.trip_id === '502' && ['2', '3'].includes(r.stop_sequence))
          return { ...r, arrival_time: '', departure_time: '', shape_dist_traveled: '' };
        return r;
      }),
    );
    ctRaw.set(
      'trips.txt',
      editCsv(ctRaw.get('trips.txt')!, (r) =>
        r.trip_id === '501'
          ? { ...r, wheelchair_accessible: '1', bikes_allowed: '1' }
          : r.trip_id === '502'
            ? { ...r, wheelchair_accessible: '2', bikes_allowed: '2' }
            : r,
      ),
    );
    ctRaw.set('translations.txt', TRANSLATIONS);
    const ctZip = await writeZip(ctRaw, tmp, 'caltrain-edited.zip');
    caltrain = new Map([...ctRaw].map(([f, t]) => [f, csv(t)]));

    const extra = `
  - { id: usf-exact, kind: gtfs, url: ${usfZip}, interval: 24h, enabled: false }
  - { id: caltrain-depth, kind: gtfs, url: ${ctZip}, interval: 24h, enabled: false }`;
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources(extra)), dataDir: tmp }));
    imports = hub.app.get(GtfsImportService);
    timetable = hub.app.get(TIMETABLE);
    await imports.importFile('usf-exact', usfZip, { contentHash: 'usf-exact' });
    await imports.importFile('caltrain-depth', ctZip, { contentHash: 'caltrain-depth' });
  }, 90_000);

  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('frequencies.txt trips are expanded for exact_times 1 (scheduled) and 0 (headway-based)', async () => {
    // Monday 16 Sep 2019, 08:00 EDT. Stop 330: trips 1 (exact_times=1 after the edit) and 3 (0);
    // stop 401: every route.
    const at = new Date('2019-09-16T12:00:00Z');
    for (const stop of ['330', '401']) {
      const expected = expectedAt(usf, 'usf-exact', stop, at, 1800, 'America/New_York');
      expect(expected.some((e) => e.headwayBased === true)).toBe(true);
      expect(expected.some((e) => e.tripStartTime !== undefined && e.headwayBased === undefined)).toBe(true);
      const body = await get(`/v1/stops/usf-exact:${stop}/departures?at=${at.toISOString()}&window=30m&limit=200`);
      expect(body.data.map(pick)).toEqual(expected);
    }
    const version = await timetable.currentVersion('usf-exact');
    expect(version?.rowCounts['frequencies.txt']).toBe(15);
  });

  it('blank stop times are interpolated by shape distance, else evenly, and flagged', async () => {
    // Wednesday 8 Nov 2023, 05:00 PST: trip 501 passes 70261 (by distance), trip 502 passes 70022 (evenly).
    const at = new Date('2023-11-08T13:00:00Z');
    for (const stop of ['70261', '70241', '70022', '70062']) {
      const expected = expectedAt(caltrain, 'caltrain-depth', stop, at, 3600, 'America/Los_Angeles');
      expect(expected.some((e) => e.interpolated === true)).toBe(true);
      const body = await get(`/v1/stops/caltrain-depth:${stop}/departures?at=${at.toISOString()}&window=60m`);
      expect(body.data.map(pick)).toEqual(expected);
    }
  });

  it("a trip's last stop is no departure; include=arrivals lists it as an arrival", async () => {
    // 70011 (San Francisco, northbound platform) is where trip 501 ends at 06:20.
    const at = new Date('2023-11-08T14:00:00Z');
    const departures = expectedAt(caltrain, 'caltrain-depth', '70011', at, 3600, 'America/Los_Angeles');
    const withArrivals = expectedAt(caltrain, 'caltrain-depth', '70011', at, 3600, 'America/Los_Angeles', true);
    expect(withArrivals.filter((e) => e.arrivalOnly === true).map((e) => e.tripId)).toContain('caltrain-depth:501');
    const plain = await get(`/v1/stops/caltrain-depth:70011/departures?at=${at.toISOString()}&window=60m`);
    expect(plain.data.map(pick)).toEqual(departures);
    const all = await get(
      `/v1/stops/caltrain-depth:70011/departures?at=${at.toISOString()}&window=60m&include=arrivals`,
    );
    expect(all.data.map(pick)).toEqual(withArrivals);
  });

  it('trips.txt wheelchair_accessible and bikes_allowed are served on departures', async () => {
    const at = new Date('2023-11-08T13:00:00Z');
    const trips = new Map(caltrain.get('trips.txt')!.map((t) => [`caltrain-depth:${t.trip_id}`, t]));
    const body = await get(`/v1/stops/caltrain-depth:70271/departures?at=${at.toISOString()}&window=3h`);
    expect(body.data.length).toBeGreaterThan(1);
    for (const d of body.data) {
      const trip = trips.get(d.tripId as string)!;
      const value = (v: string): number | null => (v === '' ? null : Number(v));
      expect([d.tripId, d.wheelchairAccessible, d.bikesAllowed]).toEqual([
        d.tripId,
        value(trip.wheelchair_accessible),
        value(trip.bikes_allowed),
      ]);
    }
    expect(body.data.find((d) => d.tripId === 'caltrain-depth:501')).toMatchObject({
      wheelchairAccessible: 1,
      bikesAllowed: 1,
    });
  });

  it('headsigns follow Accept-Language from translations.txt (by text first, else by trip), with Vary', async () => {
    const url = `${hub.url}/v1/stops/caltrain-depth:palo_alto/departures?at=2023-11-08T13:00:00Z&window=3h&limit=50`;
    const plain = (await (await fetch(url)).json()) as { data: Array<{ tripId: string; headsign: string }> };
    const rows = csv(TRANSLATIONS);
    const expectedFor = (languages: string[]) =>
      plain.data.map((d) => {
        const lang = (l: string) => languages.find((w) => w.split('-')[0] === l.split('-')[0]);
        const pickFrom = (cands: Row[]) =>
          languages.map((w) => cands.find((c) => lang(c.language) === w)).find((c) => c !== undefined)?.translation;
        const byText = pickFrom(rows.filter((r) => r.field_value === d.headsign));
        const byTrip = pickFrom(
          rows.filter((r) => r.field_value === '' && `caltrain-depth:${r.record_id}` === d.tripId),
        );
        return [d.tripId, byText ?? byTrip ?? d.headsign];
      });
    expect(plain.data.some((d) => d.headsign === 'San Jose Diridon')).toBe(true);
    expect(plain.data.some((d) => d.tripId === 'caltrain-depth:501')).toBe(true);
    for (const [header, languages] of [
      ['fr-CH, es;q=0.5', ['fr-CH', 'es']],
      ['es', ['es']],
      ['de', ['de']],
    ] as const) {
      const res = await fetch(url, { headers: { 'Accept-Language': header } });
      expect(res.headers.get('vary')).toContain('Accept-Language');
      const body = (await res.json()) as { data: Array<{ tripId: string; headsign: string }> };
      expect(body.data.map((d) => [d.tripId, d.headsign])).toEqual(expectedFor([...languages]));
    }
    const fr = (await (await fetch(url, { headers: { 'Accept-Language': 'fr' } })).json()) as {
      data: Array<{ tripId: string; headsign: string }>;
    };
    expect(fr.data.find((d) => d.tripId === 'caltrain-depth:501')?.headsign).toBe('Vers San Francisco');
    expect(fr.data.some((d) => d.headsign === 'San José Diridon (gare)')).toBe(true);
  });

  it('an expired calendar is an import warning (FEED_EXPIRED) and departures today carry a hint', async () => {
    // USF's calendar.txt ends 2020-12-31: long before the clock of this test.
    const end = usf.get('calendar.txt')!.reduce((m, r) => (r.end_date > m ? r.end_date : m), '');
    expect(end < new Intl.DateTimeFormat('en-CA').format(new Date()).replaceAll('-', '')).toBe(true);
    const source = hub.app.get(SourceRegistry).get('usf') as GtfsSourceConfig;
    await hub.app.get(GtfsStaticPollService).poll(source, new Date());
    await waitFor(() => timetable.currentVersion('usf'), 30_000, 200);
    const health = await waitFor(
      async () => {
        const res = await fetch(`${hub.url}/v1/sources/usf`);
        const h = (await res.json()) as { warnings: number; recentWarnings?: Array<{ code: string; message: string }> };
        return h.recentWarnings?.some((w) => w.code === 'FEED_EXPIRED') === true ? h : undefined;
      },
      30_000,
      200,
    );
    expect(health.recentWarnings?.find((w) => w.code === 'FEED_EXPIRED')?.message).toContain('2020-12-31');
    const today = await get('/v1/stops/usf:230/departures');
    expect(today.data).toEqual([]);
    expect(today.meta).toMatchObject({
      hintCode: 'FEED_EXPIRED',
      hint: expect.stringContaining('2020-12-31') as unknown,
    });
    const inService = await get('/v1/stops/usf:230/departures?at=2019-09-16T12:00:00Z');
    expect(inService.data.length).toBeGreaterThan(0);
    expect(inService.meta.hint).toBeUndefined();
  });
});
