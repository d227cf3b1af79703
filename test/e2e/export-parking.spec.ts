import { datex2Adapter } from '../../src/ingest/formats/datex2/datex2.adapter.js';
import { parkapiAdapter } from '../../src/ingest/formats/parkapi/parkapi.adapter.js';
import type { Parking } from '../../src/parking/parking.model.js';
import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import { ADMIN_TOKEN, startHerrenbergHub } from './api-support.js';

const ctx = { sourceId: 'back', receivedAt: new Date(), format: {} };

/** The kinds each standard cannot say (docs/interface.md § Exports): ParkAPI v3 has no disabled-only site type. */
const parkapiKind = (kind: Parking['kind']) => (kind === 'disabled' ? 'other' : kind);
/** DATEX II: what is neither on-street, P+R nor reserved for disabled users is read back as a car park. */
const datex2Kind = (kind: Parking['kind']) => (kind === 'other' || kind === 'bicycle' ? 'car-park' : kind);

/** ParkAPI v3 and DATEX II v3 out, on the Herrenberg ParkAPI v1 file polled by a hub. */
describe('GET /v1/export/parkapi and /v1/export/datex2/parking', () => {
  const iso = isolation('export_parking');
  let hub: RunningHub;
  let base: string;
  let parkings: Parking[];

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
    parkings = ((await (await fetch(`${base}/v1/parkings?limit=500`)).json()) as { data: Parking[] }).data;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('ParkAPI v3: every car park, parsed back through the parkapi adapter to the values /v1/parkings serves', async () => {
    const res = await fetch(`${base}/v1/export/parkapi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { items: Array<{ id: number; original_uid: string }>; total_count: number };
    expect(body.total_count).toBe(parkings.length);
    expect(body.items.map((i) => i.original_uid)).toEqual(parkings.map((p) => p.id));
    const back = parkapiAdapter.parse(Buffer.from(JSON.stringify(body)), ctx);
    expect(back.warnings).toEqual([]);
    const hubId = new Map(body.items.map((i) => [String(i.id), i.original_uid]));
    const facilities = new Map(back.facilities.map((f) => [hubId.get(f.localId), f]));
    const observations = new Map(back.observations.map((o) => [hubId.get(o.localId), o]));
    for (const p of parkings) {
      const f = facilities.get(p.id);
      expect([p.id, f?.name, f?.kind, f?.capacity]).toEqual([
        p.id,
        p.name ?? undefined,
        parkapiKind(p.kind),
        p.capacity ?? undefined,
      ]);
      if (p.location !== null) expect(f?.location?.lat).toBeCloseTo(p.location.lat, 6);
      const o = observations.get(p.id);
      // ParkAPI v3 has no FULL: a full car park is OPEN with 0 free.
      const status = p.status === 'full' ? 'open' : p.status;
      expect([p.id, o?.free, o?.status, o?.observedAt?.toISOString()]).toEqual([p.id, p.free, status, p.observedAt]);
    }
    expect(parkings.some((p) => p.free === null) && parkings.some((p) => p.free !== null)).toBe(true);
  });

  it('DATEX II v3: table and status in one messageContainer, parsed back through the datex2 adapter', async () => {
    const res = await fetch(`${base}/v1/export/datex2/parking`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const back = datex2Adapter.parse(Buffer.from(await res.text()), ctx);
    expect(back.warnings).toEqual([]);
    // Every parkingRecord needs a parkingLocation: a car park without a position is in the status only.
    expect(back.facilities.map((f) => [f.localId, f.name, f.kind, f.capacity])).toEqual(
      parkings
        .filter((p) => p.location !== null)
        .map((p) => [p.id, p.name ?? undefined, datex2Kind(p.kind), p.capacity ?? undefined]),
    );
    // DATEX II says an unknown count by leaving it out: the adapter reads it as not given (undefined).
    expect(back.observations.map((o) => [o.localId, o.free ?? null, o.status, o.observedAt?.toISOString()])).toEqual(
      parkings.map((p) => [p.id, p.free, p.status, p.observedAt]),
    );
    // Disabled places: a group of spaces for disabled users in the table, its vacant count in the status.
    // The free count needs the table's group, so it is there for a located car park with a disabled capacity.
    expect(back.facilities.map((f) => [f.localId, f.disabledCapacity])).toEqual(
      parkings.filter((p) => p.location !== null).map((p) => [p.id, p.disabled?.capacity ?? undefined]),
    );
    const tableFree = (p: Parking) => (p.location !== null && p.disabled?.capacity != null ? p.disabled.free : null);
    expect(back.observations.map((o) => [o.localId, o.disabledFree ?? null])).toEqual(
      parkings.map((p) => [p.id, tableFree(p)]),
    );
    // The Herrenberg file has both: disabled places with a free count, and some without one.
    expect(parkings.filter((p) => tableFree(p) !== null).length).toBeGreaterThan(0);
    expect(parkings.some((p) => p.disabled?.capacity != null && p.disabled.free === null)).toBe(true);
    const status = await (await fetch(`${base}/v1/export/datex2/parking?publication=status`)).text();
    expect(status).toContain('ParkingStatusPublication');
    expect(status).not.toContain('ParkingTablePublication');
  });

  it('DATEX II v3 JSON form with Accept: application/json: the same records and values as the XML form', async () => {
    const res = await fetch(`${base}/v1/export/datex2/parking`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toMatch(/Accept/);
    type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const body = (await res.json()) as Obj;
    const [table, status] = (body.payload as Obj[]).map(
      (p) => p.prkParkingTablePublication ?? p.prkParkingStatusPublication,
    );
    const sites = (table.parkingTable[0].parkingRecord as Obj[]).map((r) => r.prkUrbanParkingSite as Obj);
    const xml = datex2Adapter.parse(Buffer.from(await (await fetch(`${base}/v1/export/datex2/parking`)).text()), ctx);
    expect(sites.map((s) => [s.idG, s.parkingName?.values[0].value, s.parkingNumberOfSpaces])).toEqual(
      xml.facilities.map((f) => [f.localId, f.name, f.capacity]),
    );
    const located = sites.map((s) => s.parkingLocation.locPointLocation.pointByCoordinates.pointCoordinates as Obj);
    expect(located.map((c) => ({ lat: c.latitude, lon: c.longitude }))).toEqual(xml.facilities.map((f) => f.location));
    const statuses = (status.parkingRecordStatus as Obj[]).map((r) => r.prkParkingSiteStatus as Obj);
    expect(
      statuses.map((s) => [s.parkingRecordReference.idG, s.parkingOccupancy.parkingNumberOfVacantSpaces ?? null]),
    ).toEqual(parkings.map((p) => [p.id, p.free]));
    expect(statuses.map((s) => s.parkingStatusOriginTime)).toEqual(parkings.map((p) => p.observedAt));
    // Disabled places, as the XML form gives them back through the adapter.
    const disabledGroup = (s: Obj) =>
      (s.groupOfParkingSpaces as Obj[] | undefined)?.find(
        (g) =>
          g.parkingSpaceBasics.prkGroupOfParkingSpaces.onlyAssignedParking.applicableForUser[0].value === 'disabled',
      );
    expect(
      sites.map((s) => [s.idG, disabledGroup(s)?.parkingSpaceBasics.prkGroupOfParkingSpaces.parkingNumberOfSpaces]),
    ).toEqual(xml.facilities.map((f) => [f.localId, f.disabledCapacity]));
    const groupOf = new Map(sites.map((s) => [s.idG as string, disabledGroup(s)?.groupIndex as number | undefined]));
    expect(
      statuses.map((s) => {
        const index = groupOf.get(s.parkingRecordReference.idG as string);
        const group = (s.groupOfParkingSpacesStatus as Obj[] | undefined)?.find((g) => g.groupIndex === index);
        return [s.parkingRecordReference.idG, group?.groupOfParkingSpacesStatus.parkingNumberOfVacantSpaces];
      }),
    ).toEqual(xml.observations.map((o) => [o.localId, o.disabledFree]));
    expect(xml.observations.some((o) => o.disabledFree !== undefined)).toBe(true);
    // Each form has its own ETag.
    expect(res.headers.get('etag')).not.toBe((await fetch(`${base}/v1/export/datex2/parking`)).headers.get('etag'));
  });

  it('takes the filters of /v1/parkings', async () => {
    const list = async (q: string, located = false) =>
      ((await (await fetch(`${base}/v1/parkings?limit=500&${q}`)).json()) as { data: Parking[] }).data
        .filter((p) => !located || p.location !== null)
        .map((p) => p.id);
    for (const q of [
      'minFree=20',
      'status=closed',
      'near=48.596,8.87&radius=500',
      'source=herrenberg',
      'kind=car-park',
    ]) {
      const parkapi = (await (await fetch(`${base}/v1/export/parkapi?${q}`)).json()) as {
        items: Array<{ original_uid: string }>;
      };
      expect([q, parkapi.items.map((i) => i.original_uid)]).toEqual([q, await list(q)]);
      const xml = await (await fetch(`${base}/v1/export/datex2/parking?publication=table&${q}`)).text();
      const ids = datex2Adapter.parse(Buffer.from(xml), ctx).facilities.map((f) => f.localId);
      expect([q, ids]).toEqual([q, await list(q, true)]);
    }
    expect((await list('minFree=20')).length).toBeLessThan(parkings.length);
  });

  it('answers ETag / If-None-Match (304), Cache-Control, and 400 on a bad parameter', async () => {
    for (const path of ['/v1/export/parkapi', '/v1/export/datex2/parking']) {
      const first = await fetch(`${base}${path}`);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^W\/"/);
      expect(first.headers.get('cache-control')).toBe(`public, max-age=${(24 * 3600) / 2}`);
      expect((await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect(first.headers.get('ratelimit-limit')).not.toBeNull();
    }
    expect((await fetch(`${base}/v1/export/parkapi?minFree=-1`)).status).toBe(400);
    expect((await fetch(`${base}/v1/export/datex2/parking?publication=both`)).status).toBe(400);
  });

  it('follows the access rules of every read: with HUB_REQUIRE_API_KEY an anonymous export is 401, a key reads it', async () => {
    const keyed = isolation('export_parking_keyed');
    const strict = await startHerrenbergHub(keyed, { requireApiKey: true });
    try {
      const url = strict.url as string;
      for (const path of ['/v1/export/parkapi', '/v1/export/datex2/parking', '/v1/export/gtfs-rt/alerts?feed=x']) {
        expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 401]);
      }
      const created = (await (
        await fetch(`${url}/v1/admin/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'export test' }),
        })
      ).json()) as { key: string };
      const res = await fetch(`${url}/v1/export/parkapi`, { headers: { 'x-api-key': created.key } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total_count: number }).total_count).toBe(parkings.length);
    } finally {
      await strict.close();
      await keyed.cleanup();
    }
  });
});
