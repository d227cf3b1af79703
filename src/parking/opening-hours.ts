import OpeningHours from 'opening_hours';
import type { FacilityRecord, ParseWarning } from './parking.model.js';

/**
 * What the opening_hours library says when it read a value only by rewriting it: words of
 * another notation (`täglich`, `Uhr`, `lundi`, `8h`, `am` / `pm`, `to`) and `08.00` for `08:00`.
 * Its other warnings are advice on valid syntax (`8-18` without minutes, a rule without hours).
 */
const REWRITTEN = new Set(['word_error_correction', 'hour_min_separator']);

/** Parsing takes about a millisecond; a feed sends the same few texts at every poll. */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, boolean>();

/**
 * Whether a text is OpenStreetMap `opening_hours` syntax, as the opening_hours library (the
 * OSM community's parser) reads it: it parses, in ranges or points in time, without the library
 * rewriting words or separators of another notation.
 */
export function isOpeningHours(text: string): boolean {
  const known = memo.get(text);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    // Mode 2: time ranges and points in time (the library's `mode.both`).
    const parsed = new OpeningHours(text, null, 2);
    valid = !parsed.getStructuredWarnings().some((w) => REWRITTEN.has(w.type));
  } catch {
    valid = false;
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, valid);
  return valid;
}

/**
 * The records with their `openingHours` checked, whatever format read them: a value that is not
 * opening_hours syntax is dropped from its record (the rest kept) with an INVALID_VALUE warning.
 * The same list when every value passes. Pure (but for the memo).
 */
export function checkOpeningHours(list: FacilityRecord[], warnings: ParseWarning[]): FacilityRecord[] {
  let out: FacilityRecord[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const hours = list[i].openingHours;
    if (hours === undefined || isOpeningHours(hours)) continue;
    const kept = { ...list[i] };
    delete kept.openingHours;
    (out ??= list.slice())[i] = kept;
    warnings.push({
      code: 'INVALID_VALUE',
      message: `openingHours ${JSON.stringify(hours.slice(0, 80))} is not OpenStreetMap opening_hours syntax; ignored`,
      ref: kept.localId,
    });
  }
  return out ?? list;
}
