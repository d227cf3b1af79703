import { ParseException } from '../../../common/app-exception.js';
import { MAX_XML_BYTES, parseXml } from './safe-xml.js';
import { attr, childText, childrenNamed, descendants, firstChild, xsiType } from './xml-element.js';

const xml = (text: string): Buffer => Buffer.from(text, 'utf8');

function parseError(bytes: Buffer, maxBytes?: number): ParseException {
  try {
    parseXml(bytes, maxBytes === undefined ? {} : { maxBytes });
  } catch (error) {
    if (error instanceof ParseException) return error;
    throw error;
  }
  throw new Error('expected a ParseException');
}

describe('parseXml', () => {
  it('removes namespace prefixes from elements and attributes and keeps attribute values', () => {
    const root = parseXml(
      xml(
        '<ns2:d2 xmlns:ns2="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          '<ns2:parkingRecord id="P1" version="7" xsi:type="ns2:UrbanParkingSite"/>' +
          '<parkingRecord id="P2"/></ns2:d2>',
      ),
    );
    expect(root.name).toBe('d2');
    const records = childrenNamed(root, 'parkingRecord');
    expect(records.map((r) => attr(r, 'id'))).toEqual(['P1', 'P2']);
    expect(attr(records[0], 'version')).toBe('7');
    expect(xsiType(records[0])).toBe('UrbanParkingSite');
    expect(records[0]!.attrs).not.toHaveProperty('xmlns:xsi');
  });

  it('gives a list even for an element that occurs once', () => {
    const root = parseXml(xml('<a><b><c>1</c></b></a>'));
    expect(childrenNamed(root, 'b')).toHaveLength(1);
    expect(descendants(root, 'c').map((c) => c.text)).toEqual(['1']);
  });

  it('decodes predefined entities and character references once, and keeps CDATA verbatim', () => {
    const root = parseXml(
      xml('<a n="P&amp;R"><b>Stra&#223;e &#x2192; &lt;x&gt; &amp;lt;</b><c><![CDATA[a &amp; <b>]]></c></a>'),
    );
    expect(attr(root, 'n')).toBe('P&R');
    expect(childText(root, 'b')).toBe('Straße → <x> &lt;');
    expect(childText(root, 'c')).toBe('a &amp; <b>');
  });

  it('reads an ISO-8859-1 document by its declaration', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Marktstraße</a>', 'latin1');
    expect(parseXml(latin1).text).toBe('Marktstraße');
  });

  it('refuses a billion-laughs payload without expanding it', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">' +
      '<!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol9;</lolz>';
    const error = parseError(xml(laughs));
    expect(error.message).toBe('XML with a DOCTYPE or ENTITY declaration is refused');
    expect(error.message).not.toContain('lollol');
  });

  it('refuses an XXE payload, so no file content can appear', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
    const error = parseError(xml(xxe));
    expect(error.code).toBe('PARSE_ERROR');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/root:|\/bin\//);
  });

  it('leaves an undeclared entity reference as literal text', () => {
    expect(parseXml(xml('<a>&xxe;</a>')).text).toBe('&xxe;');
  });

  it('throws ParseException on truncated XML', () => {
    const truncated = '<d2LogicalModel><payloadPublication><publicationTime>2025-01-01T00:00:00Z</publicationTime>';
    expect(parseError(xml(truncated)).message).toBe(
      'malformed XML: unclosed tags <d2LogicalModel>, <payloadPublication> (line 1, col 1)',
    );
    expect(parseError(xml('<a><b>text</b>')).message).toMatch(/^malformed XML: Unclosed tag 'a'/);
    expect(parseError(xml('<a><b></a>')).message).toMatch(/^malformed XML: Expected closing tag 'b'/);
  });

  it('throws ParseException on empty input, plain text and two root elements', () => {
    expect(parseError(xml('')).message).toMatch(/^malformed XML/);
    expect(parseError(xml('not xml at all')).message).toMatch(/^malformed XML/);
    expect(parseError(xml('<a/><b/>')).message).toBe('malformed XML: expected one root element, found 2');
  });

  it('throws ParseException over the size cap (50 MB by default)', () => {
    expect(MAX_XML_BYTES).toBe(50 * 1024 * 1024);
    expect(parseError(xml('<a>0123456789</a>'), 10).message).toBe('XML document too large: 17 bytes (limit 10)');
  });

  it('navigates with firstChild / childText returning undefined for absent or empty elements', () => {
    const root = parseXml(xml('<a><b/><c> x </c></a>'));
    expect(childText(root, 'b')).toBeUndefined();
    expect(childText(root, 'missing')).toBeUndefined();
    expect(childText(root, 'c')).toBe('x');
    expect(firstChild(undefined, 'c')).toBeUndefined();
  });
});
