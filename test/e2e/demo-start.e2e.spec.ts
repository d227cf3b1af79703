import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

  /**
   * Issue #13: every address and command the README's "Two commands" section shows a newcomer,
   * taken from README.md itself and run as written; only the address 127.0.0.1:3000 is this
   * test's port (the example client reads it from HUB_URL when no --url is given).
   */
  describe("the README's 'what you see' list, run verbatim", () => {
    const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('`npm start` builds'), readme.indexOf('The hub needs Redis'));
    const here = (text: string): string => text.replaceAll('http://127.0.0.1:3000', api);

    /** `<http://127.0.0.1:3000/x>` links, bare `/v1/...` paths in backticks, and "Add `&x=y`" to the link before. */
    function addresses(): string[] {
      const found: string[] = [];
      let lastLink: string | undefined;
      for (const line of section.split('\n')) {
        const links = [...line.matchAll(/<http:\/\/127\.0\.0\.1:3000([^>]*)>/g)].map((m) => m[1] as string);
        found.push(...links);
        lastLink = links[links.length - 1] ?? lastLink;
        // The hub's own paths (the demo operator's `/parkings/records` is on its own port).
        for (const m of line.matchAll(/`(\/(?:v1|docs|health|metrics)[a-z0-9/_<>?=&.-]*)`/gi))
          found.push(m[1] as string);
        const add = /Add `(&[^`]+)`/.exec(line);
        if (add && lastLink !== undefined) found.push(`${lastLink}${add[1]}`);
      }
      return found;
    }
    const commands = (): string[] => [...section.matchAll(/`((?:npm run|curl) [^`]+)`/g)].map((m) => m[1] as string);

    it('finds what it runs in the README', () => {
      expect(addresses()).toEqual(
        expect.arrayContaining(['/', '/v1/parkings', '/v1/sources', '/v1/stops/<id>/departures', '/health/ready']),
      );
      expect(addresses().some((a) => a.includes('near=') && a.includes('format=geojson'))).toBe(true);
      expect(commands()).toHaveLength(2);
    });

    it('every address answers 200 with what the README says', async () => {
      // The demo timetable is imported in the first seconds after the start.
      const stopId = await waitFor(async () => {
        const stops = (await (await fetch(`${api}/v1/stops?q=gare`)).json()) as { data: Array<{ id: string }> };
        return stops.data[0]?.id;
      }, 20_000);
      for (const address of addresses()) {
        const url = `${api}${address.replace('<id>', encodeURIComponent(stopId))}`;
        const res = await fetch(url);
        expect([address, res.status]).toEqual([address, 200]);

        const text = await res.text();
        expect(text.length).toBeGreaterThan(0);
        if (address.includes('format=geojson')) expect(JSON.parse(text)).toMatchObject({ type: 'FeatureCollection' });
        else if (address.startsWith('/v1/parkings?near=')) {
          const near = JSON.parse(text) as { data: Array<{ distance: number }> };
          expect(near.data.length).toBeGreaterThan(0);
          expect(near.data.every((p) => p.distance <= 800)).toBe(true);
        } else if (address === '/v1/parkings') expect((JSON.parse(text) as ParkingList).data).toHaveLength(10);
        else if (address === '/') expect(res.headers.get('content-type')).toContain('text/html');
        else if (address === '/metrics') expect(text).toContain('hub_source_status');
      }
    }, 30_000);

    it('the two commands print live data', async () => {
      /**
       * Runs the command in a shell as typed; its whole process group is stopped (Ctrl-C) once
       * its output shows `expected`, or after `ms`. Resolves with what it printed.
       */
      const run = (command: string, expected: RegExp, ms: number): Promise<string> =>
        new Promise((resolve) => {
          const child = spawn('sh', ['-c', here(command)], {
            env: { ...process.env, HUB_URL: api },
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          const stop = (): void => {
            clearTimeout(timer);
            try {
              process.kill(-(child.pid as number), 'SIGINT');
            } catch {
              // already gone
            }
          };
          const timer = setTimeout(stop, ms);
          const onData = (chunk: Buffer): void => {
            out += chunk.toString();
            if (expected.test(out)) stop();
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.on('close', () => {
            clearTimeout(timer);
            resolve(out);
          });
        });
      // SSE: a `parking` event with its JSON; the example: its snapshot lines ("name: 12/40 free, open").
      const expectations: Array<[RegExp, RegExp]> = [
        [/^curl /, /^event: parking\r?\ndata: \{/m],
        [/^npm run example:subscribe /, /subscribed \([\s\S]* free, /],
      ];
      for (const command of commands()) {
        const expected = expectations.find(([pattern]) => pattern.test(command))?.[1];
        expect([command, expected !== undefined]).toEqual([command, true]);
        const out = await run(command, expected as RegExp, 40_000);
        expect([command, out]).toEqual([command, expect.stringMatching(expected as RegExp)]);
      }
    }, 90_000);
  });
});
