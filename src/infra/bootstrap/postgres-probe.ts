import { describeError, errorCode } from './bootstrap-errors.js';
import { createDatabaseIfMissing, withPgClient } from './pg-client.js';

export interface LocalPostgres {
  url: string;
  user: string;
  created: boolean;
}

export interface LocalPostgresProbe {
  host: string;
  port: number;
  database: string;
  /** Tried in order, without password (trust auth), or with PGPASSWORD when the operator set it. */
  users: string[];
  timeoutMs?: number;
}

/**
 * Connects to the `postgres` maintenance database (the target database may not exist yet)
 * and creates `database` when missing. Returns the reason per user when none works.
 */
export async function probeLocalPostgres(probe: LocalPostgresProbe): Promise<LocalPostgres | string> {
  const failures: string[] = [];
  for (const user of probe.users) {
    try {
      const created = await ensureDatabase(probe, user);
      const url = `postgres://${encodeURIComponent(user)}@${probe.host}:${probe.port}/${encodeURIComponent(probe.database)}`;
      return { url, user, created };
    } catch (err) {
      failures.push(`${user}: ${describeError(err)}`);
      if (isConnectionRefused(err)) break;
    }
  }
  return failures.join('; ');
}

function ensureDatabase(probe: LocalPostgresProbe, user: string): Promise<boolean> {
  const config = {
    host: probe.host,
    port: probe.port,
    user,
    database: 'postgres',
    connectionTimeoutMillis: probe.timeoutMs ?? 2000,
  };
  return withPgClient(config, (client) => createDatabaseIfMissing(client, probe.database));
}

/** Nobody listens: trying another user name cannot help. */
function isConnectionRefused(err: unknown): boolean {
  return errorCode(err) === 'ECONNREFUSED';
}
