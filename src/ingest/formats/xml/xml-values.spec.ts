import type { ParseWarning } from '../../../parking/parking.model.js';
import { parseXml } from './safe-xml.js';
import { parseCount, parseXmlDateTime, XmlFieldReader } from './xml-values.js';

describe('xml values', () => {
  it('parses non-negative integer counts only', () => {
    expect(parseCount(' 313 ')).toBe(313);
    expect(parseCount('0')).toBe(0);
    for (const bad of ['-1', '12.5', 'n/a', '', '1e3']) expect(parseCount(bad)).toBeUndefined();
  });

  it('parses xs:dateTime with offsets, long fractions and no offset (read as UTC)', () => {
    expect(parseXmlDateTime('2025-05-09T21:41:58.5461534+02:00')?.toISOString()).toBe('2025-05-09T19:41:58.546Z');
    expect(parseXmlDateTime('2023-10-07T03:45:31.582+02:00')?.toISOString()).toBe('2023-10-07T01:45:31.582Z');
    expect(parseXmlDateTime('2024-01-01T00:00:00')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseXmlDateTime('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(parseXmlDateTime('yesterday')).toBeUndefined();
  });

  it('turns bad values into warnings and omits them', () => {
    const warnings: ParseWarning[] = [];
    const fields = new XmlFieldReader(warnings, 'P9');
    const el = parseXml(Buffer.from('<r><n>viele</n><t>soon</t><p><lat>95</lat><lon>6.1</lon></p><ok>7</ok></r>'));
    expect(fields.count(el, 'n')).toBeUndefined();
    expect(fields.time(el, 't')).toBeUndefined();
    expect(fields.point(el.children[2], 'lat', 'lon')).toBeUndefined();
    expect(fields.count(el, 'ok')).toBe(7);
    expect(warnings).toEqual([
      {
        code: 'INVALID_NUMBER',
        message: 'n "viele" is not an integer',
        ref: 'P9',
      },
      {
        code: 'INVALID_TIME',
        message: 't "soon" is not an xs:dateTime',
        ref: 'P9',
      },
      {
        code: 'INVALID_LOCATION',
        message: 'coordinates "95", "6.1" are not a WGS84 point',
        ref: 'P9',
      },
    ]);
  });
});
