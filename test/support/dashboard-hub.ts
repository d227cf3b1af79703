import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Request } from 'playwright-core';
import { TEST_DATABASE_URL, type Isolation } from './test-env.js';

/** What the dashboard's browser tests and bench share (issue #14): Debian's Chromium, a demo hub, the page's bytes. */

/** Debian's Chromium (apt-get install chromium), driven by playwright-core with `executablePath`. */
export const CHROMIUM = '/usr/bin/chromium';

/** npm test builds the page (pretest: npm run build); "nest build" alone empties dist/, page included. */
export function ensurePageBuilt(): void {
  if (!existsSync(path.join(process.cwd(), 'dist/web/index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'ignore' });
  }
}

/** The demo operator's Poitiers car parks as a sources.yaml entry (under `sources:`), polled every `interval`. */
export function demoCarParksSource(interval: string): string {
  return `
  - id: poitiers-parkings
    kind: parking
    format: opendatasoft
    url: \${HUB_DEMO_URL}/parkings/records
    interval: ${interval}
    allowPrivateNetwork: true
    mapping: { free: places, observedAt: derniere_mise_a_jour_base }
    statusValues: { open: [OUVERT], closed: [FERME], full: [COMPLET] }`;
}

/**
 * The environment of a built hub (spawnHub) on 127.0.0.1:`port` with the demo operators, in `iso`'s Redis
 * prefix and Postgres schema, its data in `dataDir` (a new temporary folder unless given); the caller adds
 * HUB_SOURCES and the rest.
 */
export function demoHubEnv(
  iso: Pick<Isolation, 'prefix' | 'schema'>,
  port: number,
  dataDir = mkdtempSync(path.join(tmpdir(), 'hub-data-')),
): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    HUB_PREFIX: iso.prefix,
    HUB_DB_SCHEMA: iso.schema,
    DATABASE_URL: TEST_DATABASE_URL,
    HUB_DATA_DIR: dataDir,
    HUB_DEMO: 'true',
  };
}

/** Only loopback answers in `context`: the map tiles (OpenStreetMap by default) and any other host are refused. */
export async function loopbackOnly(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
}

/** Bytes on the wire of finished requests (encoded bodies, as sent, plus headers): in all and by path. */
export async function wireBytes(requests: Request[]): Promise<{ bytes: number; files: Record<string, number> }> {
  const files: Record<string, number> = {};
  let bytes = 0;
  for (const r of requests) {
    const sizes = await r.sizes();
    const b = sizes.responseBodySize + sizes.responseHeadersSize;
    bytes += b;
    const p = new URL(r.url()).pathname;
    files[p] = (files[p] ?? 0) + b;
  }
  return { bytes, files };
}
