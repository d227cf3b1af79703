import { parseSources } from './sources.loader.js';

const source = (extra: string): string =>
  `sources:\n  - id: p\n    kind: parking\n    format: datex2\n    url: https://x.example/d.xml\n    interval: 1m\n${extra}`;

describe('timeZone', () => {
  it('an IANA name is taken, and the static reference reads its times in it too', () => {
    const loaded = parseSources(
      source('    timeZone: Europe/Paris\n    static: { url: https://x.example/t.xml, format: datex2 }\n'),
      {},
      '/',
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.sources[0]).toMatchObject({ timeZone: 'Europe/Paris', static: { timeZone: 'Europe/Paris' } });
  });

  it('a bad one is an error naming the field and the value', () => {
    for (const bad of ['Europe/Pariss', '"+02:00"', 'CEST x']) {
      const loaded = parseSources(source(`    timeZone: ${bad}\n`), {}, '/');
      expect(loaded.sources).toEqual([]);
      expect(loaded.errors).toEqual([
        {
          sourceId: 'p',
          field: 'timeZone',
          message: `not an IANA time zone: ${JSON.stringify(bad.replace(/"/g, ''))} (use a name such as Europe/Paris or UTC)`,
        },
      ]);
    }
  });

  it('absent: no timeZone (times without an offset are UTC)', () => {
    expect(parseSources(source(''), {}, '/').sources[0]).not.toHaveProperty('timeZone');
  });
});
