import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { EXEMPLE_VALIDE_FEES } from '../../src/ingest/formats/schema-stationnement/stationnement-exemple.fixture.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { ajvWithComponents, closed, type Schema } from '../support/openapi-closed.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';
import { pollNow, SseStream } from './live-test-kit.js';
import { DETAIL_PARKINGS, detailSources } from './parking-details-support.js';

jest.setTimeout(60_000);

const FIXTURES = path.join(process.cwd(), 'test/fixtures');
const HOFDIENER = readFileSync(path.join(FIXTURES, 'parkapi/parkapi-v3-site-item-with-relations.json'), 'utf8');

/**
 * The facility details (issue #15) from the operators' files to the hub's answers: REST, GeoJSON,
 * the live feed and the facility history row. Every expected value is read by hand from the files.
 */
describe('facility details served end to end (REST, GeoJSON, live feed, Postgres)', () => {
  const iso = isolation('parking_details');
  let operator: LocalOperator;
  let hub: RunningHub;
  const streams: SseStream[] = [];

  const get = async (url: string): Promise<Record<string, unknown>> =>
    (await (await fetch(`${hub.url}${url}`)).json()) as Record<string, unknown>;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(HOFDIENER);
    const sources = detailSources(`  - id: pbw
    kind: parking
    format: parkapi
    url: ${operator.url}
    interval: 24h
    allowPrivateNetwork: true
`);
    const base = testConfig(iso, { sourcesPath: sources });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
    await waitFor(async () => {
      const body = (await get('/v1/parkings?limit=100')) as { data: unknown[] };
      return body.data.length === DETAIL_PARKINGS + 1 ? true : undefined;
    });
  });

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('GET /v1/parkings/:id carries what the ParkAPI v3 snapshot says of Poststraße (uid …P01)', async () => {
    // Heidelberg converter snapshot, 2nd item: capacity 528, has_fee true, max_height 180,
    // opening_hours 24/7, operator_name, restrictions DISABLED 2 / WOMEN 176 / FAMILY 0.
    const p = await get('/v1/parkings/heidelberg:urn:ngsiv2:OffStreetParking:P01');
    expect(p).toMatchObject({
      name: 'Poststraße',
      kind: 'car-park',
      capacity: 528,
      disabled: { capacity: 2, free: null },
      restrictedSpaces: [
        { kind: 'women', capacity: 176, free: null },
        { kind: 'family', capacity: 0, free: null },
      ],
      openingHours: '24/7',
      fees: { hasFee: true },
      maxHeightCm: 180,
      operatorName: 'Park und Tank Betriebsgesellschaft Heidelberg mbH',
    });
    for (const absent of ['evCharging', 'parkAndRide', 'osmId', 'wheelchair', 'url', 'publicTransportModes']) {
      expect(Object.keys(p)).not.toContain(absent);
    }
  });

  it('GET /v1/parkings/:id carries what schema-stationnement says of 75114-P-001', async () => {
    // exemple-valide.csv row 1: gratuit true, nb_voitures_electriques 10, nb_velo 25, nb_2r_el 5,
    // nb_autopartage 5, nb_2_rm 5, nb_covoit 5, hauteur_max 290, nb_pr 250, tarif_1h 5.5 … tarif_24h 40, url.
    const p = await get('/v1/parkings/fr:75114-P-001');
    expect(p).toMatchObject({
      capacity: 325,
      evCharging: { capacity: 10, free: null },
      restrictedSpaces: [
        { kind: 'carsharing', capacity: 5, free: null },
        { kind: 'carpool', capacity: 5, free: null },
        { kind: 'motorcycle', capacity: 5, free: null },
        { kind: 'electric-two-wheeler', capacity: 5, free: null },
        { kind: 'bicycle', capacity: 25, free: null },
      ],
      fees: EXEMPLE_VALIDE_FEES,
      maxHeightCm: 290,
      parkAndRide: true,
      url: 'https://www.exemple.fr/stationnementrepublique/',
    });
  });

  it('the GeoJSON answer carries the details in the properties (P+R Kirchheim, uid …P26)', async () => {
    const body = (await get('/v1/parkings?source=heidelberg&format=geojson&limit=100')) as {
      features: Array<{ id: string; properties: Record<string, unknown> }>;
    };
    const feature = body.features.find((f) => f.id === 'heidelberg:urn:ngsiv2:OffStreetParking:P26');
    // has_fee false, max_height 250, park_and_ride_type [YES], opening_hours 24/7, operator_name "".
    expect(feature?.properties).toMatchObject({
      kind: 'park-and-ride',
      fees: { hasFee: false },
      maxHeightCm: 250,
      parkAndRide: true,
      openingHours: '24/7',
    });
    expect(Object.keys(feature?.properties ?? {})).not.toContain('operatorName');
  });

  it('the live feed pushes a change with the details, realtime counts of restricted places included', async () => {
    const id = 'pbw:12717250';
    const stream = await SseStream.open(`${hub.url}/v1/stream?parkings=${id}`);
    streams.push(stream);
    const [ready] = await stream.waitFor(1);
    const [snapshot] = (ready.data.snapshot as { parkings: Array<Record<string, unknown>> }).parkings;
    // park-api-v3 test input: realtime_free_capacity 15; restriction DISABLED capacity 11, free 2;
    // external_identifiers OSM 123456789; opening_hours 24/7.
    const expected = {
      id,
      capacity: 158,
      disabled: { capacity: 11, free: 2 },
      openingHours: '24/7',
      operatorName: 'PBW Parkraumgesellschaft Baden-Württenberg mbH',
      osmId: '123456789',
    };
    expect(snapshot).toMatchObject({ ...expected, free: 15 });
    // Edited here, not in the file: one place fewer free, one disabled place fewer free.
    operator.setBody(
      HOFDIENER.replace('"realtime_free_capacity": 15', '"realtime_free_capacity": 14').replace(
        '"realtime_free_capacity": 2',
        '"realtime_free_capacity": 1',
      ),
    );
    await pollNow(hub, 'pbw');
    const events = await stream.waitFor(2);
    expect(events[1]).toMatchObject({
      event: 'parking',
      data: { parking: { ...expected, free: 14, disabled: { capacity: 11, free: 1 } } },
    });
  });

  it('answers as the OpenAPI document says, the details included (no undocumented field)', async () => {
    const doc = (await get('/docs/openapi.json')) as {
      paths: Record<string, { get: { responses: { '200': { content: Record<string, { schema: Schema }> } } } }>;
      components: { schemas: Record<string, Schema> };
    };
    const ajv = ajvWithComponents(doc.components.schemas);
    const wrong: string[] = [];
    const reads: Array<[string, string, string]> = [
      ['/v1/parkings', '/v1/parkings?limit=100', 'application/json'],
      ['/v1/parkings', '/v1/parkings?limit=100&format=geojson', 'application/geo+json'],
      ['/v1/parkings/{id}', '/v1/parkings/fr:75114-P-001', 'application/json'],
    ];
    for (const [route, url, media] of reads) {
      const validate = ajv.compile(closed(doc.paths[route].get.responses['200'].content[media].schema));
      validate(await get(url));
      for (const e of validate.errors ?? []) {
        if (e.keyword === 'oneOf') continue;
        const extra = e.keyword === 'unevaluatedProperties' ? ` ${String(e.params.unevaluatedProperty)}` : '';
        wrong.push(`${url} ${e.instancePath} ${e.message}${extra}`);
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('keeps the reference details in the facility history row (Postgres), without free counts', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const row = await waitFor(async () => {
        const { rows } = await client.query<{ details: unknown }>(
          `SELECT details FROM "${iso.schema}".facility WHERE id = $1`,
          ['heidelberg:urn:ngsiv2:OffStreetParking:P01'],
        );
        return rows[0];
      });
      expect(row.details).toEqual({
        restrictedCapacity: { women: 176, family: 0 },
        openingHours: '24/7',
        fees: { hasFee: true },
        maxHeightCm: 180,
        operatorName: 'Park und Tank Betriebsgesellschaft Heidelberg mbH',
      });
    } finally {
      await client.end();
    }
  });
});
