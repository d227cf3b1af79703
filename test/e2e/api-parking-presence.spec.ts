import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { ajvWithComponents, closed, type Schema } from '../support/openapi-closed.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';
import { SseStream } from './live-test-kit.js';

jest.setTimeout(60_000);

const NGSI = path.join(process.cwd(), 'test/fixtures/ngsi/onstreetparking-example.json');
/** The official OnStreetParking example: category [blueZone, shortTerm, forDisabled], no count of those places. */
const SANTANDER = 'ngsi:santander:daoiz_velarde_1_5';

/** An operator's own JSON, written here: charging points and disabled places said yes / no, one counted. */
const OWN = JSON.stringify({
  data: [
    { ref: 'A', nom: 'Alpha', lat: 46.58, lon: 0.34, libres: 10, borne: 'oui', pmr: 'oui', fauteuil: 'yes' },
    { ref: 'B', nom: 'Beta', lat: 46.581, lon: 0.341, libres: 5, borne: 'non', pmr: 'non', fauteuil: 'no' },
    { ref: 'C', nom: 'Gamma', lat: 46.582, lon: 0.342, libres: 7, irve: 4, fauteuil: 'limited' },
    { ref: 'D', nom: 'Delta', lat: 46.583, lon: 0.343, libres: 3 },
  ],
});

/**
 * Issue #15: places known to exist without a count, from the feed to every answer: REST, GeoJSON,
 * the live feed, the facility history row, as the OpenAPI document says.
 */
describe('charging points and disabled places without a count, served end to end', () => {
  const iso = isolation('parking_presence');
  let hub: RunningHub;
  const streams: SseStream[] = [];

  const get = async (url: string): Promise<Record<string, unknown>> =>
    (await (await fetch(`${hub.url}${url}`)).json()) as Record<string, unknown>;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-presence-'));
    const own = path.join(dir, 'own.json');
    writeFileSync(own, OWN);
    const sources = writeSources(`sources:
  - id: ngsi
    kind: parking
    format: ngsi
    url: ${NGSI}
    interval: 24h
  - id: own
    kind: parking
    format: json-mapping
    url: ${own}
    interval: 24h
    mapping: { items: data, id: ref, name: nom, lat: lat, lon: lon, free: libres, evCharging: borne, disabledPlaces: pmr, evChargingCapacity: irve, wheelchair: fauteuil }
`);
    const base = testConfig(iso, { sourcesPath: sources });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
    await waitFor(async () => {
      const body = (await get('/v1/parkings?limit=100')) as { data: unknown[] };
      return body.data.length === 5 ? true : undefined;
    });
  });

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await hub.close();
    await iso.cleanup();
  });

  it('GET /v1/parkings/:id: the NGSI example has disabled places, count unknown; no charging said', async () => {
    const p = await get(`/v1/parkings/${SANTANDER}`);
    expect(p).toMatchObject({ capacity: 6, free: 3, disabled: { capacity: null, free: null } });
    expect(Object.keys(p)).not.toContain('evCharging');
  });

  it('the mapping yes / no keys: present (null counts), none (capacity 0), a count, nothing; in the GeoJSON too', async () => {
    const body = (await get('/v1/parkings?source=own&format=geojson&limit=100')) as {
      features: Array<{ id: string; properties: Record<string, unknown> }>;
    };
    const pairs = body.features
      .map((f) => [f.id, f.properties.evCharging, f.properties.disabled])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(pairs).toEqual([
      ['own:A', { capacity: null, free: null }, { capacity: null, free: null }],
      ['own:B', { capacity: 0, free: null }, { capacity: 0, free: null }],
      ['own:C', { capacity: 4, free: null }, undefined],
      ['own:D', undefined, undefined],
    ]);
  });

  it('the live feed snapshot carries the pairs', async () => {
    const stream = await SseStream.open(`${hub.url}/v1/stream?parkings=own:A,${SANTANDER}`);
    streams.push(stream);
    const [ready] = await stream.waitFor(1);
    const parkings = (ready.data.snapshot as { parkings: Array<Record<string, unknown>> }).parkings;
    const byId = new Map(parkings.map((p) => [p.id, p]));
    expect(byId.get('own:A')).toMatchObject({
      evCharging: { capacity: null, free: null },
      disabled: { capacity: null, free: null },
    });
    expect(byId.get(SANTANDER)).toMatchObject({ disabled: { capacity: null, free: null } });
  });

  it('the facility history row says the places exist (details), its disabled capacity null', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const rows = await waitFor(async () => {
        const { rows } = await client.query<{ id: string; details: unknown; disabled_capacity: number | null }>(
          `SELECT id, details, disabled_capacity FROM "${iso.schema}".facility WHERE id = ANY($1) ORDER BY id`,
          [['own:A', 'own:B', SANTANDER]],
        );
        return rows.length === 3 ? rows : undefined;
      });
      expect(rows.map((r) => [r.id, r.details, r.disabled_capacity])).toEqual([
        [SANTANDER, expect.objectContaining({ disabledPresent: true }), null],
        ['own:A', { disabledPresent: true, evChargingPresent: true, wheelchair: 'yes' }, null],
        ['own:B', { evChargingCapacity: 0, wheelchair: 'no' }, 0],
      ]);
    } finally {
      await client.end();
    }
  });

  it('filters: evCharging=true (counted or not), disabled=true, wheelchair=yes / a list; JSON and GeoJSON alike', async () => {
    const ids = async (query: string): Promise<string[]> => {
      const body = (await get(`/v1/parkings?${query}`)) as { data: Array<{ id: string }> };
      return body.data.map((p) => p.id);
    };
    // A: yes / yes / yes; B: none / none / no; C: 4 charging points, wheelchair limited; D: nothing said.
    expect(await ids('evCharging=true')).toEqual(['own:A', 'own:C']);
    expect(await ids('disabled=true')).toEqual([SANTANDER, 'own:A']);
    expect(await ids('wheelchair=yes')).toEqual(['own:A']);
    expect(await ids('wheelchair=yes,limited&evCharging=true')).toEqual(['own:A', 'own:C']);
    expect(await ids('near=46.58,0.34&radius=1000&evCharging=true&wheelchair=limited')).toEqual(['own:C']);
    const geo = (await get('/v1/parkings?evCharging=true&format=geojson')) as { features: Array<{ id: string }> };
    expect(geo.features.map((f) => f.id)).toEqual(['own:A', 'own:C']);
    // The exports take the same filters.
    const exported = (await get('/v1/export/parkapi?evCharging=true')) as { items: Array<{ name: string }> };
    expect(exported.items.map((i) => i.name).sort()).toEqual(['Alpha', 'Gamma']);
    const refused = await fetch(`${hub.url}/v1/parkings?evCharging=false`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { details: Array<{ parameter: string }> } }).error.details).toEqual([
      expect.objectContaining({ parameter: 'evCharging' }),
    ]);
  });

  it('answers as the OpenAPI document says (no undocumented field)', async () => {
    const doc = (await get('/docs/openapi.json')) as {
      paths: Record<string, { get: { responses: { '200': { content: Record<string, { schema: Schema }> } } } }>;
      components: { schemas: Record<string, Schema> };
    };
    const ajv = ajvWithComponents(doc.components.schemas);
    const validate = ajv.compile(
      closed(doc.paths['/v1/parkings'].get.responses['200'].content['application/json'].schema),
    );
    validate(await get('/v1/parkings?limit=100'));
    expect((validate.errors ?? []).filter((e) => e.keyword !== 'oneOf')).toEqual([]);
  });
});
