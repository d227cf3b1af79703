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
});
