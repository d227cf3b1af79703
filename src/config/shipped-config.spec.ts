import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSourcesFile } from './sources.loader.js';

/** The YAML files shipped in config/ must load without a single error (they are documentation). */
describe('shipped sources files', () => {
  it('config/sources.yaml (the demo) loads cleanly', () => {
    const { sources, errors } = loadSourcesFile('config/sources.yaml', { HUB_DEMO_URL: 'http://127.0.0.1:9' });
    expect(errors).toEqual([]);
    expect(sources.map((s) => s.id)).toEqual(['poitiers-parkings', 'vitalis-gtfs', 'vitalis-rt']);
  });

  it('config/sources.example.yaml loads cleanly, one source per format, and a push source', () => {
    const env = { AACHEN_TOKEN: 't', OPERATOR_PUSH_TOKEN: 'a-push-token-of-32-characters-xx' };
    const { sources, errors } = loadSourcesFile('config/sources.example.yaml', env);
    expect(errors).toEqual([]);
    const pushed = sources.filter((s) => s.kind === 'parking' && s.mode === 'push');
    expect(pushed).toEqual([
      expect.objectContaining({
        id: 'operator-push',
        format: 'parkapi',
        mode: 'push',
        url: '',
        pushToken: env.OPERATOR_PUSH_TOKEN,
        pushPerMinute: 12,
        intervalMs: 5 * 60_000,
        staleAfterMs: 15 * 60_000,
      }),
    ]);
    const formats = sources
      .filter((s) => !pushed.includes(s))
      .flatMap((s) => (s.kind === 'parking' ? [s.format] : [s.kind]));
    expect(formats.sort()).toEqual(
      [
        'datex2',
        'gtfs',
        'gtfs-rt',
        'json-mapping',
        'csv-mapping',
        'ngsi',
        'opendatasoft',
        'parkapi',
        'schema-stationnement',
        'siri-fm',
      ].sort(),
    );
  });

  it('the commented auth / tls / request / timeZone examples of sources.example.yaml load once uncommented', () => {
    const text = readFileSync('config/sources.example.yaml', 'utf8');
    const block = /^ {2}# >>> fetch ways\n([\s\S]*?)^ {2}# <<< fetch ways$/m.exec(text)?.[1];
    expect(block).toBeDefined();
    const yaml = `sources:\n${(block ?? '').replace(/^ {2}# /gm, '  ')}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'shipped-fetch-ways-'));
    try {
      mkdirSync(path.join(dir, 'certs'));
      const pem = '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n';
      for (const file of ['hub.pem', 'hub.key', 'nap-ca.pem']) writeFileSync(path.join(dir, 'certs', file), pem);
      writeFileSync(path.join(dir, 'siri-fm-request.xml'), '<Siri/>');
      writeFileSync(path.join(dir, 'sources.yaml'), yaml);
      const { sources, errors } = loadSourcesFile(path.join(dir, 'sources.yaml'), { NAP_CLIENT_SECRET: 's' });
      expect(errors).toEqual([]);
      expect(sources.map((s) => s.id)).toEqual(['nap-rt', 'siri-fm-post']);
      const [rt, siri] = sources;
      expect(rt.kind === 'gtfs-rt' ? rt.urls.tripUpdates : undefined).toMatchObject({
        auth: { clientSecret: 's', scope: 'gtfs-rt.read' },
        tls: { cert: path.join(dir, 'certs', 'hub.pem') },
      });
      expect(siri).toMatchObject({ request: { method: 'POST', body: '<Siri/>' }, timeZone: 'Europe/Rome' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
