import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * Issue #15: realtime and static ids of one operator differ (`1230[P+R Bondorf]` for `1230`); the
 * source's idPattern joins them, the ids that still do not join are a STATIC_UNJOINED warning in
 * /v1/sources/:id, and a `static:` on the operator's own (here loopback) host takes the source's
 * allowPrivateNetwork; one that refuses it says how to allow it.
 */

interface Note {
  code: string;
  message: string;
  ref?: string;
}
interface SourceBody {
  status: string;
  recentWarnings?: Note[];
}
interface ParkingBody {
  id: string;
  name: string | null;
  location: { lat: number; lon: number } | null;
  free: number | null;
  quality: string[];
}

const now = new Date().toISOString();
const realtime = JSON.stringify({
  last_updated: now,
  lots: [
    { id: '1230[P+R Bondorf]', lot_type: 'Parkplatz', state: 'many', total: 313, free: 215 },
    { id: 'Z9', lot_type: 'Parkplatz', state: 'many', total: 20, free: 3 },
  ],
});
const reference = JSON.stringify({
  last_updated: now,
  lots: [{ id: '1230', name: 'P+R Bondorf', lot_type: 'Parkplatz', coords: { lat: 48.5209, lng: 8.8367 }, total: 313 }],
});

describe('static join: idPattern, STATIC_UNJOINED, inherited allowPrivateNetwork (issue #15)', () => {
  const iso = isolation('static_join');
  let operator: LocalOperator;
  let hub: RunningHub;

  beforeAll(async () => {
    operator = await startLocalOperator('/rt');
    operator.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/static' ? reference : realtime);
    });
    const staticUrl = operator.url.replace('/rt', '/static');
    const sourcesPath = writeSources(`sources:
  - id: vrs
    kind: parking
    format: parkapi
    url: ${operator.url}
    interval: 1s
    allowPrivateNetwork: true
    idPattern: '^(\\d+)'
    static:
      url: ${staticUrl}
      format: parkapi
  - id: strict
    kind: parking
    format: parkapi
    url: ${operator.url}
    interval: 1s
    allowPrivateNetwork: true
    static:
      url: ${staticUrl}
      format: parkapi
      allowPrivateNetwork: false
`);
    const base = testConfig(iso, { sourcesPath });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
  });
  afterAll(async () => {
    await hub?.close();
    await operator?.close();
    await iso.cleanup();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${hub.url}${path}`);
    if (!res.ok && res.status !== 404) throw new Error(`${path}: HTTP ${res.status}`);
    return (res.status === 404 ? undefined : await res.json()) as T;
  };

  it('joins 1230[P+R Bondorf] to the static 1230 and lists Z9, which joins nothing', async () => {
    const parking = await waitFor(async () => {
      const body = await get<ParkingBody | undefined>('/v1/parkings/vrs:1230');
      return body?.location ? body : undefined;
    });
    expect(parking).toMatchObject({
      id: 'vrs:1230',
      name: 'P+R Bondorf',
      location: { lat: 48.5209, lon: 8.8367 },
      free: 215,
    });
    const source = await waitFor(async () => {
      const body = await get<SourceBody>('/v1/sources/vrs');
      return body.recentWarnings?.some((n) => n.code === 'STATIC_UNJOINED') ? body : undefined;
    });
    expect(source.recentWarnings?.find((n) => n.code === 'STATIC_UNJOINED')).toMatchObject({
      message:
        '1 realtime id has no facility in the static reference: Z9 (0 static facilities have no realtime record); see idPattern',
      ref: 'static',
    });
    expect(source.recentWarnings?.some((n) => n.code === 'STATIC_UNAVAILABLE')).toBe(false);
  }, 30_000);

  it('a static that sets allowPrivateNetwork: false is refused, and the error says how to allow it', async () => {
    const source = await waitFor(async () => {
      const body = await get<SourceBody>('/v1/sources/strict');
      return body.recentWarnings?.some((n) => n.code === 'STATIC_UNAVAILABLE') ? body : undefined;
    });
    const note = source.recentWarnings?.find((n) => n.code === 'STATIC_UNAVAILABLE');
    expect(note?.message).toContain('FETCH_BLOCKED_ADDRESS');
    expect(note?.message).toContain('allowPrivateNetwork: true (or a list of CIDRs covering 127.0.0.1)');
    expect(note?.message).toContain(
      "a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:",
    );
  }, 30_000);
});
