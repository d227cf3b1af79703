import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';
import { waitFor } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

interface ParkingList {
  data: Array<{ id: string; name: string; free: number | null; capacity: number; stale: boolean }>;
}

describe('npm start with the default config (what a newcomer sees)', () => {
  const iso = isolation('demo');
  let hub: HubProcess;
  let api: string;

  beforeAll(async () => {
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    hub = spawnHub({
      PORT: String(port),
      HUB_PREFIX: iso.prefix,
      HUB_DB_SCHEMA: iso.schema,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
    });
    await hub.waitForLine(/API on http/);
  });

  afterAll(async () => {
    expect(await hub.stop()).toBe(0);
    await iso.cleanup();
  });

  it('serves the demo car parks and their free places change within 60 s', async () => {
    const first = await waitFor(async () => {
      const body = (await (await fetch(`${api}/v1/parkings`)).json()) as ParkingList;
      return body.data.length >= 10 ? body.data : undefined;
    }, 20_000);
    expect(first.map((p) => p.name)).toEqual(expect.arrayContaining(['BLOSSAC TISON', 'NOTRE DAME', 'HOTEL DE VILLE']));
    expect(first.every((p) => p.free === null || (p.free >= 0 && p.free <= p.capacity))).toBe(true);
    const before = new Map(first.map((p) => [p.id, p.free]));
    const changed = await waitFor(
      async () => {
        const body = (await (await fetch(`${api}/v1/parkings`)).json()) as ParkingList;
        const moved = body.data.filter((p) => before.get(p.id) !== p.free);
        return moved.length > 0 ? moved : undefined;
      },
      60_000,
      1_000,
    );
    expect(changed.length).toBeGreaterThan(0);
  }, 90_000);

  it('reports the demo source as healthy', async () => {
    const body = (await (await fetch(`${api}/v1/sources/poitiers-parkings`)).json()) as {
      status: string;
      entities: number;
    };
    expect(body).toMatchObject({ status: 'ok', entities: 10 });
  });
});
