import path from 'node:path';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/app-config.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { type Isolation, TEST_REDIS_URL, testConfig } from '../support/test-env.js';

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
  // Read from Redis, not through the API: with HUB_REQUIRE_API_KEY the API answers 401.
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await waitFor(async () => {
      const json = await redis.hget(`${iso.prefix}:source:health`, 'herrenberg');
      return json !== null && (JSON.parse(json) as { lastSuccessAt?: string | null }).lastSuccessAt ? true : undefined;
    });
  } finally {
    redis.disconnect();
  }
  return hub;
}
