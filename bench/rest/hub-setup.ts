import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { generateApiKey } from '../../src/access/api-key.model.js';
import { AppModule } from '../../src/app.module.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { freePort } from '../../test/support/free-port.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/support/test-env.js';
import { startTarget, type Target } from './processes.js';

/** The compiled tree's root (dist-bench/), where src/main.js and bench/ live. */
export const BENCH_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchScript = (relative: string): string => path.join(BENCH_ROOT, relative);

/** The sources file's source(s) polled once by a worker until `size` states are stored, then stopped: the servers only read. */
export async function seedLiveState(env: Record<string, string>, size: number): Promise<void> {
  const config = {
    ...loadAppConfig({ ...env, HUB_ROLE: 'worker', PORT: '0' }),
    redisUrl: TEST_REDIS_URL,
    databaseUrl: TEST_DATABASE_URL,
  };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, {}), { logger: ['error'] });
  await app.init();
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await app.get(DatabaseService).dataSource();
    const deadline = Date.now() + 60_000;
    while ((await redis.hlen(`${env.HUB_PREFIX}:parking:state`)) < size) {
      if (Date.now() > deadline) throw new Error(`${size} car parks not ingested within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    redis.disconnect();
    await app.close();
  }
}

/** An API key with a quota no bench reaches, in the hub's schema. */
export async function insertKey(schema: string): Promise<string> {
  const { key, prefix, hash } = generateApiKey();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "${schema}".api_key (name, prefix, key_hash, per_minute) VALUES ('bench', $1, $2, 100000000)`,
      [prefix, hash],
    );
  } finally {
    await client.end();
  }
  return key;
}

/** The real hub (dist main.js), HUB_ROLE=api, production logging (a JSON access line per request). */
export async function startHub(
  env: Record<string, string>,
  probePath: string,
  headers: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Target> {
  const port = await freePort();
  const hubEnv = { ...env, HUB_ROLE: 'api', PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'log' };
  return startTarget(benchScript('src/main.js'), [], hubEnv, port, probePath, headers, nodeArgs);
}
