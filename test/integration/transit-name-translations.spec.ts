import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { csv, readZip, writeZip, type Row } from './gtfs-files-support.js';
import { fixture, transitSources } from './transit-support.js';

/**
 * Issue #16, translated stop and route names: translations.txt (current GTFS form) for
 * stops.stop_name, routes.route_long_name and routes.route_short_name, chosen by Accept-Language
 * as headsigns are. None of the fixture feeds has a translations.txt: the Caltrain feed is
 * imported with one added (TRANSLATIONS below, by record_id and by field_value, plus rows of
 * other tables and fields that must not be taken for names); its other files are as published.
 * The expected names are computed here from those rows (a small reading of the GTFS reference).
 */

const tmp = mkdtempSync(path.join(tmpdir(), 'gtfs-names-'));

const TRANSLATIONS = [
  'table_name,field_name,language,translation,record_id,record_sub_id,field_value',
  'stops,stop_name,fr,Palo Alto (gare),palo_alto,,',
  'stops,stop_name,es,Estación Caltrain de Palo Alto,,,Palo Alto Caltrain Station',
  'stops,stop_name,fr,Quai Caltrain de Palo Alto,70172,,',
  'stops,stop_desc,fr,Ne pas prendre,palo_alto,,',
  'routes,route_long_name,fr,Omnibus,,,Local',
  'routes,route_long_name,es,Rápido,B7,,',
  'routes,route_short_name,fr,Car,,,Bus Bridge',
  'routes,route_desc,fr,Ne pas prendre,L1,,',
  'trips,trip_headsign,fr,Local (fr),,,Local', // the text of routes L1/L2's long name: not theirs
  'trips,trip_headsign,fr,Vers San Francisco,501,,',
  '',
].join('\n');

/** No quoted fields in stops, routes, TRANSLATIONS (checked: no '"' in them). */
const rows = csv(TRANSLATIONS);

/**
 * The GTFS reference: a row names its record by record_id or the text by field_value. The
 * client's languages in order, each matched by its tag, else its primary language; a
 * translation of the text first, else of the record; the feed's text without one.
 */
function expectedName(
  table: string,
  field: string,
  recordId: string,
  text: string | null,
  languages: readonly string[],
): string | null {
  if (text === null || text === '') return text === '' ? null : text;
  const of = rows.filter((r) => r.table_name === table && r.field_name === field);
  const pick = (cands: Row[]): string | undefined => {
    for (const want of languages) {
      const exact = cands.find((c) => c.language.toLowerCase() === want.toLowerCase());
      if (exact !== undefined) return exact.translation;
      const near = cands.find((c) => c.language.split('-')[0] === want.split('-')[0].toLowerCase());
      if (near !== undefined) return near.translation;
    }
    return undefined;
  };
  return (
    pick(of.filter((r) => r.field_value === text)) ??
    pick(of.filter((r) => r.field_value === '' && r.record_id === recordId)) ??
    text
  );
}

describe('Translated stop and route names (issue #16): translations.txt by Accept-Language', () => {
  const iso = isolation('gtfs_names');
  let hub: RunningHub;
  let stops: Row[];
  let routes: Row[];
  const FEED = 'caltrain-names';
  const local = (id: string): string => id.slice(FEED.length + 1);

  const get = async (
    url: string,
    language?: string,
  ): Promise<{ vary: string | null; body: { data: unknown } & Record<string, unknown> }> => {
    const res = await fetch(`${hub.url}${url}`, {
      headers: language === undefined ? {} : { 'Accept-Language': language },
    });
    expect(res.status).toBe(200);
    return { vary: res.headers.get('vary'), body: (await res.json()) as { data: unknown } & Record<string, unknown> };
  };

  const CASES = [
    ['fr-CH, es;q=0.5', ['fr-CH', 'es']],
    ['es', ['es']],
    ['de', ['de']],
  ] as const;

  beforeAll(async () => {
    const raw = await readZip(fixture('gtfs/caltrain-gtfs.zip'));
    expect(raw.has('translations.txt')).toBe(false);
    raw.set('translations.txt', TRANSLATIONS);
    const zip = await writeZip(raw, tmp, 'caltrain-names.zip');
    stops = csv(raw.get('stops.txt')!);
    routes = csv(raw.get('routes.txt')!);
    const extra = `
  - { id: ${FEED}, kind: gtfs, url: ${zip}, interval: 24h, enabled: false }`;
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources(extra)), dataDir: tmp }));
    await hub.app.get(GtfsImportService).importFile(FEED, zip, { contentHash: FEED });
  }, 90_000);

  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('GET /v1/stops/:id and /v1/stops serve stop_name in the client language, with Vary', async () => {
    const plain = await get(`/v1/stops/${FEED}:palo_alto`);
    expect((plain.body as unknown as { name: string }).name).toBe('Palo Alto');
    const byId = new Map(stops.map((s) => [s.stop_id, s.stop_name]));
    for (const [header, languages] of CASES) {
      for (const id of ['palo_alto', '70171', '70172', '22nd_street']) {
        const one = await get(`/v1/stops/${FEED}:${id}`, header);
        expect(one.vary).toContain('Accept-Language');
        expect([id, (one.body as unknown as { name: string }).name]).toEqual([
          id,
          expectedName('stops', 'stop_name', id, byId.get(id)!, languages),
        ]);
      }
      const list = await get(`/v1/stops?source=${FEED}&q=Palo%20Alto&limit=50`, header);
      expect(list.vary).toContain('Accept-Language');
      const data = list.body.data as Array<{ id: string; name: string }>;
      expect(data.length).toBeGreaterThan(3);
      expect(data.map((s) => [s.id, s.name])).toEqual(
        data.map((s) => [s.id, expectedName('stops', 'stop_name', local(s.id), byId.get(local(s.id))!, languages)]),
      );
    }
    const fr = await get(`/v1/stops/${FEED}:70172`, 'fr');
    expect((fr.body as unknown as { name: string }).name).toBe('Quai Caltrain de Palo Alto');
    const es = await get(`/v1/stops/${FEED}:70172`, 'es-MX');
    expect((es.body as unknown as { name: string }).name).toBe('Estación Caltrain de Palo Alto');
  });

  it('GET /v1/routes and /v1/routes/:id serve route_long_name and route_short_name translated', async () => {
    const byId = new Map(routes.map((r) => [r.route_id, r]));
    const expected = (id: string, languages: readonly string[]) => [
      id,
      expectedName('routes', 'route_short_name', id, byId.get(id)!.route_short_name, languages),
      expectedName('routes', 'route_long_name', id, byId.get(id)!.route_long_name, languages),
    ];
    for (const [header, languages] of CASES) {
      const list = await get(`/v1/routes?source=${FEED}`, header);
      expect(list.vary).toContain('Accept-Language');
      const data = list.body.data as Array<{ id: string; shortName: string | null; longName: string | null }>;
      expect(data).toHaveLength(routes.length);
      expect(data.map((r) => [local(r.id), r.shortName, r.longName])).toEqual(
        data.map((r) => expected(local(r.id), languages)),
      );
      for (const id of ['L1', 'B7', 'Bus Bridge']) {
        const one = await get(`/v1/routes/${encodeURIComponent(`${FEED}:${id}`)}`, header);
        expect(one.vary).toContain('Accept-Language');
        const r = one.body as unknown as { shortName: string | null; longName: string | null };
        expect([id, r.shortName, r.longName]).toEqual(expected(id, languages));
      }
    }
    const fr = (await get(`/v1/routes/${FEED}:L1`, 'fr')).body as unknown as { longName: string };
    expect(fr.longName).toBe('Omnibus');
    const bus = (await get(`/v1/routes/${encodeURIComponent(`${FEED}:Bus Bridge`)}`, 'fr')).body as unknown as {
      shortName: string;
    };
    expect(bus.shortName).toBe('Car');
    const plain = (await get(`/v1/routes/${FEED}:L1`)).body as unknown as { longName: string };
    expect(plain.longName).toBe('Local');
  });

  it("departures carry their route's names translated, headsigns as before", async () => {
    const url = `/v1/stops/${FEED}:palo_alto/departures?at=2023-11-08T13:00:00Z&window=3h&limit=50`;
    type D = { tripId: string; headsign: string | null; route: { id: string; shortName: string; longName: string } };
    const plain = (await get(url)).body.data as D[];
    expect(plain.some((d) => d.route.longName === 'Local')).toBe(true);
    const byId = new Map(routes.map((r) => [r.route_id, r]));
    for (const [header, languages] of CASES) {
      const res = await get(url, header);
      expect(res.vary).toContain('Accept-Language');
      const data = res.body.data as D[];
      expect(data.map((d) => d.tripId)).toEqual(plain.map((d) => d.tripId));
      expect(data.map((d) => [d.tripId, d.route.shortName, d.route.longName])).toEqual(
        plain.map((d) => {
          const r = byId.get(local(d.route.id))!;
          return [
            d.tripId,
            expectedName('routes', 'route_short_name', r.route_id, r.route_short_name, languages),
            expectedName('routes', 'route_long_name', r.route_id, r.route_long_name, languages),
          ];
        }),
      );
      expect(data.map((d) => [d.tripId, d.headsign])).toEqual(
        plain.map((d) => [d.tripId, expectedName('trips', 'trip_headsign', local(d.tripId), d.headsign, languages)]),
      );
    }
  });
});
