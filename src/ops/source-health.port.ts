import type { PollRecord, SourceHealth } from './source-health.model.js';

export const SOURCE_HEALTH_STORE = Symbol('SOURCE_HEALTH_STORE');

export interface SourceHealthStorePort {
  get(id: string): Promise<SourceHealth | undefined>;
  all(): Promise<SourceHealth[]>;
  /** Writes the new health and appends the poll to the source's recent list; emits a `source` change event when the status changed. */
  record(health: SourceHealth, poll: PollRecord, statusChanged: boolean): Promise<void>;
  put(health: SourceHealth): Promise<void>;
  remove(id: string): Promise<void>;
  recentPolls(id: string, limit: number): Promise<PollRecord[]>;
}
