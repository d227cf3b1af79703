import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueRepository } from '../../src/infra/queue/queue.repository.js';
import { jsonFeed } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { Scrape } from '../support/ops-probes.js';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { isolation, testConfig, type Isolation } from '../support/test-env.js';

/**
 * "It heals itself" (issue #11): the poll schedules live in Redis (BullMQ job schedulers). When
 * Redis loses them (FLUSHALL, a restart without persistence, someone removing them), polling
 * must come back by itself, say so in the log, and until then the source must read `down` with
 * a code where operators look. Each test runs its own redis-server, so the shared one stays up.
 */
const SOURCE = 'heal';

interface SourceBody {
  status: string;
  lastPollAt: string | null;
  lastError?: { code: string; message: string };
}
interface ParkingsBody {
  data: Array<{ id: string; free: number | null }>;
}

function sourcesYaml(url: string, interval: string): string {
  return `sources:
  - id: ${SOURCE}
    kind: parking
    format: json-mapping
    url: ${url}
    interval: ${interval}
    timeout: 1s
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`;
}

const now = (): string => new Date().toISOString();

/** GET as JSON; a non-2xx answer throws with its body, so a waitFor that times out says why. */
async function getJson<T>(hub: RunningHub, path: string): Promise<T> {
  const res = await fetch(`${hub.url}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** These tests poll the hub every 50-100 ms: far past the anonymous 120 requests a minute. */
function scheduleTestConfig(iso: Isolation, overrides: Partial<AppConfig>): AppConfig {
  const config = testConfig(iso, overrides);
  return { ...config, access: { ...config.access, anonymousPerMinute: 100_000 } };
}

/** Every message given to the hub's loggers at warn level or above, as text. */
function captureWarnings(): { lines: () => string[]; restore: () => void } {
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const error = jest.spyOn(Logger.prototype, 'error');
  return {
    lines: () => [...warn.mock.calls, ...error.mock.calls].map((call) => call.map(String).join(' ')),
    restore: () => {
      warn.mockRestore();
      error.mockRestore();
    },
  };
}

describe('poll schedules heal after Redis lost them', () => {
  let redis: OwnRedis;
  let operator: LocalOperator;

  beforeAll(async () => {
    redis = await startOwnRedis();
    operator = await startLocalOperator();
  });

  afterAll(async () => {
    await operator.close();
    await redis.close();
  });

  /** A hub on this file's own Redis polling the operator's three car parks every `interval`. */
  function startScheduleHub(iso: Isolation, interval: string, scheduleCheckMs: number): Promise<RunningHub> {
    operator.setBody(jsonFeed({ a: 1, b: 2, c: 3 }, now()));
    const sourcesPath = writeSources(sourcesYaml(operator.url, interval));
    return startHub(scheduleTestConfig(iso, { sourcesPath, redisUrl: redis.url, scheduleCheckMs }));
  }

  describe('Redis emptied (FLUSHALL)', () => {
    const iso = isolation('redis_flush');
    const INTERVAL_MS = 2_000;
    let hub: RunningHub;
    const get = <T>(path: string): Promise<T> => getJson<T>(hub, path);

    beforeAll(async () => {
      hub = await startScheduleHub(iso, '2s', 1_000);
      await waitFor(async () => ((await get<ParkingsBody>('/v1/parkings')).data.length === 3 ? true : undefined));
    });

    afterAll(async () => {
      await hub.close();
      await iso.cleanup();
    });

    it('polling resumes within two intervals, /v1/parkings is filled again, and the log says so', async () => {
      const warnings = captureWarnings();
      try {
        await redis.client().flushall();
        const flushedAt = Date.now();
        // What the operator serves from now on: only a poll made after the flush can show it.
        operator.setBody(jsonFeed({ a: 11, b: 12, c: 13 }, now()));
        const free = await waitFor(
          async () => {
            const body = await get<ParkingsBody>('/v1/parkings');
            const values = body.data.map((p) => p.free).sort((x, y) => (x ?? 0) - (y ?? 0));
            return values.join(',') === '11,12,13' ? values : undefined;
          },
          2 * INTERVAL_MS,
          50,
        );
        expect(free).toEqual([11, 12, 13]);
        expect(Date.now() - flushedAt).toBeLessThan(2 * INTERVAL_MS);
        // The schedule itself is back in Redis, and the source's health is written again.
        const schedulers = await hub.app.get(QueueRepository).pollSchedulers();
        expect(schedulers.map((s) => s.id)).toContain(SOURCE);
        const source = await get<SourceBody>(`/v1/sources/${SOURCE}`);
        expect(Date.parse(source.lastPollAt ?? '')).toBeGreaterThanOrEqual(flushedAt - 1);
        expect(warnings.lines().join('\n')).toMatch(new RegExp(`${SOURCE}.*scheduler.*missing.*re-created`, 'i'));
      } finally {
        warnings.restore();
      }
    });
  });

  describe('job schedulers removed while the worker runs', () => {
    const iso = isolation('redis_sched_removed');
    // The periodic check comes late on purpose, so the stalled state is seen before it heals.
    const CHECK_MS = 15_000;
    const INTERVAL_MS = 1_000;
    let hub: RunningHub;
    const get = <T>(path: string): Promise<T> => getJson<T>(hub, path);

    beforeAll(async () => {
      hub = await startScheduleHub(iso, '1s', CHECK_MS);
      await waitFor(async () =>
        (await get<SourceBody>(`/v1/sources/${SOURCE}`)).lastPollAt !== null ? true : undefined,
      );
    });

    afterAll(async () => {
      await hub.close();
      await iso.cleanup();
    });

    it('reads `down` (POLL_STALLED) in /v1/sources, /health/ready and /metrics within two intervals, until healed', async () => {
      expect((await fetch(`${hub.url}/health/ready`)).status).toBe(200);
      const warnings = captureWarnings();
      try {
        await hub.app.get(QueueRepository).removePollScheduler(SOURCE);
        const removedAt = Date.now();

        // Within two intervals (plus a second for a poll in flight) of the last tick.
        const stalled = await waitFor(
          async () => {
            const body = await get<SourceBody>(`/v1/sources/${SOURCE}`);
            return body.status === 'down' ? body : undefined;
          },
          2 * INTERVAL_MS + 1_500,
          50,
        );
        expect(Date.now() - removedAt).toBeLessThan(2 * INTERVAL_MS + 1_500);
        expect(stalled.lastError?.code).toBe('POLL_STALLED');
        const list = await get<{ data: SourceBody[] }>('/v1/sources');
        expect(list.data[0]).toMatchObject({ status: 'down', lastError: { code: 'POLL_STALLED' } });

        const ready = await fetch(`${hub.url}/health/ready`);
        expect(ready.status).toBe(503);
        const readyBody = (await ready.json()) as { error?: Record<string, { status: string; message?: string }> };
        expect(readyBody.error?.polling?.status).toBe('down');
        expect(readyBody.error?.polling?.message).toMatch(new RegExp(`${SOURCE}.*POLL_STALLED`));

        const scrape = await Scrape.of(hub.url as string);
        expect(scrape.family('hub_source_poll_stalled')?.type).toBe('GAUGE');
        expect(scrape.value('hub_source_status', { source: SOURCE, status: 'down' })).toBe(1);
        expect(scrape.value('hub_source_status', { source: SOURCE, status: 'ok' })).toBe(0);
        expect(scrape.value('hub_source_poll_stalled', { source: SOURCE })).toBe(1);

        // The periodic check re-creates the scheduler; the next poll makes the source ok again.
        const healed = await waitFor(
          async () => {
            const body = await get<SourceBody>(`/v1/sources/${SOURCE}`);
            return body.status === 'ok' ? body : undefined;
          },
          2 * CHECK_MS + 3 * INTERVAL_MS,
          100,
        );
        expect(healed.lastError?.code).not.toBe('POLL_STALLED');
        expect((await fetch(`${hub.url}/health/ready`)).status).toBe(200);
        expect((await Scrape.of(hub.url as string)).value('hub_source_poll_stalled', { source: SOURCE })).toBe(0);
        expect(warnings.lines().join('\n')).toMatch(new RegExp(`${SOURCE}.*scheduler.*missing.*re-created`, 'i'));
      } finally {
        warnings.restore();
      }
    }, 70_000);
  });
  describe('a scheduler still in Redis whose next poll job is gone', () => {
    const iso = isolation('redis_sched_jobless');
    const CHECK_MS = 3_000;
    let hub: RunningHub;
    const get = <T>(path: string): Promise<T> => getJson<T>(hub, path);

    beforeAll(async () => {
      hub = await startScheduleHub(iso, '1s', CHECK_MS);
      await waitFor(async () =>
        (await get<SourceBody>(`/v1/sources/${SOURCE}`)).lastPollAt !== null ? true : undefined,
      );
    });

    afterAll(async () => {
      await hub.close();
      await iso.cleanup();
    });

    it('is re-created once its polls stop coming, though its interval looks right', async () => {
      const warnings = captureWarnings();
      try {
        const queue = (hub.app.get(QueueRepository) as unknown as { queue(name: string): Queue }).queue('poll');
        // The scheduler stays, every 1 s as configured; only the job it would run next is lost.
        await waitFor(async () => {
          const pending = await queue.getJobs(['delayed']);
          if (pending.length === 0) return undefined;
          // BullMQ refuses to remove a scheduler's job, so it is deleted under it, as a lost key would be.
          for (const job of pending) {
            await redis.client().zrem(queue.keys.delayed as string, job.id as string);
            await redis.client().del(queue.toKey(job.id as string));
          }
          return (await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active'])).length === 0 ? true : undefined;
        });
        expect((await queue.getJobScheduler(SOURCE))?.every).toBe(1_000);

        await waitFor(
          async () => ((await get<SourceBody>(`/v1/sources/${SOURCE}`)).status === 'down' ? true : undefined),
          10_000,
          50,
        );
        const healed = await waitFor(
          async () => {
            const body = await get<SourceBody>(`/v1/sources/${SOURCE}`);
            return body.status === 'ok' ? body : undefined;
          },
          4 * CHECK_MS + 5_000,
          100,
        );
        expect(healed.lastError?.code).not.toBe('POLL_STALLED');
        expect(warnings.lines().join('\n')).toMatch(new RegExp(`${SOURCE}.*polls stopped coming.*re-created`, 'i'));
      } finally {
        warnings.restore();
      }
    }, 60_000);
  });
});
