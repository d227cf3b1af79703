import type { SubscriptionSpec } from './subscription-spec.js';

/**
 * One snapshot read for many identical subscribes at the same stream position. When thousands of
 * clients reconnect at once (a load balancer or API process restart) most of them ask for the
 * same snapshot; each would otherwise read the same keys from Redis and parse them again, and the
 * herd of reads outlives the Redis command timeout. A subscribe joins a read in flight only if
 * that read was started at its own registration position (`at`): the read then reflects every
 * change up to `at`, and every later change reaches the joiner as a live event, as for the first.
 * Nothing is cached once the read is done.
 */
export class SnapshotCoalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** `read` runs only when no identical read started at `at` is still in flight. */
  read(at: string, spec: SubscriptionSpec, read: () => Promise<T>): Promise<T> {
    const key = `${at} ${snapshotKey(spec)}`;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  get pending(): number {
    return this.inFlight.size;
  }
}

/** What a snapshot depends on: the filters, in a canonical order (not `since`, which a snapshot ignores). */
export function snapshotKey(spec: SubscriptionSpec): string {
  return JSON.stringify([
    [...spec.parkings].sort(),
    spec.allParkings,
    spec.area?.request ?? null,
    [...spec.stops].sort(),
    [...spec.routes].sort(),
    spec.alerts,
    spec.sources,
  ]);
}
