import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseException } from '../../../common/app-exception.js';
import type { XmlElement } from './xml-element.js';
import { decodeXmlBytes, decodeXmlEntities } from './xml-text.js';

/** Upper bound for one XML document; the fetcher's own download cap is separate (and usually lower). */
export const MAX_XML_BYTES = 50 * 1024 * 1024;

export interface SafeXmlOptions {
  maxBytes?: number;
}

const CDATA = '#cdata';
const TEXT = '#text';
const ATTRS = ':@';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  // Entity expansion stays off: only the predefined entities are decoded, by decodeXmlEntities.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses an untrusted XML payload into an XmlElement tree. Throws ParseException when the
 * document is too large, declares a DTD (DOCTYPE/ENTITY: the door to XXE and billion-laughs
 * attacks; no parking or SIRI feed needs one) or is not well-formed.
 */
export function parseXml(bytes: Buffer, options: SafeXmlOptions = {}): XmlElement {
  const maxBytes = options.maxBytes ?? MAX_XML_BYTES;
  if (bytes.length > maxBytes) {
    throw new ParseException(`XML document too large: ${bytes.length} bytes (limit ${maxBytes})`);
  }
  const text = decodeXmlBytes(bytes);
  refuseDtd(text);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new ParseException(`malformed XML: ${readableMessage(msg)} (line ${line}, col ${col ?? '?'})`);
  }
  return singleRoot(toElements(parseOrdered(text)));
}

/** The validator reports several unclosed tags as "Invalid '[ \"a\", \"b\"]' found." */
function readableMessage(msg: string): string {
  const unclosed = /^Invalid '(\[.*\])' found\.$/.exec(msg)?.[1];
  if (unclosed === undefined) return msg;
  try {
    const tags: unknown = JSON.parse(unclosed);
    return Array.isArray(tags) ? `unclosed tags ${tags.map((t) => `<${String(t)}>`).join(', ')}` : msg;
  } catch {
    return msg;
  }
}

/** Rejected anywhere in the text, not only in the prolog: a false positive inside a comment is harmless. */
function refuseDtd(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ParseException('XML with a DOCTYPE or ENTITY declaration is refused');
  }
}

function parseOrdered(text: string): unknown[] {
  try {
    const parsed: unknown = parser.parse(text);
    return Array.isArray(parsed) ? parsed : [];
  } catch (cause) {
    throw new ParseException(`malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function singleRoot(elements: XmlElement[]): XmlElement {
  if (elements.length !== 1) {
    throw new ParseException(`malformed XML: expected one root element, found ${elements.length}`);
  }
  return elements[0]!;
}

/** fast-xml-parser's preserveOrder output: [{ tag: [...children], ':@': {attrs} } | { '#text': s } | { '#cdata': [...] }]. */
function toElements(nodes: unknown[]): XmlElement[] {
  return nodes.flatMap((node) => {
    const element = toElement(node);
    return element ? [element] : [];
  });
}

function toElement(node: unknown): XmlElement | undefined {
  if (!isRecord(node)) return undefined;
  const name = Object.keys(node).find((k) => k !== ATTRS && k !== TEXT && k !== CDATA);
  if (name === undefined) return undefined;
  const content = node[name];
  const items = Array.isArray(content) ? content : [];
  return {
    name,
    attrs: readAttrs(node[ATTRS]),
    text: readText(items),
    children: toElements(items),
  };
}

function readAttrs(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => [k, decodeXmlEntities(v as string)]),
  );
}

function readText(items: unknown[]): string {
  const parts: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (TEXT in item) parts.push(decodeXmlEntities(String(item[TEXT])));
    if (CDATA in item) parts.push(cdataText(item[CDATA]));
  }
  return parts.join(' ').trim();
}

function cdataText(raw: unknown): string {
  if (!Array.isArray(raw)) return '';
  return raw.map((part) => (isRecord(part) && TEXT in part ? String(part[TEXT]) : '')).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
