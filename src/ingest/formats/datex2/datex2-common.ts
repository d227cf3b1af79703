import { attr, descendants, type XmlElement } from '../xml/xml-element.js';

/**
 * A DATEX II MultilingualString (`values/value lang=".."`; v3 puts them in the `com:` namespace),
 * or plain text for the 2.0 elements that were simple strings. Prefers the publication's language.
 */
export function multilingualText(el: XmlElement | undefined, preferredLang?: string): string | undefined {
  if (!el) return undefined;
  const values = descendants(el, 'value')
    .map((v) => ({ lang: attr(v, 'lang')?.toLowerCase(), text: v.text.trim() }))
    .filter((v) => v.text !== '');
  if (values.length === 0) return el.text.trim() || undefined;
  const wanted = preferredLang?.toLowerCase();
  return (values.find((v) => v.lang !== undefined && v.lang === wanted) ?? values[0])!.text;
}

/** Drops undefined fields so records compare cleanly and serialise without empty keys. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
