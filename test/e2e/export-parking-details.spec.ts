import { jest } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openingTimesOf } from '../../src/export/datex2/datex2-opening-times.js';
import { datex2Adapter } from '../../src/ingest/formats/datex2/datex2.adapter.js';
import { parkapiAdapter } from '../../src/ingest/formats/parkapi/parkapi.adapter.js';
import { addDetails } from '../../src/parking/parking-details.js';
import { DETAIL_FIELDS, detailsOf } from '../../src/parking/parking-details.fixture.js';
import type { Parking, ParkingFees } from '../../src/parking/parking.model.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { closed, type Schema } from '../support/openapi-closed.js';
import { isolation, testConfig } from '../support/test-env.js';
import { DETAIL_PARKINGS, detailSources } from './parking-details-support.js';

jest.setTimeout(60_000);

const ctx = { sourceId: 'back', receivedAt: new Date(), format: {} };

const isParkAndRide = (p: Parking) => p.kind === 'park-and-ride' || p.parkAndRide === true;

/** What ParkAPI v3 can say of a car park's details (docs/interface.md § Exports). */
function parkapiCarries(p: Parking): Partial<Parking> {
  const out = detailsOf(p);
  const fees = { hasFee: p.fees?.hasFee, description: p.fees?.description };
  out.fees = fees.hasFee === undefined && fees.description === undefined ? undefined : detailsOfFees(fees);
  const kinds = new Set(['women', 'family', 'carsharing', 'truck', 'bus']);
  const restricted = p.restrictedSpaces?.filter((r) => kinds.has(r.kind));
  out.restrictedSpaces = restricted !== undefined && restricted.length > 0 ? restricted : undefined;
  out.wheelchair = undefined;
  out.parkAndRide = isParkAndRide(p) ? true : p.parkAndRide;
  if (!isParkAndRide(p)) out.publicTransportModes = undefined;
  return detailsOf(out);
}

function detailsOfFees(fees: ParkingFees): ParkingFees {
  return Object.fromEntries(Object.entries(fees).filter(([, v]) => v !== undefined)) as ParkingFees;
}

/**
 * The facility details of real operators' files (ParkAPI v3 Heidelberg, a schema-stationnement
 * example), served by a hub, exported, and read back through the hub's own adapters (issue #15).
 */
describe('GET /v1/export/parkapi and /v1/export/datex2/parking: facility details', () => {
  const iso = isolation('export_details');
  let hub: RunningHub;
  let parkings: Parking[];

  beforeAll(async () => {
    const sources = detailSources();
    hub = await startHub(testConfig(iso, { sourcesPath: sources }));
    parkings = await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings?limit=100`)).json()) as { data: Parking[] };
      return body.data.length === DETAIL_PARKINGS ? body.data : undefined;
    });
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('the files give details of every kind the exports write', () => {
    for (const key of [
      'openingHours',
      'fees',
      'maxHeightCm',
      'operatorName',
      'evCharging',
      'restrictedSpaces',
      'url',
    ]) {
      expect([key, parkings.some((p) => p[key as keyof Parking] !== undefined)]).toEqual([key, true]);
    }
    expect(parkings.some((p) => (p.fees?.prices?.length ?? 0) > 0)).toBe(true);
  });

  it('ParkAPI v3: read back through the parkapi adapter, the details ParkAPI v3 has fields for', async () => {
    const body = (await (await fetch(`${hub.url}/v1/export/parkapi`)).json()) as {
      items: Array<{ id: number; original_uid: string }>;
    };
    const back = parkapiAdapter.parse(Buffer.from(JSON.stringify(body)), ctx);
    expect(back.warnings).toEqual([]);
    const byHubId = new Map(body.items.map((i) => [i.original_uid, String(i.id)]));
    for (const p of parkings) {
      const localId = byHubId.get(p.id);
      const again = { ...p } as Parking;
      for (const key of DETAIL_FIELDS) delete again[key];
      addDetails(
        again,
        back.facilities.find((f) => f.localId === localId),
        back.observations.find((o) => o.localId === localId),
      );
      expect([p.id, detailsOf(again)]).toEqual([p.id, parkapiCarries(p)]);
    }
  });

  it('ParkAPI v3: the answer with details matches its OpenAPI schema, closed (no undocumented field)', async () => {
    type Doc = {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>;
    };
    const doc = (await (await fetch(`${hub.url}/docs/openapi.json`)).json()) as Doc;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(
      closed(doc.paths['/v1/export/parkapi'].get.responses['200'].content['application/json'].schema),
    );
    const body = (await (await fetch(`${hub.url}/v1/export/parkapi`)).json()) as unknown;
    validate(body);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('DATEX II v3: read back through the datex2 adapter, the details its reader takes', async () => {
    const back = datex2Adapter.parse(
      Buffer.from(await (await fetch(`${hub.url}/v1/export/datex2/parking`)).text()),
      ctx,
    );
    expect(back.warnings).toEqual([]);
    const located = parkings.filter((p) => p.location !== null);
    expect(back.facilities.map((f) => f.localId)).toEqual(located.map((p) => p.id));
    for (const [i, p] of located.entries()) {
      const f = back.facilities[i];
      const prices = p.fees?.prices;
      const fees =
        p.fees === undefined
          ? undefined
          : detailsOfFees({
              ...p.fees,
              // No freeOfCharge written when not known: a charge above 0 says there is a fee.
              hasFee: p.fees.hasFee ?? (prices?.some((x) => x.amount > 0) ? true : undefined),
            });
      expect([p.id, f.evChargingCapacity, f.fees, f.maxHeightCm, f.operatorName, f.url, f.parkAndRide]).toEqual([
        p.id,
        p.evCharging?.capacity ?? undefined,
        fees,
        p.maxHeightCm,
        p.operatorName,
        p.url,
        isParkAndRide(p) ? true : undefined,
      ]);
      // The hours read back in the reader's form: the same periods.
      const expected = p.openingHours === undefined ? undefined : openingTimesOf(p.openingHours);
      expect([p.id, f.openingHours === undefined ? undefined : openingTimesOf(f.openingHours)]).toEqual([
        p.id,
        expected,
      ]);
      if (expected !== undefined) expect(f.openingHours).toBeDefined();
    }
    expect(back.observations.map((o) => [o.localId, o.evChargingFree])).toEqual(
      parkings.map((p) => [p.id, p.location === null ? undefined : (p.evCharging?.free ?? undefined)]),
    );
  });

  it('the JSON form carries the same details', async () => {
    type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const body = (await (
      await fetch(`${hub.url}/v1/export/datex2/parking?publication=table`, { headers: { accept: 'application/json' } })
    ).json()) as Obj;
    const sites = (body.payload[0].prkParkingTablePublication.parkingTable[0].parkingRecord as Obj[]).map(
      (r) => r.prkUrbanParkingSite as Obj,
    );
    const located = parkings.filter((p) => p.location !== null);
    expect(
      sites.map((s) => [
        s.idG,
        s.operator?.[0].prkContactDetails.contactOrganisationName.values[0].value,
        s.urlLinkAddress,
        s.tariffsAndPayment?.freeOfCharge,
        s.prohibitedParking === undefined
          ? undefined
          : Math.round(s.prohibitedParking.vehicleCharacteristics[0].heightCharacteristic[0].vehicleHeight * 100),
      ]),
    ).toEqual(
      located.map((p) => [
        p.id,
        p.operatorName,
        p.url,
        p.fees?.hasFee === undefined ? undefined : !p.fees.hasFee,
        p.maxHeightCm,
      ]),
    );
  });
});
