import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type AppConfig, loadAppConfig } from '../../src/config/app-config.js';

/** The real servers tests use (CI starts them; see .ci/run). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh Redis prefix and Postgres schema for one test file, so runs never collide. */
export interface Isolation {
  prefix: string;
  schema: string;
  cleanup(): Promise<void>;
}

export function isolation(label: string): Isolation {
  const suffix = `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  const prefix = `test_${suffix}`;
  const schema = `t_${suffix}`;
  return {
    prefix,
    schema,
    async cleanup() {
      await deleteRedisPrefix(prefix);
      await dropSchema(schema);
    },
  };
}

/** Drops a Postgres schema and everything in it (a test's or a bench's own). */
export async function dropSchema(schema: string, databaseUrl = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** History retention of test hubs: 20 years, so that dated fixtures are history, not "older than the retention". */
export const FIXTURE_RETENTION_MS = 20 * 365 * 86_400_000;

/** AppConfig for an in-process hub on the test servers. */
export function testConfig(iso: Isolation, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadAppConfig({
    HUB_SOURCES: 'unused.yaml',
    HUB_PREFIX: iso.prefix,
    HUB_DB_SCHEMA: iso.schema,
    PORT: '0',
  });
  return {
    ...base,
    redisUrl: TEST_REDIS_URL,
    databaseUrl: TEST_DATABASE_URL,
    host: '127.0.0.1',
    // Fixtures are dated 2022-2026: a retention that keeps their history (the default 400 days would not).
    historyRetentionMs: FIXTURE_RETENTION_MS,
    ...overrides,
  };
}
