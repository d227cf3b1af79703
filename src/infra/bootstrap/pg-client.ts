import pg from 'pg';

export type PgClient = pg.Client;
export type PgClientConfig = pg.ClientConfig;

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
