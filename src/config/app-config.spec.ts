import { loadAppConfig } from './app-config.js';

describe('loadAppConfig', () => {
  it('gives working defaults with an empty environment: role all, demo on, default sources', () => {
    const config = loadAppConfig({}, '/srv/hub');
    expect(config.role).toBe('all');
    expect(config.port).toBe(3000);
    expect(config.sourcesPath).toBe('/srv/hub/config/sources.yaml');
    expect(config.sourcesAreDefault).toBe(true);
    expect(config.demo.enabled).toBe(true);
    expect(config.replayWindowMs).toBe(600_000);
  });

  it('turns the demo operator off when HUB_SOURCES names a file, unless HUB_DEMO=true', () => {
    expect(loadAppConfig({ HUB_SOURCES: 'my.yaml' }, '/x').demo.enabled).toBe(false);
    expect(loadAppConfig({ HUB_SOURCES: 'my.yaml', HUB_DEMO: 'true' }, '/x').demo.enabled).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => loadAppConfig({ HUB_ROLE: 'boss', PORT: 'eighty', REDIS_URL: 'http://x' })).toThrow(
      /HUB_ROLE.*PORT.*REDIS_URL|HUB_ROLE[\s\S]*PORT[\s\S]*REDIS_URL/,
    );
  });

  it('rejects a prefix that could collide with key separators', () => {
    expect(() => loadAppConfig({ HUB_PREFIX: 'a:b' })).toThrow(/HUB_PREFIX/);
  });

  it('writes JSON logs when stdout is not a terminal, readable ones on a terminal, unless LOG_FORMAT says', () => {
    expect(loadAppConfig({}, '/', false).logFormat).toBe('json');
    expect(loadAppConfig({}, '/', true).logFormat).toBe('pretty');
    expect(loadAppConfig({ NODE_ENV: 'production' }, '/', true).logFormat).toBe('json');
    expect(loadAppConfig({ LOG_FORMAT: 'pretty' }, '/', false).logFormat).toBe('pretty');
    expect(loadAppConfig({ LOG_FORMAT: 'json' }, '/', true).logFormat).toBe('json');
  });
});
