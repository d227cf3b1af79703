import { randomUUID } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The staging folder's files: downloads in progress (`<source>-<uuid>.<pid>.part`, the pid of the
 * process writing it), zips waiting for their import job (`<source>-<hash16>.zip`) and zips being
 * imported (`<source>-<hash16>.<pid>.importing`). Its size is bounded: each download is capped by
 * its source's `maxBytes`, a source has at most one zip waiting (a newer one supersedes it; an
 * import job whose zip is gone fetches the feed again) and one being imported per process, and
 * what dead processes left is removed at start.
 */

/** A fresh download file of this process for `sourceId`. */
export function partFileName(sourceId: string, pid = process.pid): string {
  return `${sourceId}-${randomUUID()}.${pid}.part`;
}

/** `<source>-<hash16>.zip`: the hash is the zip's sha256 (base64url, may contain '-'). */
export function stagedZipName(sourceId: string, sha256: string): string {
  return `${sourceId}-${sha256.slice(0, 16)}.zip`;
}

function zipSource(name: string): string | undefined {
  return /^.+-[A-Za-z0-9_-]{16}\.zip$/.test(name) ? name.slice(0, -'-0123456789abcdef.zip'.length) : undefined;
}

/** The pid of the process writing (`.part`) or importing (`.importing`) a file; undefined for other files. */
function ownerPid(name: string): number | undefined {
  const match = /\.(\d+)\.(part|importing)$/.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Takes a waiting zip for this process's import: renamed to `.importing`, so a newer zip of the
 * source never removes it mid-import. Undefined when it is gone (superseded, or on another disk).
 */
export async function claimStaged(file: string, pid = process.pid): Promise<string | undefined> {
  const claimed = file.replace(/\.zip$/, `.${pid}.importing`);
  try {
    await rename(file, claimed);
    return claimed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StagingCleanup {
  /** Downloads and imports whose process is gone (or of this process, which runs none at start). */
  parts: string[];
  /** Zips of sources no longer configured: no import job will take them. */
  zips: string[];
}

/**
 * At start: removes `.part` and `.importing` files of processes that no longer run (a download or
 * an import cut by a crash or a SIGKILL; a worker sharing the folder that still runs keeps its
 * own), files of no known kind, and zips of sources not in `gtfsSourceIds`. Waiting zips of
 * configured sources stay for their jobs.
 */
export async function cleanStaging(
  dir: string,
  gtfsSourceIds: ReadonlySet<string>,
  alive: (pid: number) => boolean = processAlive,
): Promise<StagingCleanup> {
  const removed: StagingCleanup = { parts: [], zips: [] };
  for (const name of await listDir(dir)) {
    if (name.endsWith('.part') || name.endsWith('.importing')) {
      const pid = ownerPid(name);
      if (pid !== undefined && pid !== process.pid && alive(pid)) continue;
      removed.parts.push(name);
    } else {
      const source = zipSource(name);
      if (source !== undefined && gtfsSourceIds.has(source)) continue;
      removed.zips.push(name);
    }
    await rm(path.join(dir, name), { force: true, recursive: true });
  }
  return removed;
}

/** Removes the zips of `sourceId` waiting in staging other than `keep` (one zip per source). */
export async function supersedeStaged(dir: string, sourceId: string, keep: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await listDir(dir)) {
    if (name === keep || zipSource(name) !== sourceId) continue;
    await rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
