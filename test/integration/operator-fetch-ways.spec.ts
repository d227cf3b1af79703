import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/** Ways operators serve their feeds (issue #15), against operators on loopback. */

interface Health {
  status: string;
  clockSkewMs?: number;
  dateHeaderSkewMs?: number;
  lastError?: { code: string; message: string };
}
interface Parking {
  observedAt: string;
  quality: string[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('the HTTP Date header as a clock-skew signal', () => {
  const iso = isolation('fetch_date');
  let ahead: LocalOperator;
  let cdn: LocalOperator;
  let right: LocalOperator;
  let hub: RunningHub;
  // When each operator last answered, by the test's clock (the hub's: one machine).
  const answeredAt: Record<string, number> = {};

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;
  const parking = async (id: string): Promise<Parking> =>
    (await (await fetch(`${hub.url}/v1/parkings/${id}`)).json()) as Parking;

  beforeAll(async () => {
    // A server whose clock runs 2 h ahead: its Date says so, and its records were stamped 8 min ago by that clock.
    ahead = await startLocalOperator();
    ahead.handle((_req, res) => {
      const now = Date.now();
      answeredAt.ahead = now;
      res.writeHead(200, { 'content-type': 'application/json', date: new Date(now + 2 * HOUR).toUTCString() });
      res.end(jsonFeed({ a: 10, b: 20 }, new Date(now + 2 * HOUR - 8 * MINUTE).toISOString()));
    });
    // A CDN 2 h ahead in front of a feed whose own clock is right (records a minute old): nothing to correct.
    cdn = await startLocalOperator();
    cdn.handle((_req, res) => {
      const now = Date.now();
      answeredAt.cdn = now;
      res.writeHead(200, { 'content-type': 'application/json', date: new Date(now + 2 * HOUR).toUTCString() });
      res.end(jsonFeed({ c: 5 }, new Date(now - MINUTE).toISOString()));
    });
    // Node's own Date header, from the same clock.
    right = await startLocalOperator();
    right.setBody(jsonFeed({ d: 7 }, new Date(Date.now() - MINUTE).toISOString()));
    const yaml =
      jsonFeedSource('ahead', ahead.url) + jsonFeedSource('cdn', cdn.url) + jsonFeedSource('right', right.url);
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(`sources:${yaml}`) }));
    for (const id of ['ahead', 'cdn', 'right']) {
      await waitFor(async () => ((await health(id)).dateHeaderSkewMs === undefined ? undefined : true));
    }
  });

  afterAll(async () => {
    await hub?.close();
    for (const operator of [ahead, cdn, right]) await operator?.close();
    await iso.cleanup();
  });

  it('a Date 2 h ahead is recorded, and confirms the payload estimate: the correction is the header', async () => {
    const h = await health('ahead');
    // toUTCString drops the milliseconds: the header is up to 1 s behind the 2 h.
    expect(Math.abs((h.dateHeaderSkewMs ?? 0) - 2 * HOUR)).toBeLessThanOrEqual(1000);
    expect(h.clockSkewMs).toBe(h.dateHeaderSkewMs);
    const a = await parking('ahead:a');
    expect(a.quality).toContain('clock-skew-corrected');
    // Stamped 8 min before the answer by the fast clock: served 8 min before the answer (±1 s).
    expect(Math.abs(Date.parse(a.observedAt) - (answeredAt.ahead - 8 * MINUTE))).toBeLessThanOrEqual(1000);
  });

  it("a Date that disagrees with the records' own times is recorded but corrects nothing", async () => {
    const h = await health('cdn');
    expect(Math.abs((h.dateHeaderSkewMs ?? 0) - 2 * HOUR)).toBeLessThanOrEqual(1000);
    expect(h.clockSkewMs).toBe(0);
    expect((await parking('cdn:c')).quality).not.toContain('clock-skew-corrected');
  });

  it('a Date within 60 s of the hub is 0', async () => {
    expect((await health('right')).dateHeaderSkewMs).toBe(0);
  });
});
