import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';
import { spawnHub } from '../support/hub-process.js';

/**
 * A config error at boot is an operator's mistake: one line on the output naming what to fix, exit 1,
 * no stack trace, and nothing started. No Redis answers on HUB_LOCAL_REDIS and PATH holds no
 * redis-server, so a hub that got past its config would stop on the missing Redis instead.
 */
async function boot(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const hub = spawnHub({
    PATH: mkdtempSync(path.join(tmpdir(), 'empty-path-')),
    HUB_LOCAL_REDIS: `127.0.0.1:${await freePort()}`,
    HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
    ...env,
  });
  const code = await hub.exited;
  return { code, lines: hub.output().trim().split('\n') };
}

function sourcesFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hub-sources-')), 'sources.yaml');
  writeFileSync(file, text);
  return file;
}

const noStack = (line: string): boolean => !/\n\s+at |\bat .*\.js:\d+/.test(line);

describe('config errors at boot', () => {
  it('PORT=abc: one line naming PORT and the value, exit 1', async () => {
    const { code, lines } = await boot({ PORT: 'abc' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/"abc"/);
    expect(lines[0]).not.toMatch(/NaN/);
    expect(noStack(lines[0])).toBe(true);
  });

  it('a bad HUB_* value: one line naming the variable, every bad variable at once', async () => {
    const { code, lines } = await boot({ HUB_POLL_CONCURRENCY: '0', HUB_SCHEDULE_CHECK: 'often' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HUB_POLL_CONCURRENCY/);
    expect(lines[0]).toMatch(/HUB_SCHEDULE_CHECK/);
  });

  it('does not print the value of a secret variable', async () => {
    const { code, lines } = await boot({ HUB_ADMIN_TOKEN: 'short-secret' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HUB_ADMIN_TOKEN/);
    expect(lines[0]).not.toMatch(/short-secret/);
  });

  it('HUB_SOURCES naming a missing file refuses to start: one line naming HUB_SOURCES and the path', async () => {
    const { code, lines } = await boot({ HUB_SOURCES: '/no/such/file.yaml' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HUB_SOURCES/);
    expect(lines[0]).toContain('/no/such/file.yaml');
    expect(noStack(lines[0])).toBe(true);
  });

  it('a sources path that is a directory refuses to start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-sources-'));
    const { code, lines } = await boot({ HUB_SOURCES: dir });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(dir);
  });

  // root reads any file whatever its mode
  (process.getuid?.() === 0 ? it.skip : it)('an unreadable sources file refuses to start', async () => {
    const file = sourcesFile('sources: []\n');
    chmodSync(file, 0o000);
    const { code, lines } = await boot({ HUB_SOURCES: file });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
  });

  it('a sources file that is not YAML, or has no sources list, refuses to start with one line', async () => {
    for (const text of ['sources: [\n', 'foo: 1\n']) {
      const file = sourcesFile(text);
      const { code, lines } = await boot({ HUB_SOURCES: file });
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(/YAML|sources:/);
    }
  });
});
