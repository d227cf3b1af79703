import type { ParkingSourceConfig } from '../../src/config/source-config.js';
import { ParkApiCity } from './parkapi-city.js';

export const POLL_EVERY_MS = 60_000;

/** The source the bench polls; its bytes never come from the network (the fetch is not measured). */
export const benchSource: ParkingSourceConfig = {
  id: 'bench-city',
  kind: 'parking',
  format: 'parkapi',
  url: 'https://bench.invalid/parkapi-v1.json',
  intervalMs: POLL_EVERY_MS,
  enabled: true,
  staleAfterMs: 3 * POLL_EVERY_MS,
  timeoutMs: 10_000,
  maxBytes: 20 * 2 ** 20,
  headers: {},
  allowPrivateNetwork: false,
};

export interface Poll {
  bytes: Buffer;
  receivedAt: Date;
  /** Ids (with the source prefix) whose free count differs from the poll before. */
  changedIds: string[];
}

export interface PollPlan {
  facilities: number;
  changedPerPoll: number;
  polls: number;
  firstPollAt: Date;
}

/**
 * Every payload is built up front, so building them is neither timed nor in the RSS peak. Poll 0
 * is the first sight of every facility; each later one changes `changedPerPoll` free counts and,
 * as an operator does, moves last_updated on for all.
 */
export function buildPolls(plan: PollPlan): Poll[] {
  const city = new ParkApiCity(plan.facilities, 20_260_115);
  return Array.from({ length: plan.polls }, (_, i) => {
    const changed = i === 0 ? city.lots.map((l) => l.id) : city.changeSome(plan.changedPerPoll);
    const receivedAt = new Date(plan.firstPollAt.getTime() + i * POLL_EVERY_MS);
    const bytes = city.bytes(new Date(receivedAt.getTime() - 20_000), new Date(receivedAt.getTime() - 1_000));
    return { bytes, receivedAt, changedIds: changed.map((id) => `${benchSource.id}:${id}`) };
  });
}
