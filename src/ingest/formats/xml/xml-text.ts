import { TextDecoder } from 'node:util';
import { ParseException } from '../../../common/app-exception.js';

/**
 * Bytes → string, honouring a BOM or the encoding named in the XML declaration
 * (feeds in ISO-8859-1 still exist). Without either, XML is UTF-8 by definition.
 */
export function decodeXmlBytes(bytes: Buffer): string {
  const { label, offset } = detectEncoding(bytes);
  try {
    return new TextDecoder(label).decode(bytes.subarray(offset));
  } catch (cause) {
    throw new ParseException(`unsupported XML encoding "${label}"`, {
      cause: String(cause),
    });
  }
}

function detectEncoding(bytes: Buffer): { label: string; offset: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', offset: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', offset: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', offset: 2 };
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  return { label: declared ?? 'utf-8', offset: 0 };
}

const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Decodes only the five predefined XML entities and numeric character references, in one pass
 * (so `&amp;lt;` stays `&lt;`). Nothing here can grow the text: DTD entities are never expanded.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (match, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? match;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}
