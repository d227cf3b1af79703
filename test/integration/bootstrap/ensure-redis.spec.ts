import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ensureRedis, MissingRedisError, type ResolvedRedis } from '../../../src/infra/bootstrap/ensure-services.js';
import { findExecutable } from '../../../src/infra/bootstrap/redis-spawn.js';
import { freePort as deadPort } from '../../support/free-port.js';

/** Resolves with the socket error code once connecting fails, 'connected' if something listens. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function ping(url: string): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

/**
 * A local Redis that is busy: a proxy to 127.0.0.1:6379 whose answers reach the client `delayMs`
 * late (as a loaded machine's Redis can answer), so a probe that gives up too soon spawns a
 * second Redis beside it.
 */
async function slowRedis(delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((client) => {
    const upstream = connect(6379, '127.0.0.1');
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => setTimeout(() => client.writable && client.write(chunk), delayMs));
    client.on('close', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('ensureRedis', () => {
  let tmp: string;
  let logs: string[];
  const log = (line: string): void => {
    logs.push(line);
  };

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'hub-redis-'));
    logs = [];
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('uses the Redis already listening on 127.0.0.1:6379 when no URL is given', async () => {
    const redis = await ensureRedis({ dataDir: tmp, log });
    expect(redis.origin).toBe('local');
    expect(redis.url).toBe('redis://127.0.0.1:6379');
    expect(logs).toEqual(['redis: local server at 127.0.0.1:6379']);
    expect(await ping(redis.url)).toBe('PONG');
  });

  it('uses a local Redis that answers late (1.5 s, a busy machine) instead of spawning a second one', async () => {
    const slow = await slowRedis(1500);
    try {
      const spawnPort = await deadPort();
      const redis = await ensureRedis({ dataDir: tmp, log, probePort: slow.port, spawnPort });
      try {
        expect([redis.origin, redis.url]).toEqual(['local', `redis://127.0.0.1:${slow.port}`]);
      } finally {
        await redis.stop();
      }
    } finally {
      await slow.close();
    }
  }, 20_000);

  it('uses REDIS_URL as given when it answers', async () => {
    const redis = await ensureRedis({ url: 'redis://127.0.0.1:6379/2', dataDir: tmp, log });
    expect(redis.origin).toBe('env');
    expect(redis.url).toBe('redis://127.0.0.1:6379/2');
    expect(logs).toEqual(['redis: REDIS_URL redis://127.0.0.1:6379/2']);
  });

  it('names a dead REDIS_URL without its password', async () => {
    const port = await deadPort();
    const attempt = ensureRedis({ url: `redis://:s3cret@127.0.0.1:${port}`, dataDir: tmp, log });
    const message = await attempt.catch((err: unknown) => (err instanceof Error ? err.message : ''));
    expect(message).toBe(
      `REDIS_URL redis://:***@127.0.0.1:${port} does not answer: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('throws a one-line MissingRedisError when nothing listens and no redis-server is on PATH', async () => {
    const port = await deadPort();
    // A PATH entry holding a non-executable file of that name must not count as "found".
    await writeFile(path.join(tmp, 'redis-server'), '#!/bin/sh\n', { mode: 0o644 });
    const attempt = ensureRedis({ dataDir: tmp, log, probePort: port, searchPath: tmp });
    await expect(attempt).rejects.toBeInstanceOf(MissingRedisError);
    await expect(attempt).rejects.toThrow(
      new Error(
        `Redis is not reachable on 127.0.0.1:${port} and no redis-server is on PATH: install it ` +
          '(apt-get install redis-server / brew install redis) or set REDIS_URL=redis://host:6379',
      ),
    );
    const message = await attempt.catch((err: unknown) => (err instanceof Error ? err.message : ''));
    expect(message).not.toContain('\n');
    // An explicit binary that does not exist counts as none, whatever PATH holds.
    const explicit = ensureRedis({ dataDir: tmp, log, probePort: port, redisServerBin: path.join(tmp, 'nope') });
    await expect(explicit).rejects.toBeInstanceOf(MissingRedisError);
    expect(logs).toEqual([]);
  });

  it('spawns redis-server from PATH when nothing listens, and stop() kills it', async () => {
    const probePort = await deadPort();
    const bin = findExecutable('redis-server', process.env.PATH);
    expect(bin).toBe('/usr/bin/redis-server');
    let redis: ResolvedRedis | undefined;
    let port = 0;
    try {
      const spawnPort = await deadPort(); // not the 6380 default, which parallel test files may race for
      redis = await ensureRedis({ dataDir: path.join(tmp, 'redis'), log, probePort, spawnPort });
      expect(redis.url).toBe(`redis://127.0.0.1:${spawnPort}`);
      expect(redis.origin).toBe('spawned');
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await ping(redis.url)).toBe('PONG');
      port = Number(new URL(redis.url).port);
      expect(logs).toHaveLength(2);
      expect(logs[0]).toBe(
        `redis: no usable local server at 127.0.0.1:${probePort} (connect ECONNREFUSED 127.0.0.1:${probePort}), ` +
          'spawning /usr/bin/redis-server',
      );
      expect(logs[1]).toMatch(
        new RegExp(`^redis: spawned /usr/bin/redis-server \\(pid \\d+\\) at ${tmp}/redis on 127\\.0\\.0\\.1:${port}$`),
      );
    } finally {
      await redis?.stop();
    }
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  }, 20_000);
});
