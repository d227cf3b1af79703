import { loadSourcesFile } from './sources.loader.js';

/** The YAML files shipped in config/ must load without a single error (they are documentation). */
describe('shipped sources files', () => {
  it('config/sources.yaml (the demo) loads cleanly', () => {
    const { sources, errors } = loadSourcesFile('config/sources.yaml', { HUB_DEMO_URL: 'http://127.0.0.1:9' });
    expect(errors).toEqual([]);
    expect(sources.map((s) => s.id)).toEqual(['poitiers-parkings', 'vitalis-gtfs', 'vitalis-rt']);
  });

  it('config/sources.example.yaml loads cleanly, one source per format', () => {
    const { sources, errors } = loadSourcesFile('config/sources.example.yaml', { AACHEN_TOKEN: 't' });
    expect(errors).toEqual([]);
    const formats = sources.flatMap((s) => (s.kind === 'parking' ? [s.format] : [s.kind]));
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
