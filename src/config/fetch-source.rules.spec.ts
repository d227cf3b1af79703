import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('crs', () => {
  it('a built-in code is taken, and the static reference reads its coordinates in it too', () => {
    const loaded = parseSources(
      source('    crs: EPSG:25832\n    static: { url: https://x.example/t.xml, format: datex2 }\n'),
      {},
      '/',
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.sources[0]).toMatchObject({ crs: 'EPSG:25832', static: { crs: 'EPSG:25832' } });
  });

  it('an unknown one is an error naming the field, the value and the codes taken', () => {
    for (const bad of ['EPSG:9999', 'epsg:25832', 'UTM32', 'constructor']) {
      const loaded = parseSources(source(`    crs: ${bad}\n`), {}, '/');
      expect(loaded.sources).toEqual([]);
      expect(loaded.errors).toEqual([
        {
          sourceId: 'p',
          field: 'crs',
          message: `unknown coordinate system "${bad}" (one of EPSG:4326, EPSG:25832, EPSG:25833, EPSG:2154, EPSG:3857, EPSG:31467)`,
        },
      ]);
    }
  });

  it('absent: no crs (coordinates are WGS84 degrees)', () => {
    const loaded = parseSources(source('    static: { url: https://x.example/t.xml, format: datex2 }\n'), {}, '/');
    expect(loaded.sources[0]).not.toHaveProperty('crs');
    expect(loaded.sources[0]).not.toHaveProperty('static.crs');
  });
});

describe('request, auth, tls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fetch-rules-'));
  writeFileSync(path.join(dir, 'req.xml'), '<Siri/>');
  writeFileSync(path.join(dir, 'c.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
  writeFileSync(path.join(dir, 'not.pem'), 'hello');
  const load = (extra: string, vars: Record<string, string> = {}) => parseSources(source(extra), vars, dir);

  it('a body file is read at load; tls paths are resolved against the sources file', () => {
    const loaded = load(
      '    request: { method: POST, body: { file: req.xml }, contentType: application/xml }\n    tls: { cert: c.pem, key: c.pem }\n',
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.sources[0]).toMatchObject({
      request: { method: 'POST', body: '<Siri/>', contentType: 'application/xml' },
      tls: { cert: path.join(dir, 'c.pem'), key: path.join(dir, 'c.pem') },
    });
  });

  it('unreadable files, a body on a GET, a literal client secret: each an error naming its field', () => {
    expect(load('    request: { method: POST, body: { file: nope.xml } }\n').errors.map((e) => e.field)).toEqual([
      'request.body.file',
    ]);
    const tls = load('    tls: { cert: nope.pem, key: not.pem }\n').errors;
    expect(tls.map((e) => e.field)).toEqual(['tls.cert', 'tls.key']);
    expect(tls[0].message).toContain('no such file (ENOENT)');
    expect(tls[1].message).toContain('not a PEM file');
    expect(load('    request: { method: GET, body: x }\n').errors.map((e) => e.field)).toEqual(['request.body']);
    const literal = load(
      '    auth: { type: oauth2-client-credentials, tokenUrl: "https://a.example/t", clientId: c, clientSecret: hunter2 }\n',
    ).errors;
    expect(literal).toEqual([
      expect.objectContaining({ field: 'auth.clientSecret', message: expect.stringContaining('environment variable') }),
    ]);
    expect(literal[0].message).not.toContain('hunter2');
  });

  it('auth from the environment', () => {
    const loaded = load(
      '    auth: { type: oauth2-client-credentials, tokenUrl: "https://a.example/t", clientId: c, clientSecret: "${S}" }\n',
      { S: 'from-env' },
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.sources[0]).toMatchObject({ auth: { clientSecret: 'from-env', tokenUrl: 'https://a.example/t' } });
    expect(loaded.substitutedVars).toContain('S');
  });
});

describe('what a static: reference takes of auth and tls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fetch-rules-static-'));
  writeFileSync(path.join(dir, 'c.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
  const withStatic = (url: string) =>
    parseSources(
      source(
        '    auth: { type: oauth2-client-credentials, tokenUrl: "https://x.example/token", clientId: c, clientSecret: "${S}" }\n' +
          '    tls: { cert: c.pem, key: c.pem }\n' +
          '    request: { method: POST, body: "<Siri/>" }\n' +
          `    static: { url: "${url}", format: datex2 }\n`,
      ),
      { S: 'from-env' },
      dir,
    );

  it('on the same origin: the OAuth2 client and the certificate, not the request', () => {
    const loaded = withStatic('https://x.example/table.xml');
    expect(loaded.errors).toEqual([]);
    const st = (loaded.sources[0] as { static?: Record<string, unknown> }).static;
    expect(st).toMatchObject({ auth: { clientId: 'c' }, tls: { cert: path.join(dir, 'c.pem') } });
    expect(st).not.toHaveProperty('request');
  });

  it('on another host: neither', () => {
    const st = (withStatic('https://elsewhere.example/table.xml').sources[0] as { static?: Record<string, unknown> })
      .static;
    expect(st).not.toHaveProperty('auth');
    expect(st).not.toHaveProperty('tls');
  });
});

describe('auth and tls on gtfs and gtfs-rt sources', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fetch-rules-transit-'));
  writeFileSync(path.join(dir, 'c.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
  const auth = (secret: string) =>
    `    auth: { type: oauth2-client-credentials, tokenUrl: "https://nap.example/t", clientId: c, clientSecret: "${secret}" }\n`;
  const transit = (extra: string) =>
    `sources:\n  - id: g\n    kind: gtfs\n    url: https://nap.example/g.zip\n    interval: 24h\n${extra}` +
    `  - id: r\n    kind: gtfs-rt\n    urls: { tripUpdates: https://nap.example/tu, alerts: { url: https://nap.example/al } }\n    interval: 30s\n${extra}`;

  it('each URL of a gtfs-rt source, and a gtfs source, take the source’s auth and tls', () => {
    const loaded = parseSources(transit(auth('${S}') + '    tls: { cert: c.pem, key: c.pem }\n'), { S: 'sec' }, dir);
    expect(loaded.errors).toEqual([]);
    const expected = {
      auth: { tokenUrl: 'https://nap.example/t', clientSecret: 'sec' },
      tls: { cert: path.join(dir, 'c.pem'), key: path.join(dir, 'c.pem') },
    };
    const [g, r] = loaded.sources;
    expect(g).toMatchObject(expected);
    expect(r.kind === 'gtfs-rt' ? r.urls : undefined).toMatchObject({ tripUpdates: expected, alerts: expected });
  });

  it('request: on a gtfs source, on every URL of a gtfs-rt source, or on one URL object in place of the source’s', () => {
    writeFileSync(path.join(dir, 'q.json'), '{"q":1}');
    const loaded = parseSources(
      transit('    request: { method: POST, body: { file: q.json }, contentType: application/json }\n').replace(
        'alerts: { url: https://nap.example/al }',
        'alerts: { url: https://nap.example/al, request: { method: POST, body: alerts } }',
      ),
      {},
      dir,
    );
    expect(loaded.errors).toEqual([]);
    const [g, r] = loaded.sources;
    const posted = { method: 'POST', body: '{"q":1}', contentType: 'application/json' };
    expect(g).toMatchObject({ request: posted });
    expect(r.kind === 'gtfs-rt' ? r.urls : undefined).toEqual({
      tripUpdates: expect.objectContaining({ request: posted }),
      alerts: expect.objectContaining({ request: { method: 'POST', body: 'alerts' } }),
    });
  });

  it('a bad request on a transit source is a config error naming its field', () => {
    const errors = (extra: string, url = 'alerts: { url: https://nap.example/al }') =>
      parseSources(transit(extra).replace('alerts: { url: https://nap.example/al }', url), {}, dir).errors.map((e) => [
        e.sourceId,
        e.field,
      ]);
    expect(errors('    request: { method: GET, body: x }\n')).toEqual([
      ['g', 'request.body'],
      ['r', 'request.body'],
    ]);
    expect(errors('    request: { method: POST, body: { file: nope.json } }\n')).toEqual([
      ['g', 'request.body.file'],
      ['r', 'request.body.file'],
    ]);
    expect(
      errors('', 'alerts: { url: https://nap.example/al, request: { method: POST, body: { file: nope.json } } }'),
    ).toEqual([['r', 'urls.alerts.request.body.file']]);
  });

  it('a literal client secret is refused on transit sources too', () => {
    const errors = parseSources(transit(auth('hunter2')), {}, dir).errors;
    expect(errors.map((e) => [e.sourceId, e.field])).toEqual([
      ['g', 'auth.clientSecret'],
      ['r', 'auth.clientSecret'],
    ]);
  });
});
