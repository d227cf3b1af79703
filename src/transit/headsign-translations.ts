import type { Departure } from './transit.model.js';

/** One translations.txt row for a headsign (trips.trip_headsign or stop_times.stop_headsign). */
export interface HeadsignTranslation {
  tableName: string;
  fieldName: string;
  language: string;
  translation: string;
  recordId: string | null;
  fieldValue: string | null;
}

const primary = (tag: string): string => tag.toLowerCase().split('-')[0];

/**
 * The first of the client's languages (Accept-Language order) that the feed has: the same tag,
 * else the same primary language (`fr-CH` takes `fr`, `fr` takes `fr-FR`). `*` takes nothing:
 * the feed's own text is already in a language. Pure.
 */
export function pickLanguage(preferred: readonly string[], available: readonly string[]): string | undefined {
  for (const want of preferred) {
    if (want === '*') return undefined;
    const exact = available.find((a) => a.toLowerCase() === want.toLowerCase());
    if (exact !== undefined) return exact;
    const near = available.find((a) => primary(a) === primary(want));
    if (near !== undefined) return near;
  }
  return undefined;
}

/**
 * Departures with their headsign in the client's language where translations.txt has it: a
 * translation of that exact text (`field_value`) first, else of the trip's headsign by
 * `record_id`. Those without one keep the feed's text. Pure.
 */
export function translateHeadsigns(
  departures: readonly Departure[],
  feedId: string,
  rows: readonly HeadsignTranslation[],
  preferred: readonly string[],
): Departure[] {
  const byText = new Map<string, HeadsignTranslation[]>();
  const byTrip = new Map<string, HeadsignTranslation[]>();
  for (const r of rows) {
    if (r.fieldValue !== null) byText.set(r.fieldValue, [...(byText.get(r.fieldValue) ?? []), r]);
    else if (r.recordId !== null && r.tableName === 'trips')
      byTrip.set(r.recordId, [...(byTrip.get(r.recordId) ?? []), r]);
  }
  const choose = (candidates: HeadsignTranslation[] | undefined): string | undefined => {
    if (candidates === undefined) return undefined;
    const language = pickLanguage(
      preferred,
      candidates.map((c) => c.language),
    );
    return candidates.find((c) => c.language === language)?.translation;
  };
  return departures.map((d) => {
    if (d.headsign === null) return d;
    const localTrip = d.tripId.slice(feedId.length + 1);
    const translated = choose(byText.get(d.headsign)) ?? choose(byTrip.get(localTrip));
    return translated === undefined ? d : { ...d, headsign: translated };
  });
}
