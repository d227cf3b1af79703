/**
 * At most `limit` requests at once to one upstream host, per process: several sources of one
 * operator (a portal serving many datasets) never hit it all together. The others wait, FIFO.
 * Across processes the fetcher adds the fleet's slots in Redis (HostSlots, host-slots.redis.ts).
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly queued = new Map<string, Array<() => void>>();

  constructor(readonly limit: number) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  /** Requests running now to `host` (for tests and metrics). */
  running(host: string): number {
    return this.active.get(host) ?? 0;
  }

  private acquire(host: string): Promise<void> {
    const running = this.active.get(host) ?? 0;
    if (running < this.limit) {
      this.active.set(host, running + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.queued.get(host) ?? [];
      queue.push(resolve);
      this.queued.set(host, queue);
    });
  }

  /** Hands the slot straight to the next waiter, so a newcomer cannot overtake it. */
  private release(host: string): void {
    const next = this.queued.get(host)?.shift();
    if (next !== undefined) {
      next();
      return;
    }
    this.queued.delete(host);
    const running = (this.active.get(host) ?? 1) - 1;
    if (running > 0) this.active.set(host, running);
    else this.active.delete(host);
  }
}

/** The host:port an http(s) URL targets; undefined for local files. */
export function httpHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `MobilityHub/0.1.0 (+https://contact)` becomes `MobilityHub/0.1.0 (+https://contact; source=<id>)`:
 * an operator can tell which of our sources calls it, and whom to write to.
 */
export function sourceUserAgent(base: string, sourceId: string | undefined): string {
  if (sourceId === undefined) return base;
  return base.endsWith(')') ? `${base.slice(0, -1)}; source=${sourceId})` : `${base} (source=${sourceId})`;
}
