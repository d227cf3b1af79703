import type { Server } from 'node:http';
import type { INestApplication, Logger } from '@nestjs/common';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import { ShutdownCoordinator } from './shutdown-coordinator.service.js';

/**
 * SIGTERM, in order, within `budgetMs` (HUB_SHUTDOWN_TIMEOUT; main.ts exits 1 past it):
 * 1. readiness 503 and live clients told to reconnect elsewhere (ShutdownCoordinator listeners);
 * 2. at the same time: the HTTP server stops accepting and lets requests in flight finish, and
 *    the workers stop taking jobs: polls in flight finish, then the history queue drains into
 *    Postgres; jobs left (Postgres down, time up) stay in Redis for the next worker;
 * 3. Nest closes the rest (connections, pools).
 */
export async function shutdownGracefully(app: INestApplication, budgetMs: number, logger: Logger): Promise<void> {
  const started = Date.now();
  await app.get(ShutdownCoordinator).begin(Math.round(budgetMs * 0.2));
  const share = Math.round(budgetMs * 0.3);
  await Promise.all([
    stopAcceptingHttp(app.getHttpServer() as Server, share),
    app.get(QueueRepository).stopWorkers({ drainMs: share }),
  ]);
  await app.close();
  logger.log(`shutdown complete in ${Date.now() - started} ms`);
}

/** Resolves when every connection has closed, or after `waitMs` (Nest then destroys what is left). */
function stopAcceptingHttp(server: Server | undefined, waitMs: number): Promise<void> {
  if (server === undefined || !server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
