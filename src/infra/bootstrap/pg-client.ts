import { createRequire } from 'node:module';

/**
 * The slice of node-postgres this folder uses. The project has no @types/pg, and a global
 * `declare module 'pg'` would clash with it the day someone installs it, so the module is
 * loaded with require and given this local shape.
 */
export interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): void;
  escapeIdentifier(name: string): string;
}

export interface PgClientConfig {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  connectionString?: string;
  connectionTimeoutMillis?: number;
}

interface PgModule {
  Client: new (config: PgClientConfig) => PgClient;
}

const pg = createRequire(import.meta.url)('pg') as PgModule;

/** A client whose late socket errors are swallowed: callers see failures through their awaits. */
export function newPgClient(config: PgClientConfig): PgClient {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  return client;
}

/** Runs `work` on a short-lived connection and always closes it. */
export async function withPgClient<T>(config: PgClientConfig, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = newPgClient(config);
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabaseIfMissing(client: PgClient, database: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount !== 0) return false;
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  return true;
}
