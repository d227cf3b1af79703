export interface MonthPartition {
  name: string;
  from: string;
  to: string;
}

/** parking_observation_y2026m11: names sort in time order, which prune() relies on. */
export function partitionName(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `parking_observation_y${date.getUTCFullYear()}m${month}`;
}

/** The distinct monthly partitions (UTC) that the given ISO times fall in. */
export function monthPartitions(isoTimes: string[]): MonthPartition[] {
  const byName = new Map<string, MonthPartition>();
  for (const iso of isoTimes) {
    const d = new Date(iso);
    const name = partitionName(d);
    if (byName.has(name)) continue;
    const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    byName.set(name, { name, from: from.toISOString(), to: to.toISOString() });
  }
  return [...byName.values()];
}
