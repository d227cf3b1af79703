import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { QueueName } from '../../src/infra/queue/jobs.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-env.js';

/**
 * A worker SIGKILLed during a poll (issue #11). Two worker processes (`dist/main.js`) share one
 * prefix and schema; the operator holds one answer 3 s so a poll is in flight, and the worker
 * running that poll job (BullMQ `processedBy`, host:pid) is killed. Its job's lock expires
 * (HUB_JOB_LOCK, 3 s here), the other worker finds it stalled and runs it again within seconds,
 * well before the next scheduled tick; polling goes on there, and history has no (facility,
 * observed_at) twice.
 */
const SOURCE = 'wkill';
const IDS = ['a', 'b'];
/**
 * BullMQ's worst case for the re-run: the lock expires up to JOB_LOCK after the kill, one stalled
 * check (every JOB_LOCK) marks the job, the next moves it back to wait: 3 × 3 s, plus the poll.
 * A 10 s interval left no margin on a loaded machine (the re-run finished past it once in CI).
 */
const RERUN_WITHIN_MS = 12_000;
const INTERVAL_MS = 15_000;
const HOLD_MS = 3_000;
const JOB_LOCK = '3s';

interface Request {
  at: number;
  held: boolean;
}

describe('a worker SIGKILLed during a poll: the job re-runs on another worker, no duplicate history', () => {
  const iso = isolation('worker_kill');
  const db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const polls = new Queue(QueueName.Poll, { connection: redis, prefix: `${iso.prefix}:bull` });
  const workers: HubProcess[] = [];
  const requests: Request[] = [];
  let operator: LocalOperator;
  let holdNext = false;

  const historyRows = async (): Promise<number> => {
    try {
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${iso.schema}".parking_observation`);
      return Number(rows[0].n);
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return 0; // not migrated yet
      throw error;
    }
  };

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.handle((_req, res) => {
      const held = holdNext;
      holdNext = false;
      requests.push({ at: Date.now(), held });
      const k = requests.length;
      const answer = (): void => {
        const ts = new Date().toISOString();
        const items = IDS.map((id, i) => ({
          id,
          name: `Parking ${id}`,
          lat: 46.58 + i * 0.001,
          lon: 0.34 + i * 0.001,
          free: (k * 7 + i) % 90,
          total: 100,
          ts,
        }));
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ items }));
      };
      if (held) setTimeout(answer, HOLD_MS);
      else answer();
    });
    const file = writeSources(`sources:
  - id: ${SOURCE}
    kind: parking
    format: json-mapping
    url: ${operator.url}
    interval: ${INTERVAL_MS / 1000}s
    timeout: 8s
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`);
    for (let i = 0; i < 2; i += 1) {
      workers.push(
        spawnHub({
          HUB_ROLE: 'worker',
          HUB_SOURCES: file,
          HUB_PREFIX: iso.prefix,
          HUB_DB_SCHEMA: iso.schema,
          DATABASE_URL: TEST_DATABASE_URL,
          REDIS_URL: TEST_REDIS_URL,
          HUB_JOB_LOCK: JOB_LOCK,
          HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
        }),
      );
    }
    // Boot can take long on a loaded box (two Nest processes at once).
    await Promise.all(workers.map((w) => w.waitForLine(/worker running/, 40_000)));
    // The first poll (at the scheduler's creation) is in history.
    await waitFor(async () => ((await historyRows()) >= IDS.length ? true : undefined), 20_000);
  }, 55_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await operator.close();
    await polls.close();
    redis.disconnect();
    await db.end();
    await iso.cleanup();
  });

  it('the stalled poll job runs again on the surviving worker within seconds; polling goes on; no row twice', async () => {
    // The next tick's request is held 3 s: that poll is in flight on one of the two workers.
    holdNext = true;
    const held = await waitFor(async () => requests.find((r) => r.held), INTERVAL_MS + 5_000, 50);
    const job = await waitFor(
      async () => {
        const active = await polls.getJobs(['active']);
        return active.find((j) => j.processedBy !== undefined);
      },
      2_000,
      50,
    );
    const victim = workers.find((w) =>
      job.processedBy === undefined ? false : job.processedBy.endsWith(`:${w.child.pid}`),
    );
    expect(victim).toBeDefined();
    const survivor = workers.find((w) => w !== victim) as HubProcess;
    victim?.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim?.exited;
    const jobId = job.id as string;

    // Re-run on the survivor once the lock expires: done well before the next tick would come.
    const rerun = await waitFor(
      async () => {
        const j = await polls.getJob(jobId);
        return j?.finishedOn !== undefined ? j : undefined;
      },
      INTERVAL_MS - (killedAt - held.at),
      100,
    );
    expect(rerun.processedBy).toBe(`${rerun.processedBy?.split(':')[0]}:${survivor.child.pid}`);
    expect(rerun.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(rerun.failedReason ?? '').toBe('');
    expect((rerun.finishedOn as number) - killedAt).toBeLessThan(RERUN_WITHIN_MS);
    // The re-run polled the operator again (it was due: the killed poll never recorded its outcome).
    const rerunRequest = requests.find((r) => r.at > killedAt);
    expect(rerunRequest).toBeDefined();
    expect((rerunRequest as Request).at - held.at).toBeLessThan(INTERVAL_MS);

    // The survivor keeps polling on schedule, and history grows with no (facility, observed_at) twice.
    const rowsAfterRerun = await waitFor(async () => {
      const n = await historyRows();
      return n >= IDS.length * 2 ? n : undefined;
    }, 10_000);
    await waitFor(
      async () => (requests.filter((r) => r.at > killedAt).length >= 2 ? true : undefined),
      INTERVAL_MS + 5_000,
    );
    await waitFor(async () => ((await historyRows()) > rowsAfterRerun ? true : undefined), 10_000);
    const { rows: twice } = await db.query(
      `SELECT facility_id, observed_at, count(*) AS n FROM "${iso.schema}".parking_observation
       GROUP BY facility_id, observed_at HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    expect(survivor.child.exitCode).toBeNull();
  }, 90_000);
});
