import { parseSources } from './sources.loader.js';

const TOKEN = 'push-token-0123456789abcdef';

/** One parking source in a sources file, its fields given as YAML lines (indented 4). */
const load = (lines: string[], env: Record<string, string> = { PUSH_TOKEN: TOKEN }) =>
  parseSources(
    ['sources:', '  - id: city-push', '    kind: parking', '    format: parkapi', ...lines.map((l) => `    ${l}`)].join(
      '\n',
    ),
    env,
    '/',
  );
const errors = (lines: string[], env?: Record<string, string>) =>
  load(lines, env).errors.map((e) => [e.field, e.message]);

/** `mode: push` sources at load (docs/interface.md § Push sources). */
describe('push sources in the sources file', () => {
  it('loads a push source without url: token substituted, defaults for rate, interval and staleness', () => {
    const { sources, errors: problems } = load(['mode: push', 'pushToken: ${PUSH_TOKEN}']);
    expect(problems).toEqual([]);
    expect(sources).toEqual([
      expect.objectContaining({
        id: 'city-push',
        mode: 'push',
        url: '',
        pushToken: TOKEN,
        pushPerMinute: 60,
        intervalMs: 60_000,
        staleAfterMs: 180_000,
      }),
    ]);
  });

  it('takes pushPerMinute, interval and maxBytes', () => {
    const { sources } = load([
      'mode: push',
      'pushToken: ${PUSH_TOKEN}',
      'pushPerMinute: 5',
      'interval: 2m',
      'maxBytes: 1MB',
    ]);
    expect(sources[0]).toMatchObject({ pushPerMinute: 5, intervalMs: 120_000, maxBytes: 1024 * 1024 });
  });

  it('refuses a push source without pushToken', () => {
    expect(errors(['mode: push'])).toEqual([
      ['pushToken', 'required for mode: push, as an environment variable reference such as ${PARKING_PUSH_TOKEN}'],
    ]);
  });

  it('refuses a push source with a url', () => {
    expect(errors(['mode: push', 'pushToken: ${PUSH_TOKEN}', 'url: https://x.example/p'])).toEqual([
      ['url', 'a push source has no url: it is sent its data'],
    ]);
  });

  it('refuses a token written in the file instead of a ${VAR} reference', () => {
    expect(errors(['mode: push', `pushToken: ${TOKEN}`]).map(([field]) => field)).toEqual(['pushToken']);
    expect(errors(['mode: push', `pushToken: ${TOKEN}`])[0][1]).toContain('environment variable reference');
  });

  it('refuses a token shorter than 16 characters, and an unset variable', () => {
    expect(errors(['mode: push', 'pushToken: ${PUSH_TOKEN}'], { PUSH_TOKEN: 'short' })).toEqual([
      ['pushToken', 'at least 16 characters'],
    ]);
    const unset = errors(['mode: push', 'pushToken: ${PUSH_TOKEN}'], {});
    expect(unset.map(([field]) => field)).toEqual(['pushToken']);
    expect(unset[0][1]).toContain('PUSH_TOKEN');
  });

  it('refuses a static reference on a push source (not yet supported)', () => {
    expect(
      errors(['mode: push', 'pushToken: ${PUSH_TOKEN}', 'static: { url: https://x.example/s, format: parkapi }']),
    ).toEqual([['static', 'not yet supported on a push source']]);
  });

  it('refuses push fields on a polled source, and a polled source without url and interval', () => {
    expect(
      errors(['url: https://x.example/p', 'interval: 1m', 'pushToken: ${PUSH_TOKEN}', 'pushPerMinute: 5']).sort(),
    ).toEqual([
      ['pushPerMinute', 'only for mode: push'],
      ['pushToken', 'only for mode: push'],
    ]);
    expect(errors(['mode: poll']).sort()).toEqual([
      ['interval', 'required (or mode: push)'],
      ['url', 'required (or mode: push)'],
    ]);
  });

  it('refuses an unknown mode and a pushPerMinute out of 1–6000', () => {
    expect(errors(['mode: pull', 'pushToken: ${PUSH_TOKEN}']).map(([field]) => field)).toContain('mode');
    for (const n of [0, 6001]) {
      expect(errors(['mode: push', 'pushToken: ${PUSH_TOKEN}', `pushPerMinute: ${n}`]).map(([f]) => f)).toEqual([
        'pushPerMinute',
      ]);
    }
  });
});
