import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';

interface Served {
  id: string;
  free: number | null;
  observedAt: string;
  stale: boolean;
  trend: string;
}
interface SourceBody {
  status: string;
  stale: boolean;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
}

const MAPPING = `    mapping: { items: lots, id: code, name: label, free: free, capacity: total, observedAt: updatedAt }`;

/**
 * One operator file, read by two sources: `clock` (times are measurement times, the default) and
 * `changes` (`timestamps: change`). Lot `dead` is dated 1970 (a dead sensor), `days` three days
 * ago, `live` now; the feed itself polls fine. `sensors` reads the same file without the 1970 lot
 * (whose date is also flagged `observed-at-out-of-range`, a warning that makes its source `degraded`).
 */
describe('stale per car park: a 1970-dated car park on a feed that polls fine', () => {
  const iso = isolation('api_parking_fresh');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    const sourcesPath = writeSources('sources: []\n');
    const dir = path.dirname(sourcesPath);
    const lots = [
      { code: 'dead', label: 'Dead sensor', free: 40, total: 100, updatedAt: '1970-01-01T00:00:00Z' },
      {
        code: 'days',
        label: 'Days old',
        free: 10,
        total: 50,
        updatedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      },
      { code: 'live', label: 'Live', free: 5, total: 20, updatedAt: new Date().toISOString() },
    ];
    writeFileSync(path.join(dir, 'lots.json'), JSON.stringify({ lots }));
    writeFileSync(path.join(dir, 'recent.json'), JSON.stringify({ lots: lots.slice(1) }));
    writeSources(
      [
        'sources:',
        '  - id: clock',
        '    kind: parking',
        '    format: json-mapping',
        '    url: lots.json',
        '    interval: 1m',
        MAPPING,
        '  - id: sensors',
        '    kind: parking',
        '    format: json-mapping',
        '    url: recent.json',
        '    interval: 1m',
        MAPPING,
        '  - id: changes',
        '    kind: parking',
        '    format: json-mapping',
        '    url: lots.json',
        '    interval: 1m',
        '    timestamps: change',
        MAPPING,
        '',
      ].join('\n'),
      dir,
    );
    hub = await startHub(testConfig(iso, { sourcesPath }));
    base = hub.url as string;
    await waitFor(async () => {
      const res = await fetch(`${base}/v1/parkings?limit=100`);
      const body = (await res.json()) as { data?: Served[] };
      return (body.data?.length ?? 0) === 8 ? true : undefined;
    }, 30_000);
  });
  afterAll(async () => {
    await hub?.close();
    await iso.cleanup();
  });

  const served = async (source: string): Promise<Record<string, Served>> => {
    const body = (await (await fetch(`${base}/v1/parkings?source=${source}&limit=100`)).json()) as { data: Served[] };
    return Object.fromEntries(body.data.map((p) => [p.id.split(':')[1], p]));
  };

  it('by default each car park is judged on its own observedAt: 1970 and days-old are stale, now is not', async () => {
    const health = (await (await fetch(`${base}/v1/sources/clock`)).json()) as SourceBody;
    // Polls fine (the 1970 date is a warning, hence degraded), and the source is not stale.
    expect(health).toMatchObject({ status: 'degraded', stale: false, consecutiveFailures: 0 });
    expect(Date.now() - Date.parse(health.lastSuccessAt as string)).toBeLessThan(60_000);
    const lots = await served('clock');
    expect(lots.dead).toMatchObject({ observedAt: '1970-01-01T00:00:00.000Z', stale: true });
    expect(lots.days.stale).toBe(true);
    expect(lots.live.stale).toBe(false);
    const one = (await (await fetch(`${base}/v1/parkings/clock:dead`)).json()) as Served;
    expect(one.stale).toBe(true);
  });

  it('a days-old car park on a source that is ok is stale', async () => {
    const health = (await (await fetch(`${base}/v1/sources/sensors`)).json()) as SourceBody;
    expect(health).toMatchObject({ status: 'ok', stale: false });
    const lots = await served('sensors');
    expect([lots.days.stale, lots.live.stale]).toEqual([true, false]);
  });

  it('with timestamps: change an old time is the last change: stale only when the source is', async () => {
    const lots = await served('changes');
    expect([lots.dead.stale, lots.days.stale, lots.live.stale]).toEqual([false, false, false]);
  });
});
