import { Injectable, Logger } from '@nestjs/common';

export type ShutdownListener = () => Promise<void> | void;

/**
 * The start of a graceful shutdown, for whoever must act before the process stops: readiness
 * turns 503 at once (load balancers stop sending traffic), and listeners run. The live feed
 * (socket.io gateway, SSE) registers here to tell its clients to reconnect to another replica.
 */
@Injectable()
export class ShutdownCoordinator {
  private readonly logger = new Logger('Shutdown');
  private readonly listeners: Array<{ name: string; listener: ShutdownListener }> = [];
  private started = false;

  onShutdown(name: string, listener: ShutdownListener): void {
    this.listeners.push({ name, listener });
  }

  isShuttingDown(): boolean {
    return this.started;
  }

  /** Runs the listeners once, each bounded by `budgetMs`; a failing one is logged, not fatal. */
  async begin(budgetMs: number): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(
      this.listeners.map(async ({ name, listener }) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), budgetMs)));
        try {
          const result = await Promise.race([Promise.resolve().then(listener), timeout]);
          if (result === 'timeout') this.logger.warn(`${name}: did not finish within ${budgetMs} ms`);
        } catch (error) {
          this.logger.error(`${name}: ${(error as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
