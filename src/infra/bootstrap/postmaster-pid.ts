import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './bootstrap-errors.js';

export interface RunningPostmaster {
  pid: number;
  port: number;
}

/**
 * The server recorded in `<dataDir>/postmaster.pid` when that process is still alive: a hub
 * killed with SIGKILL leaves its embedded server running, and a new one could not start
 * on the same data dir ("lock file postmaster.pid already exists").
 */
export async function findRunningPostmaster(dataDir: string): Promise<RunningPostmaster | undefined> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  // Line 1 is the pid, line 4 the port (see PostgreSQL's pidfile.h).
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  return isAlive(pid) ? { pid, port } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}
