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
});
