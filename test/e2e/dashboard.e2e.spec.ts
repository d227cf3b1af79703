import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import {
  CHROMIUM,
  demoCarParksSource,
  demoHubEnv,
  ensurePageBuilt,
  loopbackOnly,
  wireBytes,
} from '../support/dashboard-hub.js';
import { freePort } from '../support/free-port.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { isolation } from '../support/test-env.js';

/**
 * The dashboard (issue #14) in Debian's Chromium against a hub on the demo operators: the page,
 * its live updates, a car park's chart, departures with a GTFS-RT delay, feed health naming why a
 * source is down, French for a French browser. The browser may reach loopback only (the map tiles
 * are refused, as on a machine with no other host resolvable): the page must work without them.
 */
const ARTIFACTS = path.join(process.cwd(), 'test/artifacts');

const SOURCES = `
sources:${demoCarParksSource('1s')}
  - id: vitalis-gtfs
    kind: gtfs
    url: \${HUB_DEMO_URL}/gtfs.zip
    interval: 24h
    allowPrivateNetwork: true
  - id: vitalis-rt
    kind: gtfs-rt
    feed: vitalis-gtfs
    urls:
      tripUpdates: \${HUB_DEMO_URL}/gtfs-rt/trip-updates
      vehiclePositions: \${HUB_DEMO_URL}/gtfs-rt/vehicle-positions
      alerts: \${HUB_DEMO_URL}/gtfs-rt/alerts
    interval: 2s
    allowPrivateNetwork: true
  - id: broken-operator
    kind: parking
    format: json-mapping
    url: http://127.0.0.1:__CLOSED__/parkings.json
    interval: 500ms
    timeout: 1s
    allowPrivateNetwork: true
    mapping: { id: id }
  - id: odd-operator
    kind: parking
    format: json-mapping
    url: ./odd-operator.json
    interval: 2s
    mapping: { id: id, name: name, free: free, capacity: capacity }
`;

/** One good record and one without an id: the source is degraded with a MISSING_ID warning. */
const ODD_OPERATOR = JSON.stringify([{ id: 'a', name: 'ODD ONE', free: 3, capacity: 10 }, { name: 'no id here' }]);

/** A folder for the sources file with the odd operator's local file beside it. */
function sourcesDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-sources-'));
  writeFileSync(path.join(dir, 'odd-operator.json'), ODD_OPERATOR);
  return dir;
}

interface Listed<T> {
  data: T[];
}
interface DepartureLite {
  realtime: boolean;
  delay: number;
  status: string;
  tripId: string;
}

describe('dashboard in a browser (issue #14)', () => {
  const iso = isolation('dash');
  let hub: HubProcess;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ensurePageBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    const closed = await freePort();
    base = `http://127.0.0.1:${port}`;
    hub = spawnHub({
      ...demoHubEnv(iso, port),
      HUB_SOURCES: writeSources(SOURCES.replace('__CLOSED__', String(closed)), sourcesDir()),
      HUB_POLL_BACKOFF_MAX: '1s',
      HUB_ANON_RATE_LIMIT: '10000',
    });
    await hub.waitForLine(/API on http/);
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await hub.stop()).toBe(0);
    await iso.cleanup();
  });

  async function open(
    locale: string,
    hash = '',
    viewport = { width: 1280, height: 860 },
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale, viewport });
    await loopbackOnly(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/ERR_FAILED|net::/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${base}/${hash}`);
    return { context, page, problems };
  }

  it('serves the page and its assets without a key, with a CSP allowing its scripts and the tile host', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org/);
    const html = await res.text();
    expect(html).toContain('name="hub-map-tiles" content="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/nothing.js`)).status).toBe(404);
  });

  it('lists the demo car parks with their counts, and a change appears without a reload or polling', async () => {
    const { context, page, problems } = await open('en-GB');
    const rows = page.locator('#parkings tbody tr');
    await waitFor(async () => ((await rows.count()) >= 10 ? true : undefined), 20_000);
    const names = await page.locator('#parkings tbody th a').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['BLOSSAC TISON', 'NOTRE DAME', 'HOTEL DE VILLE']));
    const api = (await (await fetch(`${base}/v1/parkings`)).json()) as Listed<{ name: string; capacity: number }>;
    const blossac = api.data.find((p) => p.name === 'BLOSSAC TISON');
    const row = page.locator('#parkings tbody tr', { has: page.locator('a', { hasText: 'BLOSSAC TISON' }) });
    expect(await row.locator('td').nth(3).textContent()).toBe(String(blossac?.capacity));
    expect(await page.locator('.leaflet-marker-icon.pin').count()).toBeGreaterThanOrEqual(10);
    await waitFor(
      async () => ((await page.locator('#live-state').getAttribute('data-state')) === 'live' ? true : undefined),
      10_000,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png') });

    // A marker on this document: a reload would lose it. Count REST calls from now on.
    await page.evaluate('window.__noReload = 42');
    let restCalls = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/v1/')) restCalls++;
    });
    const freeCells = async (): Promise<string> =>
      (await page.locator('#parkings tbody td:nth-child(4)').allTextContents()).join('|');
    const before = await freeCells();
    await waitFor(async () => ((await freeCells()) !== before ? true : undefined), 30_000, 250);
    expect(await page.evaluate('window.__noReload')).toBe(42);
    expect(restCalls).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  // Bytes and time to the first car park are measured in `npm run bench -- dashboard`; only the weight is checked here.
  it('weighs under 400 kB on the wire (sizes by file in test/artifacts/page-weight.json)', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    await loopbackOnly(context);
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('requestfinished', (r) => requests.push(r));
    await page.goto(`${base}/`);
    await page.locator('#parkings tbody tr').first().waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    const { bytes: wire, files } = await wireBytes(requests);
    const figures = { date: new Date().toISOString(), wireBytes: wire, files };
    writeFileSync(path.join(ARTIFACTS, 'page-weight.json'), `${JSON.stringify(figures, null, 2)}\n`);
    expect(wire).toBeLessThan(400_000);
    await context.close();
  }, 30_000);

  it("shows a car park's chart when it is clicked", async () => {
    const { context, page, problems } = await open('en-GB');
    await page.locator('#parkings tbody th a', { hasText: 'BLOSSAC TISON' }).click();
    await page.waitForURL(/#\/parking\//);
    await waitFor(
      async () => ((await page.locator('#parking-title').textContent()) === 'BLOSSAC TISON' ? true : undefined),
      10_000,
    );
    await page.locator('#chart canvas').waitFor({ timeout: 10_000 });
    const points = Number(await page.locator('#chart').getAttribute('data-points'));
    expect(points).toBeGreaterThan(0);
    expect(await page.locator('#csv').getAttribute('href')).toBe(
      `/v1/parkings/${encodeURIComponent('poitiers-parkings:0')}/history?format=csv`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'parking.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it("gives the chart's times in the page's language", async () => {
    const { context, page, problems } = await open('fr-FR', `#/parking/${encodeURIComponent('poitiers-parkings:0')}`);
    await page.locator('#chart canvas').first().waitFor({ timeout: 10_000 });
    // Pointing at the chart puts that moment in the legend, as uPlot shows it.
    const timeIn = async (): Promise<string> => {
      const over = page.locator('#chart .u-over');
      const box = await over.boundingBox();
      if (box === null) throw new Error('chart not laid out');
      await over.hover({ position: { x: box.width - 10, y: box.height / 2 } });
      await over.hover({ position: { x: box.width - 5, y: box.height / 2 } });
      return (await page.locator('#chart .u-legend .u-series').first().locator('.u-value').textContent()) ?? '';
    };
    const weekday = (locale: string): string => new Date().toLocaleString(locale, { weekday: 'short' });
    const french = await waitFor(async () => {
      const text = await timeIn();
      return /\d\d:\d\d/.test(text) ? text : undefined;
    }, 10_000);
    // A weekday in French ("mer."), not uPlot's English default; the label too.
    expect(french.startsWith(weekday('fr-FR').slice(0, 3))).toBe(true);
    expect(await page.locator('#chart .u-legend .u-series').first().locator('.u-label').textContent()).toBe('heure');
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it('shows a GTFS-RT delay on the departures board of a stop', async () => {
    // A stop with a delayed real-time departure now (the demo delays some trips).
    const delayed = await waitFor(
      async () => {
        const stops = (await (await fetch(`${base}/v1/stops?limit=100`)).json()) as Listed<{ id: string }>;
        for (const stop of stops.data) {
          const deps = (await (
            await fetch(`${base}/v1/stops/${encodeURIComponent(stop.id)}/departures`)
          ).json()) as Listed<DepartureLite>;
          const late = deps.data.find((d) => d.realtime && d.delay >= 60 && d.status === 'delayed');
          if (late !== undefined) return { stop: stop.id, late };
        }
        return undefined;
      },
      40_000,
      1_000,
    );
    const { context, page, problems } = await open('en-GB', `#/departures/${encodeURIComponent(delayed.stop)}`);
    const cell = page.locator(`#board tr[data-trip="${delayed.late.tripId}"] td.delay`);
    await cell.waitFor({ timeout: 10_000 });
    expect(await cell.textContent()).toMatch(/^\+\d+ min$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'departures.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows a chosen route's vehicles on the map", async () => {
    const vehicle = await waitFor(
      async () => {
        const list = (await (await fetch(`${base}/v1/vehicles`)).json()) as Listed<{
          id: string;
          routeId: string | null;
        }>;
        return list.data.find((v) => v.routeId !== null);
      },
      30_000,
      500,
    );
    const { context, page, problems } = await open('en-GB');
    await page.locator(`#f-route option[value="${vehicle.routeId}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await page.locator('#f-route').selectOption(vehicle.routeId as string);
    await page.locator('.leaflet-marker-icon.bus').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#vehicle-count').textContent()).toMatch(/^[1-9]\d* vehicles on the map$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'vehicles.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows a source that is down in feed health, with its reason in words', async () => {
    await waitFor(
      async () => {
        const s = (await (await fetch(`${base}/v1/sources/broken-operator`)).json()) as { status: string };
        return s.status === 'down' ? true : undefined;
      },
      30_000,
      500,
    );
    const { context, page, problems } = await open('en-GB', '#/health');
    const card = page.locator('article[data-source="broken-operator"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.badge').textContent()).toBe('down');
    expect(await card.textContent()).toContain('the operator could not be reached');
    expect(await card.textContent()).toContain('FETCH_NETWORK');
    // Its outages are on the card at once, nothing to open.
    await card.locator('.outages li').first().waitFor({ timeout: 10_000 });
    expect(await card.locator('.outages li').first().textContent()).toContain('ongoing');
    expect(await card.locator('.outages li').first().textContent()).toContain('FETCH_NETWORK');
    // Warnings in words: the record the odd operator sent without an id.
    const odd = page.locator('article[data-source="odd-operator"]');
    await odd.locator('.warnings li').first().waitFor({ timeout: 10_000 });
    expect(await odd.locator('.warnings li').first().textContent()).toContain('a record had no id and was skipped');
    await page.screenshot({ path: path.join(ARTIFACTS, 'health.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('speaks French to a French browser, and switches to English', async () => {
    const { context, page, problems } = await open('fr-FR');
    await page.locator('#parkings tbody tr').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Parkings', 'État des flux', 'Départs']);
    expect(await page.locator('#parkings thead th').first().textContent()).toContain('Nom');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-fr.png') });
    await page.locator('#lang').click();
    expect(await page.locator('nav a').first().textContent()).toBe('Car parks');
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it('fits a phone screen and works from the keyboard', async () => {
    const { context, page, problems } = await open('en-GB', '', { width: 390, height: 844 });
    await page.locator('#parkings tbody tr').first().waitFor({ timeout: 10_000 });
    // No sideways scrolling of the page itself (the table scrolls in its own box).
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone.png'), fullPage: true });
    // Every control has a name; sorting by free places from the keyboard.
    const unnamed = await page.evaluate(
      "[...document.querySelectorAll('button, input, select, a[href]')].filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim() || (el.id && document.querySelector('label[for=\"' + el.id + '\"]')) || el.closest('label') || el.getAttribute('title'))).map((el) => el.outerHTML.slice(0, 80))",
    );
    expect(unnamed).toEqual([]);
    await page.locator('button[data-sort="free"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('th[aria-sort="descending"] button[data-sort="free"]').count()).toBe(1);
    const free = (await page.locator('#parkings tbody td:nth-child(4)').allTextContents()).map((t) =>
      Number(t.replace(/\D/g, '')),
    );
    expect(free).toEqual([...free].sort((a, b) => b - a));
    // A car park's marker without tabbing through every marker: its row's "show on the map" button
    // (named after the car park) focuses the marker, Escape comes back to the row, Enter on the
    // marker opens the car park's page.
    const firstRow = page.locator('#parkings tbody tr').first();
    const name = (await firstRow.locator('th a').textContent()) ?? '';
    const id = (await firstRow.getAttribute('data-id')) ?? '';
    const toMap = firstRow.locator('button.to-map');
    expect(await toMap.getAttribute('aria-label')).toBe(`Show ${name} on the map`);
    await toMap.focus();
    await page.keyboard.press('Enter');
    const focusedMarker = async (): Promise<string | null> =>
      (await page.evaluate('document.activeElement?.getAttribute("data-parking") ?? null')) as string | null;
    expect(await focusedMarker()).toBe(id);
    expect(String(await page.evaluate('document.activeElement.getAttribute("aria-label")'))).toContain(`${name}: `);
    await page.keyboard.press('Escape');
    expect(await page.evaluate('document.activeElement?.closest("tr")?.getAttribute("data-id") ?? null')).toBe(id);
    await page.keyboard.press('Enter');
    expect(await focusedMarker()).toBe(id);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash === `#/parking/${encodeURIComponent(id)}`);
    await page.goBack();
    await page.locator('#parkings tbody tr').first().waitFor({ timeout: 10_000 });
    // A car park's page from the keyboard: focus its link, Enter.
    await page.locator('#parkings tbody th a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/parking\//);
    await page.locator('#chart canvas').waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);

  it("moves between the map's markers with the arrow keys, Home and End, in the list's order", async () => {
    const { context, page, problems } = await open('en-GB');
    await page.locator('#parkings tbody tr button.to-map').first().waitFor({ timeout: 10_000 });
    await page.locator('.leaflet-marker-icon.pin').nth(9).waitFor({ timeout: 10_000 });
    /** The located car parks' ids and names in the list's order, as shown now. */
    const listed = async (): Promise<Array<{ id: string; name: string }>> =>
      (await page.evaluate(
        "[...document.querySelectorAll('#parkings tbody tr')].filter((r) => r.querySelector('button.to-map')).map((r) => ({ id: r.dataset.id, name: r.querySelector('th a').textContent }))",
      )) as Array<{ id: string; name: string }>;
    const focused = async (): Promise<{ id: string | null; label: string | null; role: string | null }> =>
      (await page.evaluate(
        '({ id: document.activeElement?.getAttribute("data-parking") ?? null, label: document.activeElement?.getAttribute("aria-label") ?? null, role: document.activeElement?.getAttribute("role") ?? null })',
      )) as { id: string | null; label: string | null; role: string | null };
    const rows = await listed();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const at = async (i: number): Promise<void> => {
      const f = await focused();
      expect(f.id).toBe(rows[i].id);
      // Still a button named after its car park and its free places.
      expect(f.role).toBe('button');
      expect(f.label).toContain(`${rows[i].name}: `);
    };
    await page.locator('#parkings tbody tr button.to-map').first().focus();
    await page.keyboard.press('Enter');
    await at(0);
    // A visible focus ring.
    const ring = (await page.evaluate(
      '(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.outlineWidth; })()',
    )) as string;
    expect(ring).toBe('solid 3px');
    for (const [key, i] of [
      ['ArrowRight', 1],
      ['ArrowDown', 2],
      ['ArrowLeft', 1],
      ['ArrowUp', 0],
      ['ArrowUp', 0],
      ['End', rows.length - 1],
      ['ArrowDown', rows.length - 1],
      ['ArrowLeft', rows.length - 2],
      ['Home', 0],
    ] as const) {
      await page.keyboard.press(key);
      await at(i);
    }
    // The last marker panned into the map's box.
    const mapBox = (await page.locator('#map').boundingBox()) as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
    await page.keyboard.press('End');
    const pin = (await page.locator(':focus').boundingBox()) as { x: number; y: number; width: number; height: number };
    expect(pin.x).toBeGreaterThanOrEqual(mapBox.x);
    expect(pin.x + pin.width).toBeLessThanOrEqual(mapBox.x + mapBox.width);
    expect(pin.y).toBeGreaterThanOrEqual(mapBox.y);
    expect(pin.y + pin.height).toBeLessThanOrEqual(mapBox.y + mapBox.height);
    // The list sorted the other way: the arrows follow it.
    await page.locator('button[data-sort="name"]').click();
    await page.locator('th[aria-sort="descending"] button[data-sort="name"]').waitFor();
    const reversed = await listed();
    expect(reversed.map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
    await page.locator('#parkings tbody tr button.to-map').first().focus();
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe(reversed[0].id);
    await page.keyboard.press('ArrowRight');
    expect((await focused()).id).toBe(reversed[1].id);
    await page.keyboard.press('End');
    expect((await focused()).id).toBe(rows[0].id);
    expect(problems).toEqual([]);
    await context.close();
  }, 30_000);
});

describe('dashboard with HUB_REQUIRE_API_KEY=true, across a hub restart (issue #14)', () => {
  const iso = isolation('dashkey');
  const ADMIN = 'dashboard-admin-token-0123456789';
  let hub: HubProcess | undefined;
  let base: string;
  let port: number;
  let browser: Browser;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-data-'));
  let sourcesFile: string;

  async function start(): Promise<void> {
    hub = spawnHub({
      ...demoHubEnv(iso, port, dataDir),
      HUB_SOURCES: sourcesFile,
      HUB_REQUIRE_API_KEY: 'true',
      HUB_ADMIN_TOKEN: ADMIN,
      HUB_MAP_TILES: 'off',
    });
    await hub.waitForLine(/API on http/);
  }

  beforeAll(async () => {
    ensurePageBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sourcesFile = writeSources(SOURCES.split('  - id: vitalis-gtfs')[0]);
    await start();
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (hub !== undefined) expect(await hub.stop()).toBe(0);
    await iso.cleanup();
  });

  it('asks for a key, works once one is entered, shows "Reconnecting…" while the hub is away and resumes live', async () => {
    const created = (await (
      await fetch(`${base}/v1/admin/keys`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'dashboard e2e' }),
      })
    ).json()) as { key: string };
    expect(created.key).toMatch(/^mh_/);

    const context = await browser.newContext({ locale: 'en-GB' });
    await loopbackOnly(context);
    const page = await context.newPage();
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(200);
    // Without a key: the page is there and says what it needs.
    await page.locator('#notice').waitFor({ timeout: 10_000 });
    expect(await page.locator('#notice').textContent()).toContain('requires an API key');
    expect(await page.locator('#key-form').isVisible()).toBe(true);
    await page.locator('#key-input').fill(created.key);
    await Promise.all([page.waitForEvent('load'), page.locator('#key-form button[type="submit"]').click()]);
    await waitFor(async () => ((await page.locator('#parkings tbody tr').count()) >= 10 ? true : undefined), 20_000);
    await waitFor(
      async () => ((await page.locator('#live-state').getAttribute('data-state')) === 'live' ? true : undefined),
      10_000,
    );
    expect(await page.locator('#notice').isHidden()).toBe(true);

    // The hub stops: the page says so; it comes back on the same port: live again, changes arrive.
    await page.evaluate('window.__noReload = 7');
    expect(await hub?.stop()).toBe(0);
    await waitFor(
      async () => ((await page.locator('#live-state').textContent()) === 'Reconnecting…' ? true : undefined),
      15_000,
      100,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'reconnecting.png') });
    await start();
    await waitFor(
      async () => ((await page.locator('#live-state').getAttribute('data-state')) === 'live' ? true : undefined),
      30_000,
      200,
    );
    const freeCells = async (): Promise<string> =>
      (await page.locator('#parkings tbody td:nth-child(4)').allTextContents()).join('|');
    const before = await freeCells();
    await waitFor(async () => ((await freeCells()) !== before ? true : undefined), 30_000, 250);
    expect(await page.evaluate('window.__noReload')).toBe(7);
    await context.close();
  }, 120_000);

  it("says in words, with the hub's Retry-After, when the key's quota is used up", async () => {
    const created = (await (
      await fetch(`${base}/v1/admin/keys`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'dashboard e2e, tiny quota', perMinute: 2 }),
      })
    ).json()) as { key: string };
    // The quota is spent before the page asks: its first read gets the hub's 429.
    const spent = async (): Promise<Response> => fetch(`${base}/v1/sources`, { headers: { 'X-API-Key': created.key } });
    await spent();
    await spent();
    const refused = await spent();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);

    const context = await browser.newContext({ locale: 'en-GB' });
    await loopbackOnly(context);
    await context.addInitScript(`localStorage.setItem('hub.apiKey', ${JSON.stringify(created.key)})`);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('#notice').waitFor({ timeout: 10_000 });
    const text = (await page.locator('#notice').textContent()) ?? '';
    expect(text).toMatch(/^Too many requests: the hub asks to wait (\d+) s\.$/);
    const shown = Number(/wait (\d+) s/.exec(text)?.[1]);
    // The hub's own figure (a second or two may pass between the two reads).
    expect(Math.abs(shown - retryAfter)).toBeLessThanOrEqual(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rate-limited.png') });
    await context.close();
  }, 60_000);
});
