import { parseSources } from './sources.loader.js';

const yaml = `
sources:
  - id: poitiers-parkings
    kind: parking
    format: opendatasoft
    url: https://data.example.org/records
    interval: 60s
    headers: { Authorization: "Apikey \${POITIERS_KEY}" }
  - id: Bad_Id
    kind: parking
    format: opendatasoft
    url: https://x.example/a
    interval: 60s
  - id: broken-interval
    kind: parking
    format: datex2
    url: https://x.example/b
    interval: often
  - id: unknown-format
    kind: parking
    format: csv-magic
    url: https://x.example/c
    interval: 1m
  - id: needs-key
    kind: parking
    format: parkapi
    url: https://x.example/d
    interval: 1m
    headers: { X-Key: "\${MISSING_KEY}" }
  - id: mapping-without-id
    kind: parking
    format: json-mapping
    url: https://x.example/e
    interval: 1m
    mapping: { items: results }
  - id: local-file
    kind: parking
    format: parkapi
    url: ./feeds/lots.json
    interval: 5m
    static: { url: https://x.example/ref.csv, format: schema-stationnement }
  - id: vitalis-gtfs
    kind: gtfs
    url: https://x.example/gtfs.zip
    interval: 24h
  - id: vitalis-rt
    kind: gtfs-rt
    feed: vitalis-gtfs
    urls: { tripUpdates: https://x.example/tu, alerts: https://x.example/al }
    interval: 15s
  - id: poitiers-parkings
    kind: parking
    format: parkapi
    url: https://x.example/dup
    interval: 1m
`;

describe('parseSources', () => {
  const { sources, errors } = parseSources(yaml, { POITIERS_KEY: 's3cret' }, '/etc/hub');

  it('keeps the good sources, with ${ENV} substituted and defaults applied', () => {
    expect(sources.map((s) => s.id)).toEqual(['poitiers-parkings', 'local-file', 'vitalis-gtfs', 'vitalis-rt']);
    const first = sources[0];
    expect(first.kind === 'parking' && first.headers.Authorization).toBe('Apikey s3cret');
    expect(first.kind === 'parking' && first.timeoutMs).toBe(10_000);
    expect(first.kind === 'parking' && first.maxBytes).toBe(20 * 1024 * 1024);
    expect(first.kind === 'parking' && first.allowPrivateNetwork).toBe(false);
    expect(first.staleAfterMs).toBe(180_000);
  });

  it('resolves local paths against the sources file and reads the static reference', () => {
    const local = sources.find((s) => s.id === 'local-file');
    expect(local?.kind === 'parking' && local.url).toBe('/etc/hub/feeds/lots.json');
    expect(local?.kind === 'parking' && local.static?.format).toBe('schema-stationnement');
    expect(local?.kind === 'parking' && local.static?.intervalMs).toBe(86_400_000);
    expect(local?.staleAfterMs).toBe(900_000);
  });

  it('caps parking staleness at 30 minutes and reads gtfs-rt urls', () => {
    const gtfs = sources.find((s) => s.id === 'vitalis-gtfs');
    expect(gtfs?.staleAfterMs).toBe(3 * 86_400_000);
    const rt = sources.find((s) => s.id === 'vitalis-rt');
    expect(rt?.kind === 'gtfs-rt' && Object.keys(rt.urls)).toEqual(['tripUpdates', 'alerts']);
  });

  it('reports each bad source with its id and field', () => {
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceId: 'Bad_Id', field: 'id' }),
        expect.objectContaining({ sourceId: 'broken-interval', field: 'interval' }),
        expect.objectContaining({ sourceId: 'unknown-format', field: 'format' }),
        expect.objectContaining({
          sourceId: 'needs-key',
          field: 'headers.X-Key',
          message: 'environment variable MISSING_KEY is not set',
        }),
        expect.objectContaining({ sourceId: 'mapping-without-id', field: 'mapping.id' }),
        expect.objectContaining({
          sourceId: 'poitiers-parkings',
          field: 'id',
          message: 'duplicate id "poitiers-parkings"',
        }),
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('refuses a file without a sources list', () => {
    expect(() => parseSources('foo: 1', {}, '/')).toThrow(/top-level "sources:" list/);
    expect(() => parseSources('sources: [', {}, '/')).toThrow(/not valid YAML/);
  });

  it('supports ${NAME:-default}', () => {
    const { sources: s } = parseSources(
      'sources:\n  - { id: a, kind: gtfs, url: "${BASE:-http://127.0.0.1:8787}/gtfs.zip", interval: 1h, allowPrivateNetwork: true }',
      {},
      '/',
    );
    expect(s[0].kind === 'gtfs' && s[0].url).toBe('http://127.0.0.1:8787/gtfs.zip');
  });

  it('refuses non-http schemes', () => {
    const { errors: e } = parseSources(
      'sources:\n  - { id: a, kind: gtfs, url: "ftp://x/gtfs.zip", interval: 1h }',
      {},
      '/',
    );
    expect(e).toEqual([expect.objectContaining({ sourceId: 'a', field: 'url' })]);
  });

  describe('allowPrivateNetwork', () => {
    const one = (value: string): ReturnType<typeof parseSources> =>
      parseSources(
        `sources:\n  - { id: a, kind: gtfs, url: "http://10.0.0.5/gtfs.zip", interval: 1h, allowPrivateNetwork: ${value} }`,
        {},
        '/',
      );
    const allowance = (value: string): unknown => {
      const source = one(value).sources[0];
      return source.kind === 'gtfs' ? source.allowPrivateNetwork : undefined;
    };

    it('keeps true and false as they are', () => {
      expect(allowance('true')).toBe(true);
      expect(allowance('false')).toBe(false);
    });

    it('reads a list of IPv4 and IPv6 CIDRs (quoted or not) and bare addresses, once, at load', () => {
      const { sources: s, errors: e } = one('[10.0.0.0/8, "fd00::/8", fe80::/10, 169.254.169.254, "::1"]');
      expect(e).toEqual([]);
      expect(s[0].kind === 'gtfs' && s[0].allowPrivateNetwork).toEqual([
        { text: '10.0.0.0/8', network: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { text: 'fd00::/8', network: 'fd00::', prefix: 8, family: 'ipv6' },
        { text: 'fe80::/10', network: 'fe80::', prefix: 10, family: 'ipv6' },
        { text: '169.254.169.254/32', network: '169.254.169.254', prefix: 32, family: 'ipv4' },
        { text: '::1/128', network: '::1', prefix: 128, family: 'ipv6' },
      ]);
    });

    it('reads the list on a gtfs-rt url of its own and on a parking static reference', () => {
      const { sources: s, errors: e } = parseSources(
        [
          'sources:',
          '  - id: rt',
          '    kind: gtfs-rt',
          '    feed: f',
          '    interval: 30s',
          '    allowPrivateNetwork: [10.1.0.0/16]',
          '    urls:',
          '      tripUpdates: http://10.1.0.1/tu',
          '      alerts: { url: "http://[fd00::1]/al", allowPrivateNetwork: ["fd00::/8"] }',
          '  - id: p',
          '    kind: parking',
          '    format: parkapi',
          '    url: https://example.org/p.json',
          '    interval: 1m',
          '    static: { url: "http://192.168.1.2/s.json", format: parkapi, allowPrivateNetwork: [192.168.1.0/24] }',
        ].join('\n'),
        {},
        '/',
      );
      expect(e).toEqual([]);
      const rt = s.find((x) => x.id === 'rt');
      const texts = (v: unknown): unknown => (Array.isArray(v) ? v.map((r: { text: string }) => r.text) : v);
      expect(rt?.kind === 'gtfs-rt' && texts(rt.urls.tripUpdates?.allowPrivateNetwork)).toEqual(['10.1.0.0/16']);
      expect(rt?.kind === 'gtfs-rt' && texts(rt.urls.alerts?.allowPrivateNetwork)).toEqual(['fd00::/8']);
      const p = s.find((x) => x.id === 'p');
      expect(p?.kind === 'parking' && p.allowPrivateNetwork).toBe(false);
      expect(p?.kind === 'parking' && texts(p.static?.allowPrivateNetwork)).toEqual(['192.168.1.0/24']);
    });

    it.each([
      ['[10.0.0.0/33]', 'allowPrivateNetwork.0', '"10.0.0.0/33"', '0-32 for IPv4'],
      ['[10.0.0.0/8, "fd00::/129"]', 'allowPrivateNetwork.1', '"fd00::/129"', '0-128 for IPv6'],
      ['[10.0.0/8]', 'allowPrivateNetwork.0', '"10.0.0/8"', 'IPv4 or IPv6 range'],
      ['[banana]', 'allowPrivateNetwork.0', '"banana"', 'IPv4 or IPv6 range'],
      ['["10.0.0.0/"]', 'allowPrivateNetwork.0', '"10.0.0.0/"', '0-32'],
      ['["10.0.0.0/-1"]', 'allowPrivateNetwork.0', '"10.0.0.0/-1"', '0-32'],
      ['["fe80::1%eth0/64"]', 'allowPrivateNetwork.0', '"fe80::1%eth0/64"', 'IPv4 or IPv6 range'],
      ['[8]', 'allowPrivateNetwork.0', 'not a CIDR: 8', ''],
      ['yes', 'allowPrivateNetwork', '"yes"', 'true, false or a list of CIDRs'],
      ['"10.0.0.0/8"', 'allowPrivateNetwork', '"10.0.0.0/8"', 'true, false or a list of CIDRs'],
      ['{ a: 1 }', 'allowPrivateNetwork', '{"a":1}', 'true, false or a list of CIDRs'],
    ])('refuses allowPrivateNetwork: %s naming the source, the field and the value', (value, field, shown, hint) => {
      const { sources: s, errors: e } = one(value);
      expect(s).toEqual([]);
      expect(e).toEqual([{ sourceId: 'a', field, message: expect.stringContaining(shown) }]);
      expect(e[0].message).toContain(hint);
    });
  });
});

describe('a bad source reports every bad field at once', () => {
  const fields = (yaml: string): string[] =>
    parseSources(`sources:\n${yaml}`, {}, '/')
      .errors.map((e) => e.field)
      .sort();

  it('a parking source: bad id, interval, format, unknown key and a missing variable, all five', () => {
    const yaml = [
      '  - id: Bad_Id',
      '    kind: parking',
      '    format: csv-magic',
      '    url: https://x.example/a',
      '    interval: often',
      '    intervall: 1m',
      '    headers: { X-Key: "${NOT_SET}" }',
    ].join('\n');
    expect(fields(yaml)).toEqual(['format', 'headers.X-Key', 'id', 'interval', 'intervall']);
  });

  it('a json-mapping source without mapping.id and with a bad interval: both', () => {
    const yaml = [
      '  - id: m',
      '    kind: parking',
      '    format: json-mapping',
      '    url: https://x.example/a',
      '    interval: often',
      '    mapping: { items: results }',
    ].join('\n');
    expect(fields(yaml)).toEqual(['interval', 'mapping.id']);
  });

  it('a source without a valid kind still has its other fields checked', () => {
    expect(fields('  - { id: Bad_Id, kind: bus, url: "ftp://x/a", interval: often }')).toEqual([
      'id',
      'interval',
      'kind',
      'url',
    ]);
  });

  it('a gtfs-rt source may go without feed (realtime without a timetable)', () => {
    const loaded = parseSources(
      'sources:\n  - { id: nyct-rt, kind: gtfs-rt, urls: { alerts: "https://x.example/a.pb" }, interval: 30s }\n',
      {},
      '/',
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.sources[0]).toMatchObject({ id: 'nyct-rt', kind: 'gtfs-rt' });
    expect(loaded.sources[0]).not.toHaveProperty('feed');
  });

  it("a gtfs-rt source's expireAfter (DIFFERENTIAL feeds) is a duration", () => {
    const load = (value: string) =>
      parseSources(
        `sources:\n  - { id: rt, kind: gtfs-rt, urls: { alerts: "https://x.example/a.pb" }, interval: 30s${value} }\n`,
        {},
        '/',
      );
    expect(load(', expireAfter: 2m').sources[0]).toMatchObject({ expireAfterMs: 120_000 });
    expect(load('').sources[0]).not.toHaveProperty('expireAfterMs');
    expect(load(', expireAfter: soon').errors.map((e) => e.field)).toEqual(['expireAfter']);
  });

  it('a gtfs-rt source without urls and with a bad feed: both', () => {
    expect(fields('  - { id: rt, kind: gtfs-rt, feed: Bad_Feed, urls: {}, interval: often }')).toEqual([
      'feed',
      'interval',
      'urls',
    ]);
  });
});

describe("timestamps (what a parking feed's times mean)", () => {
  const load = (value: string) =>
    parseSources(
      `sources:\n  - { id: p, kind: parking, format: parkapi, url: "https://x.example/a", interval: 1m${value} }\n`,
      {},
      '/',
    );

  it('is absent by default, and takes change or observation', () => {
    expect(load('').sources[0]).not.toHaveProperty('timestamps', expect.anything());
    expect(load(', timestamps: change').sources[0]).toMatchObject({ timestamps: 'change' });
    expect(load(', timestamps: observation').sources[0]).toMatchObject({ timestamps: 'observation' });
  });

  it('refuses any other word, naming the field', () => {
    const { sources, errors } = load(', timestamps: sometimes');
    expect(sources).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ sourceId: 'p', field: 'timestamps' })]);
  });
});

describe('${NAME} naming a key every object inherits (constructor, toString...) is an unset variable', () => {
  const source = (headers: string) =>
    `sources:\n  - id: a\n    kind: parking\n    format: parkapi\n    url: https://x.example/d\n    interval: 1m\n    headers: ${headers}\n`;

  it('without a default: the variable is not set, named in the error; with one: the default', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      const unset = parseSources(source(`{ X-Key: "\${${name}}" }`), { OTHER: 'x' }, '/');
      expect(unset.errors).toEqual([
        { sourceId: 'a', field: 'headers.X-Key', message: `environment variable ${name} is not set` },
      ]);
      expect(unset.substitutedVars).toEqual([]);
      const fallback = parseSources(source(`{ X-Key: "k-\${${name}:-none}" }`), { OTHER: 'x' }, '/');
      expect(fallback.errors).toEqual([]);
      expect(fallback.sources[0]?.kind === 'parking' && fallback.sources[0].headers).toEqual({ 'X-Key': 'k-none' });
    }
  });
});
