/**
 * Every car park the hub serves, kept current by the live feed: the list comes from
 * GET /v1/parkings, then one subscription per 500 ids (LIVE_MAX_IDS) replaces it with its snapshot
 * and applies each `parking` event. Views register to be told of changes.
 */
import type { Parking } from '../../src/parking/parking.model.js';
import type { SourceHealth } from '../../src/ops/source-health.model.js';
import { getAll } from './api.js';
import { follow } from './live.js';

export const parkings = new Map<string, Parking>();
export const sources = new Map<string, SourceHealth>();
const watchers = new Set<(changed: string[] | 'all') => void>();
let loading: Promise<void> | undefined;

export function onParkings(watch: (changed: string[] | 'all') => void): () => void {
  watchers.add(watch);
  return () => watchers.delete(watch);
}

function notify(changed: string[] | 'all'): void {
  for (const w of watchers) w(changed);
}

/** Loads once per page; later calls wait for the same load. */
export function loadParkings(): Promise<void> {
  loading ??= start();
  return loading;
}

const IDS_PER_SUBSCRIPTION = 500;

async function start(): Promise<void> {
  const list = await getAll<Parking>('/v1/parkings?limit=500');
  for (const p of list) parkings.set(p.id, p);
  notify('all');
  const ids = list.map((p) => p.id);
  for (let i = 0; i < Math.max(ids.length, 1); i += IDS_PER_SUBSCRIPTION) {
    const chunk = ids.slice(i, i + IDS_PER_SUBSCRIPTION);
    follow(i === 0 ? { parkings: chunk, sources: true } : { parkings: chunk }, {
      ready: (ack) => {
        if (ack.resumed) return;
        for (const p of ack.snapshot.parkings ?? []) parkings.set(p.id, p);
        for (const s of ack.snapshot.sources ?? []) sources.set(s.id, s);
        notify('all');
      },
      parking: ({ parking }) => {
        parkings.set(parking.id, parking);
        notify([parking.id]);
      },
      source: ({ source }) => {
        sources.set(source.id, source);
      },
    });
  }
}

export function occupancyOf(p: Parking): number | undefined {
  if (p.capacity === null || p.capacity <= 0) return undefined;
  if (p.occupied !== null) return Math.min(1, Math.max(0, p.occupied / p.capacity));
  if (p.free !== null) return Math.min(1, Math.max(0, (p.capacity - p.free) / p.capacity));
  return undefined;
}

/** The colour class of a car park: by occupancy; grey when closed or unknown. */
export function occupancyClass(p: Parking): string {
  if (p.status === 'closed') return 'occ-closed';
  if (p.status === 'full' || p.free === 0) return 'occ-full';
  const o = occupancyOf(p);
  if (o === undefined || p.free === null) return 'occ-unknown';
  if (o < 0.6) return 'occ-low';
  if (o < 0.85) return 'occ-mid';
  return 'occ-high';
}
