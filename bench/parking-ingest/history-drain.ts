import type { Redis } from 'ioredis';
import { REDIS } from '../../src/config/tokens.js';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { JobName, type JobHandlers, QueueName } from '../../src/infra/queue/jobs.js';
import { QueueRepository } from '../../src/infra/queue/queue.repository.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { PARKING_HISTORY_WRITER, type ParkingHistoryWriterPort } from '../../src/parking/ports/parking-history.port.js';
import type { IngestContext } from './ingest-context.js';

/**
 * Runs the queued history jobs through the real Postgres writer (as the worker role's history
 * worker does, concurrency 1) and returns how long the queue took to drain.
 */
export async function drainHistory(ctx: IngestContext, expectedJobs: number): Promise<number> {
  const queues = ctx.app.get(QueueRepository);
  const writer = ctx.app.get<ParkingHistoryWriterPort>(PARKING_HISTORY_WRITER);
  const start = Date.now();
  let written = 0;
  // Every other job gets a handler that fails: the bench queues none, and startWorkers wants them all.
  const refuse = (name: string) => () => Promise.reject(new Error(`the bench queues no ${name} job`));
  const handlers = Object.fromEntries(
    Object.values(JobName).map((name) => [name, refuse(name)]),
  ) as unknown as JobHandlers;
  handlers[JobName.WriteParkingHistory] = async (batch) => {
    await writer.write(batch);
    written += 1;
  };
  const concurrency = Object.fromEntries(Object.values(QueueName).map((q) => [q, 1])) as Record<QueueName, number>;
  queues.startWorkers(handlers, concurrency);
  for (;;) {
    const c = await queues.counts(QueueName.History);
    if (c.failed > 0) throw new Error(`${c.failed} history job(s) failed`);
    if (c.waiting + c.active + c.delayed === 0 && written >= expectedJobs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = Date.now() - start;
  await queues.stopWorkers();
  if (written !== expectedJobs) throw new Error(`history: ${written} jobs written, expected ${expectedJobs}`);
  return elapsed;
}

/** The figures only mean something if the work was done: live states, change events and history rows. */
export async function verifyWork(ctx: IngestContext, facilities: number, events: number): Promise<string> {
  const redis = ctx.app.get<Redis>(REDIS);
  const keys = ctx.app.get(RedisKeys);
  const [states, streamed] = await Promise.all([redis.hlen(keys.parkings()), redis.xlen(keys.changes())]);
  const ds = await ctx.app.get(DatabaseService).dataSource();
  const [{ rows }] = (await ds.query('SELECT count(*)::int AS rows FROM parking_observation')) as [{ rows: number }];
  if (states !== facilities || streamed !== events || rows !== events) {
    throw new Error(`verify: ${states} live states, ${streamed} change events, ${rows} history rows`);
  }
  return `verified after the run: ${states} live states, ${streamed} change events, ${rows} history rows`;
}
