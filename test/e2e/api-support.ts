import path from 'node:path';
import type { AppConfig } from '../../src/config/app-config.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { type Isolation, testConfig } from '../support/test-env.js';

/** The Herrenberg ParkAPI v1 file (25 lots), polled from disk like any operator URL. */
export const HERRENBERG = path.join(process.cwd(), 'test/fixtures/parkapi/parkapi-v1-herrenberg.json');

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function herrenbergSources(interval = '24h'): string {
  return writeSources(`sources:
  - id: herrenberg
    kind: parking
    format: parkapi
    url: ${HERRENBERG}
    interval: ${interval}
`);
}

/** A hub on the Herrenberg file, with the given access settings; resolves once the lots are served. */
export async function startHerrenbergHub(
  iso: Isolation,
  overrides: Partial<AppConfig> = {},
  access: Partial<AppConfig['access']> = {},
): Promise<RunningHub> {
  const base = testConfig(iso, { sourcesPath: herrenbergSources() });
  const hub = await startHub({
    ...base,
    ...overrides,
    access: { ...base.access, adminToken: ADMIN_TOKEN, anonymousPerMinute: 10_000, ...access },
  });
  await waitFor(async () => {
    const res = await fetch(`${hub.url}/v1/sources/herrenberg`);
    const body = (await res.json()) as { lastSuccessAt?: string | null };
    return body.lastSuccessAt ? true : undefined;
  });
  return hub;
}
