import type { ParkingKind } from '../../../parking/parking.model.js';

/**
 * Operator words for a facility's kind (French, German, English), compared without case or
 * accents. Unrecognised values give undefined: the pipeline then serves 'car-park'.
 */
const KIND_WORDS: Array<[ParkingKind, RegExp]> = [
  ['park-and-ride', /\b(p\s*\+\s*r|p\s*&\s*r|park\s*(and|&|\+|-)?\s*ride|relais|parc[\s-]relais)\b/],
  ['bicycle', /\b(velo|bicycle|bike|fahrrad|cyclable)\b/],
  ['disabled', /\b(pmr|disabled|handicap)/],
  ['on-street', /\b(voirie|on[\s-]?street|strassenrand|surface)\b/],
  ['car-park', /\b(ouvrage|souterrain|silo|parkhaus|tiefgarage|garage|car[\s-]?park|parking)\b/],
];

export function kindFromText(raw: unknown): ParkingKind | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return KIND_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}
