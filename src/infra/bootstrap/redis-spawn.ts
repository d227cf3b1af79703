import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BootstrapException } from './bootstrap-errors.js';
import { tieToProcess } from './process-lifetime.js';
import { waitForRedis } from './redis-probe.js';

/** Searches `searchPath` ourselves because minimal images often have no `which`. */
export function findExecutable(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface SpawnedRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** Starts a throw-away redis-server (no persistence) bound to 127.0.0.1 and waits until it answers. */
export async function spawnRedis(bin: string, port: number, dataDir: string): Promise<SpawnedRedis> {
  await mkdir(dataDir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir];
  args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = keepTail(child);
  const untie = tieToProcess(() => child.kill('SIGTERM'));
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForRedis(url, READY_TIMEOUT_MS, () => child.exitCode !== null || child.signalCode !== null);
  } catch (err) {
    untie();
    child.kill('SIGKILL');
    const detail = output().trim().split('\n').pop() ?? '';
    throw new BootstrapException(`redis-server (${bin}) did not answer on ${url}: ${detail}`, err);
  }
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child, untie) };
}

/** Redis logs to stdout: keep reading so a full pipe never blocks it, remember the end for errors. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('error', (err) => append(Buffer.from(`\n${err.message}`)));
  return () => tail;
}

async function stopChild(child: ChildProcess, untie: () => void): Promise<void> {
  untie();
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
