import type { SourceHealthStorePort } from '../source-health.port.js';
import type { SourceOutage } from './source-outage.model.js';

/** Served outage: the stored row, with its duration, and live failure count while it lasts. */
export type ServedOutage = SourceOutage & { ongoing: boolean; durationMs: number | null };

/**
 * The rows as served. An open row's failure count grows after it was written: the live one from
 * the source's health is more current (read only for the sources with an open row on the page).
 */
export async function servedOutages(health: SourceHealthStorePort, page: SourceOutage[]): Promise<ServedOutage[]> {
  const openIds = [...new Set(page.filter((o) => o.endedAt === null).map((o) => o.sourceId))];
  const live = new Map(await Promise.all(openIds.map(async (id) => [id, await health.get(id)] as const)));
  return page.map((o) => {
    const h = o.endedAt === null ? live.get(o.sourceId) : undefined;
    const failures = h?.failingSince === o.startedAt ? h.consecutiveFailures : 0;
    return {
      ...o,
      pollsFailed: Math.max(o.pollsFailed, failures),
      ongoing: o.endedAt === null,
      durationMs: o.endedAt === null ? null : Date.parse(o.endedAt) - Date.parse(o.startedAt),
    };
  });
}
