import path from 'node:path';
import { jest } from '@jest/globals';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';

jest.setTimeout(60_000);

/** Stuttgart's real DATEX II 2.0 facility table: locationForDisplay in ETRS89 / UTM zone 32N metres. */
const STUTTGART = path.join(process.cwd(), 'test/fixtures/datex2/stuttgart-parkingfacilitytable-v2-excerpt.xml');

interface Note {
  code: string;
  message: string;
  ref?: string;
}

/**
 * Issue #15: a source's `crs`, from sources.yaml to REST. The same file twice: with crs EPSG:25832
 * its car parks are served at their WGS84 positions (Kronprinzstraße, locationForDisplay 5402496.0 /
 * 512788.0: 48.775335562, 9.174055270 by the Krüger series, src/common/coordinate-systems.spec.ts);
 * without it without a location, the source's warning naming the key.
 */
describe('a source crs, end to end', () => {
  const iso = isolation('source_crs');
  let hub: RunningHub;

  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${hub.url}${p}`);
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const sources = writeSources(`sources:
  - id: utm
    kind: parking
    format: datex2
    url: ${STUTTGART}
    interval: 24h
    crs: EPSG:25832
  - id: plain
    kind: parking
    format: datex2
    url: ${STUTTGART}
    interval: 24h
`);
    const base = testConfig(iso, { sourcesPath: sources });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
    await waitFor(async () => {
      const body = await get<{ data: unknown[] }>('/v1/parkings?limit=100');
      return body.data.length === 8 ? true : undefined;
    });
  });

  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('with crs EPSG:25832: Kronprinzstraße at its WGS84 position, found near it', async () => {
    const p = await get<{ location: { lat: number; lon: number } | null }>('/v1/parkings/utm:12717375');
    expect(Math.abs(p.location!.lat - 48.775335562)).toBeLessThan(1e-6);
    expect(Math.abs(p.location!.lon - 9.17405527)).toBeLessThan(1e-6);
    const near = await get<{ data: Array<{ id: string }> }>('/v1/parkings?near=48.7753,9.1741&radius=100');
    expect(near.data.map((d) => d.id)).toEqual(['utm:12717375']);
  });

  it('without it: no location, and the warning says the values look projected and names crs', async () => {
    const p = await get<{ location: unknown; quality: string[] }>('/v1/parkings/plain:12717375');
    expect(p.location).toBeNull();
    expect(p.quality).toContain('missing-location');
    const source = await waitFor(async () => {
      const body = await get<{ recentWarnings?: Note[] }>('/v1/sources/plain');
      return body.recentWarnings?.some((n) => n.code === 'INVALID_LOCATION') ? body : undefined;
    });
    expect(source.recentWarnings?.find((n) => n.code === 'INVALID_LOCATION')?.message).toMatch(
      /^coordinates "\d+\.\d+", "\d+\.\d+" are not a WGS84 point; they look like projected coordinates \(metres\): set the source's crs \(one of EPSG:4326, /,
    );
    const utm = await get<{ recentWarnings?: Note[] }>('/v1/sources/utm');
    expect(utm.recentWarnings?.some((n) => n.code === 'INVALID_LOCATION') ?? false).toBe(false);
  });
});
