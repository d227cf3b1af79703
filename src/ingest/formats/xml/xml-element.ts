/**
 * A plain, read-only XML element tree. Every child list is an array, so a reader never has to
 * guess whether an element that may repeat was parsed as one object or as a list.
 */
export interface XmlElement {
  /** Local name: namespace prefixes are removed, so `ns2:parkingRecord` reads as `parkingRecord`. */
  readonly name: string;
  /** Attributes by local name (`xsi:type` → `type`, `xml:lang` → `lang`); `xmlns` declarations are dropped. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The element's own text (entities decoded, CDATA kept verbatim, trimmed). */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

export function firstChild(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Text of the first child `name`; undefined when the child is absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const text = firstChild(el, name)?.text;
  return text === undefined || text === '' ? undefined : text;
}

/** Every descendant called `name`, in document order (the element itself excluded). */
export function descendants(el: XmlElement | undefined, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement): void => {
    for (const c of node.children) {
      if (c.name === name) found.push(c);
      visit(c);
    }
  };
  if (el) visit(el);
  return found;
}

export function firstDescendant(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return descendants(el, name)[0];
}

export function attr(el: XmlElement | undefined, name: string): string | undefined {
  const value = el?.attrs[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** `ns2:UrbanParkingSite` → `UrbanParkingSite` (prefixes survive in attribute *values*). */
export function localName(qualified: string): string {
  const colon = qualified.lastIndexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** The local name of the element's `xsi:type`, if any. */
export function xsiType(el: XmlElement | undefined): string | undefined {
  const type = attr(el, 'type');
  return type === undefined ? undefined : localName(type);
}
