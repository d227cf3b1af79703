import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import pg from 'pg';
import { buildParkingRecords, parsePaging } from '../../src/demo/parking-records.builder.js';
import { CHROMIUM, demoHubEnv, ensurePageBuilt, loopbackOnly } from '../support/dashboard-hub.js';
import { freePort } from '../support/free-port.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * Feed health's outages with more sources than the view used to read at once (30, issue #14):
 * 34 demo-style car-park sources (the demo's Opendatasoft records) on a local operator. One
 * request (GET /v1/outages) gives every card its outages when the view opens: the 32nd card
 * shows its past outage with nothing pressed, and no card has a "Show outages" button. The last
 * source goes down while the view is open: its card moves to the top and shows its ongoing
 * outage, then the outage ended once it is back. A source with eight past outages (rows written
 * in the test's schema) shows its latest five, the older three on demand (from the keyboard). More
 * outages in all than one page holds (500): that one request still gives each source its latest
 * (perSource). No request in a loop.
 */
const SOURCE_COUNT = 34;
const ids = Array.from({ length: SOURCE_COUNT }, (_, i) => `op-${String(i + 1).padStart(2, '0')}`);
const DOWN = ids[SOURCE_COUNT - 1];
/** A source with PAST closed outages, hour k ago for k = 1..PAST (newest first as served). */
const HISTORY = ids[1];
const PAST = 8;
/** A source past the 30th card with one past outage, started with HISTORY's newest (a tie across sources). */
const LATE = ids[SOURCE_COUNT - 3];
const HOUR = 3_600_000;
/**
 * More outages than one page of GET /v1/outages (500): HEAVY_COUNT of one source, 9 h to 46 h
 * ago, all newer than the only one of BEYOND (48 h ago).
 */
const HEAVY = ids[2];
const HEAVY_COUNT = 492;
const BEYOND = ids[SOURCE_COUNT - 2];

async function writePastOutages(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path = "${schema}"`);
    const now = Date.now();
    for (let k = 1; k <= PAST; k++) {
      await client.query(
        `INSERT INTO source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed, end_reason)
         VALUES ($1, $2, $3, 'FETCH_TIMEOUT', $4, 5, 'recovered')`,
        [HISTORY, new Date(now - k * HOUR), new Date(now - k * HOUR + 60_000), `past outage ${k}`],
      );
    }
    await client.query(
      `INSERT INTO source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed, end_reason)
       VALUES ($1, $2, $3, 'FETCH_HTTP_ERROR', 'late outage', 7, 'recovered')`,
      [LATE, new Date(now - HOUR), new Date(now - HOUR + 120_000)],
    );
    await client.query(
      `INSERT INTO source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed, end_reason)
       SELECT $1, t, t + interval '1 minute', 'FETCH_TIMEOUT', 'heavy outage ' || i, 5, 'recovered'
       FROM generate_series(0, $2::int - 1) AS i, LATERAL (SELECT $3::timestamptz - i * interval '270 seconds' AS t) AS s`,
      [HEAVY, HEAVY_COUNT, new Date(now - 9 * HOUR)],
    );
    await client.query(
      `INSERT INTO source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed, end_reason)
       VALUES ($1, $2, $3, 'FETCH_TIMEOUT', 'beyond the page', 5, 'recovered')`,
      [BEYOND, new Date(now - 48 * HOUR), new Date(now - 48 * HOUR + 60_000)],
    );
  } finally {
    await client.end();
  }
}

function sourcesYaml(operatorUrl: string): string {
  const origin = new URL(operatorUrl).origin;
  return `sources:\n${ids
    .map(
      (id) => `  - id: ${id}
    kind: parking
    format: opendatasoft
    url: ${origin}/${id}/records
    interval: ${id === DOWN ? '500ms' : '3s'}
    timeout: 1s
    allowPrivateNetwork: true
    mapping: { free: places, observedAt: derniere_mise_a_jour_base }
    statusValues: { open: [OUVERT], closed: [FERME], full: [COMPLET] }
`,
    )
    .join('')}`;
}

interface Health {
  id: string;
  status: string;
  lastSuccessAt: string | null;
}

describe('dashboard feed health with more than 30 sources (issue #14)', () => {
  const iso = isolation('dashout');
  let operator: LocalOperator;
  let down = false;
  let hub: HubProcess;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ensurePageBuilt();
    operator = await startLocalOperator('/');
    operator.handle((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://operator');
      if (down && url.pathname.startsWith(`/${DOWN}/`)) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('maintenance');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(buildParkingRecords(Date.now(), 1, parsePaging(url.searchParams))));
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    hub = spawnHub({
      ...demoHubEnv(iso, port),
      HUB_DEMO: 'false',
      HUB_SOURCES: writeSources(sourcesYaml(operator.url)),
      HUB_POLL_BACKOFF_MAX: '1s',
      HUB_ANON_RATE_LIMIT: '10000',
    });
    await hub.waitForLine(/API on http/);
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await hub.stop()).toBe(0);
    await operator?.close();
    await iso.cleanup();
  });

  const sources = async (): Promise<Health[]> =>
    ((await (await fetch(`${base}/v1/sources`)).json()) as { data: Health[] }).data;

  it('shows every card its outages from one request, and a source going down shows its outage', async () => {
    await waitFor(
      async () => ((await sources()).every((s) => s.status === 'ok' && s.lastSuccessAt !== null) ? true : undefined),
      30_000,
    );
    // Every source polled: the hub's schema is set up; its past outages written in it.
    await writePastOutages(iso.schema);
    const past = (await (await fetch(`${base}/v1/sources/${HISTORY}/outages`)).json()) as { data: unknown[] };
    expect(past.data).toHaveLength(PAST);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
    await loopbackOnly(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    /** Outage reads: `all` for GET /v1/outages, else the source's id. */
    const outageReads: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/v1/outages') outageReads.push('all');
      const one = /^\/v1\/sources\/([^/]+)\/outages$/.exec(url.pathname);
      if (one !== null) outageReads.push(one[1]);
    });
    await page.goto(`${base}/#/health`);
    const card = (id: string) => page.locator(`article[data-source="${id}"]`);
    // The 32nd card (all ok: by id) shows its outage, nothing pressed.
    await card(LATE).locator('.outages li').first().waitFor({ timeout: 15_000 });
    expect(
      await page
        .locator('article[data-source]')
        .nth(SOURCE_COUNT - 3)
        .getAttribute('data-source'),
    ).toBe(LATE);
    expect(await card(LATE).locator('.outages li').allTextContents()).toEqual([expect.stringContaining('late outage')]);
    expect(await card(LATE).locator('.outages li').first().textContent()).toContain('FETCH_HTTP_ERROR');
    expect(await page.locator('article[data-source]').count()).toBe(SOURCE_COUNT);
    expect(await page.locator('article[data-source] .outages p', { hasText: 'No outage recorded.' }).count()).toBe(
      SOURCE_COUNT - 4,
    );
    expect(await page.getByRole('button', { name: 'Show outages' }).count()).toBe(0);
    expect(await card(LATE).getByRole('button', { name: 'Older outages' }).count()).toBe(0);
    expect(outageReads).toEqual(['all']);

    // The source with eight past outages: its latest five, then the older three from the keyboard.
    const pastLines = async (): Promise<string[]> => card(HISTORY).locator('.outages li').allTextContents();
    expect((await pastLines()).map((l) => /past outage (\d)/.exec(l)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    await card(HISTORY).getByRole('button', { name: 'Older outages' }).focus();
    await page.keyboard.press('Enter');
    await card(HISTORY)
      .locator('.outages li')
      .nth(PAST - 1)
      .waitFor({ timeout: 10_000 });
    expect((await pastLines()).map((l) => /past outage (\d)/.exec(l)?.[1])).toEqual(
      Array.from({ length: PAST }, (_, i) => String(i + 1)),
    );
    expect(await card(HISTORY).getByRole('button', { name: 'Older outages' }).count()).toBe(0);
    expect(
      await page.evaluate('document.activeElement?.closest("article[data-source]")?.getAttribute("data-source")'),
    ).toBe(HISTORY);
    expect(outageReads).toEqual(['all', HISTORY]);

    // More outages than one page of 500: every source's latest six are in that one page. HEAVY
    // shows five and offers older ones; BEYOND, older than 490 of HEAVY's, shows its one.
    expect(await card(HEAVY).locator('.outages li').allTextContents()).toEqual(
      [0, 1, 2, 3, 4].map((i) => expect.stringContaining(`heavy outage ${i}`)),
    );
    expect(await card(BEYOND).locator('.outages li').allTextContents()).toEqual([
      expect.stringContaining('beyond the page'),
    ]);
    expect(await card(BEYOND).getByRole('button', { name: 'Older outages' }).count()).toBe(0);
    await card(HEAVY).getByRole('button', { name: 'Older outages' }).click();
    await card(HEAVY).locator('.outages li').nth(9).waitFor({ timeout: 10_000 });
    expect(await card(HEAVY).locator('.outages li').allTextContents()).toEqual(
      Array.from({ length: 10 }, (_, i) => expect.stringContaining(`heavy outage ${i}`)),
    );
    expect(outageReads).toEqual(['all', HISTORY, HEAVY]);

    // The last source goes down: its card comes first, with its ongoing outage.
    expect(await card(DOWN).locator('.outages p', { hasText: 'No outage recorded.' }).count()).toBe(1);
    down = true;
    const first = page.locator('article[data-source]').first();
    await page.locator(`article[data-source="${DOWN}"].source-down .outages li`).waitFor({ timeout: 30_000 });
    expect(await first.getAttribute('data-source')).toBe(DOWN);
    const line = (await card(DOWN).locator('.outages li').first().textContent()) ?? '';
    expect(line).toContain('ongoing');
    expect(line).toContain('FETCH_HTTP_ERROR');

    // Back up: the outage is shown ended.
    down = false;
    await page.locator(`article[data-source="${DOWN}"].source-ok .outages li`).waitFor({ timeout: 30_000 });
    await waitFor(
      async () =>
        ((await card(DOWN).locator('.outages li').first().textContent()) ?? '').includes('ongoing') ? undefined : true,
      10_000,
    );
    expect(await card(DOWN).locator('.outages li').count()).toBe(1);

    // Nothing asks again while nothing changes.
    const reads = outageReads.length;
    await page.waitForTimeout(4_000);
    expect(outageReads).toHaveLength(reads);
    // After the first, only the source that changed was read again (its own route).
    expect(outageReads.filter((r) => r === 'all')).toHaveLength(1);
    expect(new Set(outageReads)).toEqual(new Set(['all', HISTORY, HEAVY, DOWN]));
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
