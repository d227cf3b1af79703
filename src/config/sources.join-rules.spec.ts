import type { ParkingSourceConfig } from './source-config.js';
import { parseSources } from './sources.loader.js';

/** Issue #15: the per-source id rule, and what a `static:` reference takes from its source. */

function parking(yaml: string): { source?: ParkingSourceConfig; errors: Array<{ field: string; message: string }> } {
  const { sources, errors } = parseSources(`sources:\n${yaml}`, { KEY: 'k3y' }, '/etc/hub');
  const source = sources[0];
  return { source: source?.kind === 'parking' ? source : undefined, errors };
}

describe('idPattern (issue #15)', () => {
  const base = `  - id: rt
    kind: parking
    format: datex2
    url: https://x.example/rt.xml
    interval: 1m
`;

  it('keeps a regex with one capture group', () => {
    const { source, errors } = parking(`${base}    idPattern: '^(\\d+)'\n`);
    expect(errors).toEqual([]);
    expect(source?.idPattern).toBe('^(\\d+)');
  });

  it('refuses a pattern that is not a regular expression, naming the field', () => {
    const { source, errors } = parking(`${base}    idPattern: '^(\\d+'\n`);
    expect(source).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('idPattern');
    expect(errors[0]?.message).toMatch(/not a regular expression/);
  });

  it.each([
    ['no capture group', '^\\d+', 0],
    ['two capture groups', '^(\\d+)-(\\w+)', 2],
  ])('refuses a pattern with %s', (_label, pattern, groups) => {
    const { errors } = parking(`${base}    idPattern: '${pattern}'\n`);
    expect(errors.map((e) => e.field)).toEqual(['idPattern']);
    expect(errors[0]?.message).toContain('exactly one capture group');
    expect(errors[0]?.message).toContain(`has ${groups}`);
  });

  it('counts a non-capturing group as no group', () => {
    const { errors } = parking(`${base}    idPattern: '^(?:P-)?(\\d+)'\n`);
    expect(errors).toEqual([]);
  });
});

describe('a static: reference inherits from its source (issue #15)', () => {
  const source = (staticYaml: string): string => `  - id: rt
    kind: parking
    format: parkapi
    url: https://x.example/rt.json
    interval: 1m
    allowPrivateNetwork: [10.0.0.0/8]
    headers: { Authorization: "Bearer \${KEY}", X-Client: hub }
    static:
${staticYaml}`;

  it('takes allowPrivateNetwork and headers when it sets neither', () => {
    const { source: s, errors } = parking(source('      url: https://x.example/ref.json\n      format: parkapi\n'));
    expect(errors).toEqual([]);
    expect(s?.static?.headers).toEqual({ Authorization: 'Bearer k3y', 'X-Client': 'hub' });
    expect(s?.static?.allowPrivateNetwork).toEqual(s?.allowPrivateNetwork);
    expect(s?.static?.allowPrivateNetwork).not.toBe(false);
  });

  it('keeps its own allowPrivateNetwork and merges its headers over the source headers', () => {
    const { source: s } = parking(
      source(
        '      url: https://x.example/ref.json\n      format: parkapi\n      allowPrivateNetwork: false\n' +
          '      headers: { X-Client: static-job }\n',
      ),
    );
    expect(s?.static?.allowPrivateNetwork).toBe(false);
    expect(s?.static?.headers).toEqual({ Authorization: 'Bearer k3y', 'X-Client': 'static-job' });
  });

  it('does not send the source headers to a reference on another host', () => {
    const { source: s } = parking(
      source('      url: https://other.example/ref.json\n      format: parkapi\n      headers: { X-Own: yes }\n'),
    );
    expect(s?.static?.headers).toEqual({ 'X-Own': 'yes' });
    expect(s?.static?.allowPrivateNetwork).toEqual(s?.allowPrivateNetwork);
  });

  it('does not take timeout or maxBytes (a static file is often larger and slower)', () => {
    const { source: s } = parking(
      source('      url: https://x.example/ref.json\n      format: parkapi\n').replace(
        '    interval: 1m\n',
        '    interval: 1m\n    timeout: 2s\n    maxBytes: 1MB\n',
      ),
    );
    expect(s?.timeoutMs).toBe(2000);
    expect(s?.static?.timeoutMs).toBe(10_000);
    expect(s?.static?.maxBytes).toBe(20 * 1024 * 1024);
  });
});
