import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Request } from 'playwright-core';
import { CHROMIUM as DEBIAN_CHROMIUM, demoHubEnv, loopbackOnly, wireBytes } from '../test/support/dashboard-hub.js';
import { freePort } from '../test/support/free-port.js';
import { spawnHub } from '../test/support/hub-process.js';
import { isolation } from '../test/support/test-env.js';
import { report } from './bench-result.js';

/**
 * The dashboard's first view (issue #14): bytes on the wire and time to the first car park on
 * screen, in Debian's Chromium (playwright-core with `executablePath`) against the built hub
 * (dist/main.js) on the demo operators (config/sources.yaml, HUB_DEMO=true), loopback only (the
 * map tiles are refused). One warm-up view, then RUNS views, each in a fresh browser context
 * (empty cache): the sum of the responses' encoded sizes (bodies as sent, compressed, plus
 * headers) until no request is in flight for 500 ms (the live feed's open long-poll aside), and the page's own `performance` mark `first-parking`
 * (set when the list first shows a car park; from navigation start).
 */
const CHROMIUM = process.env.CHROMIUM ?? DEBIAN_CHROMIUM;
const RUNS = 7;
const BUDGET_BYTES = 400_000;
const BUDGET_MS = 5_000;
const root = process.cwd();

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing (apt-get install chromium)`);
  if (!existsSync(path.join(root, 'dist/main.js'))) execFileSync('npx', ['nest', 'build'], { stdio: 'inherit' });
  // The page as the sources are now (vite writes dist/web only).
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  const iso = isolation('bench_dash');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const hub = spawnHub({
    ...demoHubEnv(iso, port),
    HUB_SOURCES: path.join(root, 'config/sources.yaml'),
    HUB_ANON_RATE_LIMIT: '100000',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    await hub.waitForLine(/API on http/, 60_000);
    await demoCarParksListed(base);
    const loadBefore = os.loadavg()[0];
    const views: View[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const view = await firstView(browser, base);
      if (i > 0) views.push(view);
    }
    const loadAfter = os.loadavg()[0];
    const bytes = views.map((v) => v.bytes);
    const ms = views.map((v) => v.firstParkingMs);
    const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
    const bytesOk = Math.max(...bytes) <= BUDGET_BYTES;
    const msOk = Math.max(...ms) <= BUDGET_MS;
    process.stderr.write(
      `dashboard: bytes on the wire median ${median(bytes)} max ${Math.max(...bytes)} (budget ${BUDGET_BYTES}): ${verdict(bytesOk)}\n` +
        `dashboard: first car park median ${median(ms)} ms max ${Math.max(...ms)} ms (budget ${BUDGET_MS} ms): ${verdict(msOk)}\n`,
    );
    const heaviest = views.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    report({
      bench: 'dashboard',
      metrics: [
        { metric: `bytes on the wire, first view, median of ${RUNS}`, value: median(bytes), unit: 'B' },
        {
          metric: `bytes on the wire, first view, max of ${RUNS}`,
          value: Math.max(...bytes),
          unit: 'B',
          goal: `<= ${BUDGET_BYTES}`,
        },
        { metric: `first car park shown, median of ${RUNS}`, value: median(ms), unit: 'ms' },
        { metric: `first car park shown, max of ${RUNS}`, value: Math.max(...ms), unit: 'ms', goal: `<= ${BUDGET_MS}` },
      ],
      notes: [
        `${verdict(bytesOk)} bytes (max ${Math.max(...bytes)} <= ${BUDGET_BYTES}), ${verdict(msOk)} first car park (max ${Math.max(...ms)} ms <= ${BUDGET_MS} ms)`,
        `first car park per view (ms): ${ms.join(', ')}; bytes per view: ${bytes.join(', ')}`,
        `heaviest view by path (B): ${Object.entries(heaviest.files)
          .map(([p, b]) => `${p} ${b}`)
          .join(', ')}`,
        `load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)} on ${os.cpus().length} cores`,
      ],
    });
  } finally {
    await browser.close();
    await hub.stop();
    await iso.cleanup();
  }
}

interface View {
  bytes: number;
  firstParkingMs: number;
  files: Record<string, number>;
}

async function firstView(browser: Awaited<ReturnType<typeof chromium.launch>>, base: string): Promise<View> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
  try {
    // Only loopback answers: the map tiles (OpenStreetMap by default) are refused.
    await loopbackOnly(context);
    const page = await context.newPage();
    const finished: Request[] = [];
    const pending = new Set<Request>();
    page.on('request', (r) => {
      // The live feed's long-poll stays open by design: what it has answered counts, its wait does not.
      if (!new URL(r.url()).pathname.startsWith('/socket.io/')) pending.add(r);
    });
    page.on('requestfinished', (r) => {
      pending.delete(r);
      finished.push(r);
    });
    page.on('requestfailed', (r) => pending.delete(r));
    await page.goto(`${base}/`);
    await page.locator('#parkings tbody tr').first().waitFor({ timeout: 30_000 });
    await quiet(pending);
    const firstParkingMs = Number(await page.evaluate("performance.getEntriesByName('first-parking')[0].startTime"));
    const { bytes, files } = await wireBytes(finished);
    return { bytes, firstParkingMs: Math.round(firstParkingMs), files };
  } finally {
    await context.close();
  }
}

/** No request of the page in flight for 500 ms (at most 15 s). */
async function quiet(pending: Set<Request>): Promise<void> {
  const deadline = Date.now() + 15_000;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (pending.size > 0) since = Date.now();
    else if (Date.now() - since >= 500) return;
    await sleep(50);
  }
  throw new Error(`still in flight after 15 s: ${[...pending].map((r) => r.url()).join(', ')}`);
}

/** The demo operator's car parks are in /v1/parkings (the first poll is done). */
async function demoCarParksListed(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const count = await fetch(`${base}/v1/parkings`).then(
      async (r) => (r.ok ? ((await r.json()) as { data: unknown[] }).data.length : 0),
      () => 0,
    );
    if (count >= 10) return;
    await sleep(250);
  }
  throw new Error('the demo car parks were not listed within 60 s');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
