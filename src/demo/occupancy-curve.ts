import type { DemoCarPark, DemoLoadProfile } from './poitiers-car-parks.js';
import { toParisTime } from './paris-time.js';
import { hashSigned } from './seeded-random.js';

/** Readings are a pure function of (car park, seed, floor(now / step)). */
export const OCCUPANCY_STEP_MS = 5_000;

/** Fast noise moves the count every few polls; slow noise makes each day a bit different. */
const FAST_NOISE = { periodMs: 30_000, amplitude: 0.025 };
const SLOW_NOISE = { periodMs: 15 * 60_000, amplitude: 0.04 };

/** The values a Grand Poitiers-style feed would show in its "etat" field. */
export type CarParkState = 'OUVERT' | 'FERME' | 'COMPLET';

export interface CarParkReading {
  park: DemoCarPark;
  free: number;
  occupied: number;
  state: CarParkState;
  /** Start of the time step the reading belongs to (what the feed reports as its update time). */
  measuredAtMs: number;
}

export function stepStartMs(epochMs: number): number {
  return Math.floor(epochMs / OCCUPANCY_STEP_MS) * OCCUPANCY_STEP_MS;
}

/** Bell curve peaking at 1 at `centre` (hours). */
export function bump(hour: number, centre: number, width: number): number {
  const z = (hour - centre) / width;
  return Math.exp(-0.5 * z * z);
}

/** 1 between `from` and `to` (hours), with smooth ramps of `ramp` hours either side. */
export function plateau(hour: number, from: number, to: number, ramp: number): number {
  const rise = smoothstep((hour - (from - ramp)) / ramp);
  const fall = 1 - smoothstep((hour - to) / ramp);
  return Math.min(rise, fall);
}

function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}

/** How busy a car park of this profile is at a local hour, from 0 (night) to 1 (peak). */
export function dailyShape(profile: DemoLoadProfile, hour: number, weekend: boolean): number {
  switch (profile) {
    case 'city-centre':
      return weekend ? bump(hour, 15, 2.8) : Math.max(bump(hour, 11, 1.8), 0.95 * bump(hour, 16, 2.2));
    case 'shopping':
      return weekend
        ? Math.max(0.8 * bump(hour, 11, 1.8), bump(hour, 16, 2.5))
        : Math.max(0.85 * bump(hour, 12, 2), bump(hour, 16.5, 2));
    case 'short-stay':
      return weekend
        ? bump(hour, 11, 2)
        : Math.max(bump(hour, 8.3, 0.8), 0.9 * bump(hour, 12.2, 1), bump(hour, 17.5, 1));
    case 'commuter':
      return weekend ? bump(hour, 14, 3) : plateau(hour, 7.5, 18, 1.2);
  }
}

/** Expected share of places taken, before noise (may exceed 1 for a car park that fills up). */
export function expectedLoad(park: DemoCarPark, hour: number, weekend: boolean): number {
  const peak = weekend ? park.load.weekendPeak : park.load.weekdayPeak;
  return park.load.night + (peak - park.load.night) * dailyShape(park.profile, hour, weekend);
}

/** Value noise in [-1, 1]: random knots every `periodMs`, cosine-interpolated in between. */
export function smoothNoise(key: ReadonlyArray<string | number>, epochMs: number, periodMs: number): number {
  const knot = Math.floor(epochMs / periodMs);
  const frac = (epochMs - knot * periodMs) / periodMs;
  const a = hashSigned(...key, periodMs, knot);
  const b = hashSigned(...key, periodMs, knot + 1);
  const w = (1 - Math.cos(Math.PI * frac)) / 2;
  return a + (b - a) * w;
}

export function isClosedAt(park: DemoCarPark, hour: number): boolean {
  const closed = park.closedHours;
  return closed !== undefined && hour >= closed.from && hour < closed.to;
}

/** The reading a car park reports at `epochMs` (the whole step shares one reading). */
export function readCarPark(park: DemoCarPark, epochMs: number, seed: number): CarParkReading {
  const measuredAtMs = stepStartMs(epochMs);
  const local = toParisTime(measuredAtMs);
  const hour = local.hour + local.minute / 60 + local.second / 3600;
  const weekend = local.weekday === 0 || local.weekday === 6;
  const key = [seed, park.id];
  const noise =
    FAST_NOISE.amplitude * smoothNoise(key, measuredAtMs, FAST_NOISE.periodMs) +
    SLOW_NOISE.amplitude * smoothNoise(key, measuredAtMs, SLOW_NOISE.periodMs);
  const ratio = Math.min(1, Math.max(0, expectedLoad(park, hour, weekend) + noise));
  const occupied = Math.round(ratio * park.capacity);
  const free = park.capacity - occupied;
  const state: CarParkState = isClosedAt(park, hour) ? 'FERME' : free === 0 ? 'COMPLET' : 'OUVERT';
  return { park, free, occupied, state, measuredAtMs };
}
