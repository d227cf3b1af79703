import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import path from 'node:path';
import { type ApiKeyRecord } from '../access/api-key.model.js';
import { ApiKeyService } from '../access/api-key.service.js';
import { loadAppConfig } from '../config/app-config.js';
import { ApiKeyRepository } from '../infra/database/api-key.repository.js';
import { DatabaseService } from '../infra/database/database.service.js';
import { ensurePostgres, reportBootstrapError } from '../infra/bootstrap/ensure-services.js';
import { KEYS_USAGE, type KeysCommand, parseKeysArgs } from './keys-args.js';

/**
 * API key management from a shell, on the Postgres the hub uses (same DATABASE_URL /
 * HUB_DB_SCHEMA resolution). The key is printed once, on create; afterwards only its prefix.
 */
async function main(): Promise<void> {
  // Migration notices would mix with the key on stdout: only warnings and errors, on stderr.
  Logger.overrideLogger(['error', 'warn']);
  const parsed = parseKeysArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${KEYS_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const env = loadAppConfig();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const pg = await ensurePostgres({
    url: env.databaseUrl,
    dataDir: path.join(env.dataDir, 'pg'),
    log,
    probeHost: env.localPostgres.host,
    probePort: env.localPostgres.port,
  });
  const db = new DatabaseService({ ...env, databaseUrl: pg.url });
  try {
    const keys = new ApiKeyService(new ApiKeyRepository(db));
    await run(parsed, keys, env.access.defaultKeyPerMinute);
  } finally {
    await db.onApplicationShutdown();
    await pg.stop();
  }
}

async function run(cmd: KeysCommand, keys: ApiKeyService, defaultPerMinute: number): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  switch (cmd.command) {
    case 'create': {
      const { key, record } = await keys.create(cmd.name, cmd.perMinute ?? defaultPerMinute);
      out(`key: ${key}`);
      out(describe(record));
      out('This is the only time the key is shown: the hub keeps its SHA-256 only.');
      return;
    }
    case 'list': {
      const all = await keys.list();
      if (all.length === 0) out('no API keys');
      for (const record of all) out(describe(record));
      return;
    }
    case 'revoke':
      out(`revoked ${describe(await keys.revoke(cmd.idOrPrefix))}`);
      return;
  }
}

function describe(r: ApiKeyRecord): string {
  const state = r.revokedAt === null ? 'active' : `revoked ${r.revokedAt}`;
  return `${r.id}  ${r.prefix}…  ${JSON.stringify(r.name)}  ${r.perMinute}/min  created ${r.createdAt}  ${state}`;
}

main().catch((error: unknown) => {
  if (reportBootstrapError(error)) return;
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
