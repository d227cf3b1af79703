import { type HeadsignTranslation, pickLanguage } from './headsign-translations.js';
import type { Departure, DepartureRoute, Route, Stop } from './transit.model.js';

/** One translations.txt row (the same shape as a headsign's). */
export type NameTranslation = HeadsignTranslation;

/** The translations.txt tables and fields of the names served. */
export type NameTable = 'stops' | 'routes';
export const NAME_FIELDS: Record<NameTable, readonly string[]> = {
  stops: ['stop_name'],
  routes: ['route_short_name', 'route_long_name'],
};

/**
 * Names of one table in the client's languages, as headsigns are (translateHeadsigns): the
 * first of the client's languages the feed has, a translation of that exact text (`field_value`)
 * of that table and field first, else of the record (`record_id`); the feed's text without one.
 */
export class NameTranslator {
  private readonly byText = new Map<string, NameTranslation[]>();
  private readonly byRecord = new Map<string, NameTranslation[]>();

  constructor(
    rows: readonly NameTranslation[],
    private readonly preferred: readonly string[],
  ) {
    for (const r of rows) {
      const field = `${r.tableName}\u0000${r.fieldName}\u0000`;
      if (r.fieldValue !== null) push(this.byText, field + r.fieldValue, r);
      else if (r.recordId !== null) push(this.byRecord, field + r.recordId, r);
    }
  }

  text(table: NameTable, field: string, recordId: string, value: string | null): string | null {
    if (value === null) return null;
    const key = `${table}\u0000${field}\u0000`;
    return this.choose(this.byText.get(key + value)) ?? this.choose(this.byRecord.get(key + recordId)) ?? value;
  }

  private choose(candidates: NameTranslation[] | undefined): string | undefined {
    if (candidates === undefined) return undefined;
    const language = pickLanguage(
      this.preferred,
      candidates.map((c) => c.language),
    );
    return candidates.find((c) => c.language === language)?.translation;
  }
}

function push(map: Map<string, NameTranslation[]>, key: string, row: NameTranslation): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [row]);
  else list.push(row);
}

const localId = (feedId: string, id: string): string => id.slice(feedId.length + 1);

/** Stops of one feed with stop_name translated. Pure. */
export function translateStops(stops: readonly Stop[], feedId: string, t: NameTranslator): Stop[] {
  return stops.map((s) => {
    const name = t.text('stops', 'stop_name', localId(feedId, s.id), s.name) ?? s.name;
    return name === s.name ? s : { ...s, name };
  });
}

function translatedRoute<R extends Route | DepartureRoute>(route: R, feedId: string, t: NameTranslator): R {
  const id = localId(feedId, route.id);
  const shortName = t.text('routes', 'route_short_name', id, route.shortName);
  const longName = t.text('routes', 'route_long_name', id, route.longName);
  return shortName === route.shortName && longName === route.longName ? route : { ...route, shortName, longName };
}

/** Routes of one feed with route_short_name and route_long_name translated. Pure. */
export function translateRoutes(routes: readonly Route[], feedId: string, t: NameTranslator): Route[] {
  return routes.map((r) => translatedRoute(r, feedId, t));
}

/** Departures of one feed with their route's names translated. Pure. */
export function translateDepartureRoutes(
  departures: readonly Departure[],
  feedId: string,
  t: NameTranslator,
): Departure[] {
  return departures.map((d) => {
    const route = translatedRoute(d.route, feedId, t);
    return route === d.route ? d : { ...d, route };
  });
}

/** The record ids and texts to ask translations.txt about, for these objects' names. */
export function nameKeys(
  feedId: string,
  items: ReadonlyArray<{ id: string; names: ReadonlyArray<string | null> }>,
): { recordIds: string[]; texts: string[] } {
  const recordIds = new Set<string>();
  const texts = new Set<string>();
  for (const item of items) {
    recordIds.add(localId(feedId, item.id));
    for (const n of item.names) if (n !== null) texts.add(n);
  }
  return { recordIds: [...recordIds], texts: [...texts] };
}
