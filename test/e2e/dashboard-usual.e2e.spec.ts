import { type Browser, chromium } from 'playwright-core';
import pg from 'pg';
import { monthPartitions } from '../../src/infra/database/month-partitions.js';
import { CHROMIUM, demoCarParksSource, demoHubEnv, ensurePageBuilt } from '../support/dashboard-hub.js';
import { freePort } from '../support/free-port.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * The "usual" curve of a car park's page (issue #14): for each point of the last 24 h, the mean
 * free places at the same weekday and hour over the four weeks before. History rows are written
 * in the test's own schema for five weeks back: in the k-th week before (k = 1..4) around the
 * chart's weekday and hours, free = 10·k + the UTC hour; the chart's own day 300; every other day
 * 3. So the usual value at hour h is (10+20+30+40)/4 + h = 25 + h, computed here from those rules,
 * and read back from the chart's legend (uPlot shows each series' value where the pointer is).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const CAR_PARK = 'poitiers-parkings:3';

const SOURCES = `
sources:${demoCarParksSource('2s')}
`;

const floorHour = (ms: number): number => Math.floor(ms / HOUR) * HOUR;

/** The seeded free places at time `t` (an hour boundary), `now` being when the chart is drawn. */
function seededFree(t: number, now: number): number {
  // An hour more on each side: the page may draw its chart after the next hour has begun.
  const first = floorHour(now - DAY) - HOUR;
  const end = floorHour(now) + 2 * HOUR;
  for (let k = 1; k <= 4; k++) {
    if (t >= first - k * WEEK && t < end - k * WEEK) return 10 * k + new Date(t).getUTCHours();
  }
  return t >= first ? 300 : 3;
}

/** Mean over the four weeks before of the seeded value at the same weekday and hour as `t`. */
function expectedUsual(t: number, now: number): number {
  const hour = floorHour(t);
  let sum = 0;
  for (let k = 1; k <= 4; k++) sum += seededFree(hour - k * WEEK, now);
  return sum / 4;
}

describe("a car park's usual curve in a browser (issue #14)", () => {
  const iso = isolation('dashusual');
  let hub: HubProcess;
  let base: string;
  let browser: Browser;
  const now = Date.now();

  beforeAll(async () => {
    ensurePageBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    hub = spawnHub({
      ...demoHubEnv(iso, port),
      HUB_SOURCES: writeSources(SOURCES),
      HUB_ANON_RATE_LIMIT: '10000',
      HUB_MAP_TILES: 'off',
    });
    await hub.waitForLine(/API on http/);
    // The hub has written the car park's first live row (its facility and this month's partition exist).
    await waitFor(async () => {
      const res = await fetch(`${base}/v1/parkings/${encodeURIComponent(CAR_PARK)}/history`);
      return res.ok && ((await res.json()) as { data: unknown[] }).data.length > 0 ? true : undefined;
    }, 30_000);
    await seed();
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    expect(await hub.stop()).toBe(0);
    await iso.cleanup();
  });

  /** One row an hour from five weeks back to 30 min ago (the live rows come after). */
  async function seed(): Promise<void> {
    const from = floorHour(now - 5 * WEEK);
    const to = floorHour(now - HOUR / 2);
    const times: number[] = [];
    for (let t = from; t <= to; t += HOUR) times.push(t);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path = "${iso.schema}"`);
      for (const m of monthPartitions(times.map((t) => new Date(t).toISOString()))) {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF parking_observation FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
        );
      }
      await client.query(
        `INSERT INTO parking_observation (facility_id, observed_at, received_at, free, occupied, capacity, status)
         SELECT $1, t, t, f, 1000 - f, 1000, 'open' FROM unnest($2::timestamptz[], $3::int[]) AS s(t, f)`,
        [CAR_PARK, times.map((t) => new Date(t).toISOString()), times.map((t) => seededFree(t, now))],
      );
    } finally {
      await client.end();
    }
  }

  it('draws, for each hour of the last 24 h, the mean of the same weekday and hour over the four weeks before', async () => {
    const context = await browser.newContext({
      locale: 'en-GB',
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${base}/#/parking/${encodeURIComponent(CAR_PARK)}`);
    await page.locator('#chart canvas').first().waitFor({ timeout: 10_000 });
    const over = page.locator('#chart .u-over');
    const box = await over.boundingBox();
    if (box === null) throw new Error('chart not laid out');
    const legend = page.locator('#chart .u-legend .u-series');
    // The legend's three series: time, free places, usual curve.
    expect(await legend.count()).toBe(3);
    const seen: Array<{ time: string; usual: string; expected: number }> = [];
    for (let i = 1; i <= 12; i++) {
      await over.hover({ position: { x: (box.width * i) / 13, y: box.height / 2 } });
      const time = (await legend.nth(0).locator('.u-value').textContent()) ?? '';
      const usual = (await legend.nth(2).locator('.u-value').textContent()) ?? '';
      const match = /^(\w{3}) (\d\d):(\d\d)$/.exec(time);
      if (match === null) throw new Error(`no time in the legend: "${time}"`);
      // The hovered point's time, within the last 24 h (weekday and hh:mm as the legend shows it, UTC).
      const at = [0, 1].map((d) => floorHour(now) - d * DAY + (Number(match[2]) - new Date(now).getUTCHours()) * HOUR);
      const t = at.find(
        (x) => x <= now + HOUR && x >= floorHour(now - DAY) && new Date(x).toUTCString().startsWith(match[1]),
      );
      if (t === undefined) throw new Error(`"${time}" is not in the last 24 h`);
      seen.push({ time, usual, expected: expectedUsual(t, now) });
    }
    expect(seen.map((s) => ({ time: s.time, usual: s.usual }))).toEqual(
      seen.map((s) => ({ time: s.time, usual: String(s.expected) })),
    );
    // The points read fall in several hours, each with its own expected value.
    expect(new Set(seen.map((s) => s.expected)).size).toBeGreaterThan(5);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
