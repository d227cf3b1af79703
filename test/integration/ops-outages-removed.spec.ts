import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { SourceOutageRepository } from '../../src/infra/database/source-outage.repository.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { OpsProbes } from '../support/ops-probes.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

/** An outage no poll can close any more: its source left sources.yaml while down. */
describe('outages of sources removed from the config', () => {
  const iso = isolation('ops_removed');
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-removed-'));
  const both = (op: LocalOperator) => `sources:${jsonFeedSource('broken', op.url)}${jsonFeedSource('kept', op.url)}`;
  const keptOnly = (op: LocalOperator) => `sources:${jsonFeedSource('kept', op.url)}`;
  let operator: LocalOperator;
  let hub: RunningHub | undefined;
  let probes: OpsProbes;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.handle((_req, res) => res.writeHead(503).end('down for maintenance'));
    probes = new OpsProbes(iso.prefix, iso.schema);
    await client.connect();
  });

  afterAll(async () => {
    await hub?.close();
    await probes.close();
    await client.end();
    await operator.close();
    await iso.cleanup();
  });

  async function start(yaml: string): Promise<RunningHub> {
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(yaml, dir) }));
    return hub;
  }

  it('a source removed (SIGHUP reload) while down has its outage closed, reason source-removed', async () => {
    const running = await start(both(operator));
    const poller = running.app.get(PollSourceService);
    for (let i = 0; i < 5; i += 1) await poller.poll('broken').catch(() => undefined);
    await waitFor(async () => ((await probes.outageRows('broken')).length === 1 ? true : undefined));

    writeSources(keptOnly(operator), dir);
    const before = Date.now();
    await running.app.get(SourceRegistry).reload(); // what SIGHUP runs
    const [closed] = await waitFor(async () => {
      const rows = await probes.outageRows('broken');
      return rows[0]?.ended_at !== null ? rows : undefined;
    });
    expect(closed).toMatchObject({ end_reason: 'source-removed', cause_code: 'FETCH_HTTP_ERROR' });
    expect(closed.polls_failed).toBeGreaterThanOrEqual(5);
    expect(closed.ended_at?.getTime()).toBeGreaterThanOrEqual(before - 1);

    // Added back, it starts afresh: no failure run carried over, no second close of the old row.
    writeSources(both(operator), dir);
    await running.app.get(SourceRegistry).reload();
    const health = (await (await fetch(`${running.url}/v1/sources/broken`)).json()) as {
      status: string;
      consecutiveFailures: number;
    };
    expect(health.status).not.toBe('down');
    expect(health.consecutiveFailures).toBeLessThan(5);
    expect(await probes.outageRows('broken')).toEqual([expect.objectContaining({ end_reason: 'source-removed' })]);
  });

  it('at start, an open outage of a source no longer configured is closed (row known to Postgres only)', async () => {
    await hub?.close();
    hub = undefined;
    await client.query(
      `INSERT INTO "${iso.schema}".source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed)
       VALUES ('ghost', '2026-11-28T08:00:00Z', NULL, 'FETCH_TIMEOUT', 'no answer', 7),
              ('kept', '2026-11-28T08:00:00Z', NULL, 'FETCH_TIMEOUT', 'no answer', 5)`,
    );
    await start(keptOnly(operator));
    const [ghost] = await waitFor(async () => {
      const rows = await probes.outageRows('ghost');
      return rows[0]?.ended_at !== null ? rows : undefined;
    });
    expect(ghost).toMatchObject({ end_reason: 'source-removed', polls_failed: 7, cause_code: 'FETCH_TIMEOUT' });
    // A configured source's outage is left to its polls.
    expect(await probes.outageRows('kept')).toEqual([expect.objectContaining({ ended_at: null, end_reason: null })]);
  });

  it('retention deletes outages that ended before it, never open ones', async () => {
    const db = new DatabaseService(testConfig(iso));
    try {
      const repo = new SourceOutageRepository(db);
      const cause = { code: 'FETCH_TIMEOUT', message: 'no answer' };
      await repo.write({
        sourceId: 'kept',
        startedAt: '2020-01-01T00:00:00.000Z',
        endedAt: '2020-01-02T00:00:00.000Z',
        cause,
        pollsFailed: 5,
        endReason: 'recovered',
      });
      expect(await repo.prune(new Date('2026-01-01T00:00:00Z'))).toBe(1);
      const rows = await probes.outageRows('kept');
      expect(rows.map((r) => r.started_at.toISOString())).toEqual(['2026-11-28T08:00:00.000Z']);
      expect((await repo.open()).map((o) => o.sourceId)).toEqual(['kept']);
    } finally {
      await db.onApplicationShutdown();
    }
  });
});
