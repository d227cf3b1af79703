import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { SourceConfig } from '../../config/source-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../source-health.port.js';
import { outageClosedByRemoval, type SourceOutage } from './source-outage.model.js';
import {
  SOURCE_OUTAGE_QUEUE,
  SOURCE_OUTAGE_STORE,
  type SourceOutageQueuePort,
  type SourceOutageStorePort,
} from './source-outage.port.js';

/**
 * A source removed from sources.yaml while `down` is never polled again, so no poll closes its
 * outage. On every reload (SIGHUP) and at start, a worker closes the open outages of sources no
 * longer configured (`endReason: source-removed`) and forgets their health, so a source added
 * back later starts a new record. Two places know of an open outage: the source's health in
 * Redis (the outage row may still be queued) and the open rows in Postgres (the health may be
 * gone, e.g. Redis emptied); both are looked at. Closing is an idempotent upsert through the
 * outage queue, like every outage write: two workers doing it, or Postgres being down, is harmless.
 */
@Injectable()
export class RemovedSourceOutages implements OnApplicationBootstrap {
  private readonly logger = new Logger('Outages');

  constructor(
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
    @Inject(SOURCE_OUTAGE_QUEUE) private readonly queue: SourceOutageQueuePort,
    @Inject(SOURCE_OUTAGE_STORE) private readonly store: SourceOutageStorePort,
  ) {}

  /** At start in the background: a Postgres that is down must not hold the worker's start. */
  onApplicationBootstrap(): void {
    this.registry.onChange((sources) => this.closeLogged(sources, 'on reload'));
    void this.closeLogged(this.registry.all(), 'at start');
  }

  /** Never throws: a failure must not stop the other reload listeners (the schedulers). */
  private async closeLogged(sources: SourceConfig[], when: string): Promise<void> {
    try {
      await this.close(sources);
    } catch (error) {
      this.logger.error(`outages of removed sources not closed ${when}: ${(error as Error).message}`);
    }
  }

  /** Closes the open outages of sources not in `sources`; returns the closing rows queued. */
  async close(sources: SourceConfig[], at = new Date()): Promise<SourceOutage[]> {
    const configured = new Set(sources.map((s) => s.id));
    const closed = new Map<string, SourceOutage>();
    for (const health of await this.health.all()) {
      if (configured.has(health.id)) continue;
      const outage = outageClosedByRemoval(health, at.toISOString());
      if (outage !== undefined) closed.set(`${outage.sourceId}@${outage.startedAt}`, outage);
      await this.health.remove(health.id);
    }
    for (const open of await this.openRows()) {
      const key = `${open.sourceId}@${open.startedAt}`;
      if (configured.has(open.sourceId) || closed.has(key)) continue;
      closed.set(key, { ...open, endedAt: at.toISOString(), endReason: 'source-removed' });
    }
    for (const outage of closed.values()) {
      await this.queue.enqueue(outage);
      this.logger.warn(`source ${outage.sourceId}: removed while down; outage since ${outage.startedAt} closed`);
    }
    return [...closed.values()];
  }

  /** Postgres's open rows; while it is down, only the health in Redis is known (logged, not fatal). */
  private async openRows(): Promise<SourceOutage[]> {
    try {
      return await this.store.open();
    } catch (error) {
      this.logger.warn(`open outages not read from Postgres (${(error as Error).message}); Redis health only`);
      return [];
    }
  }
}
