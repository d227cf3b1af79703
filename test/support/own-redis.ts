import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A redis-server of the test's own on a free loopback port, without persistence, for tests that
 * stop or empty it (the shared one on 6379 is never touched). `stop()` kills it like a crash;
 * `start()` brings up an empty one on the same port.
 */
export interface OwnRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A client of the test's own (FLUSHALL, reads), created on first use. */
  client(): Redis;
  close(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let client: Redis | undefined;
  const own: OwnRedis = {
    port,
    url,
    async start() {
      if (child !== undefined) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      args.push('--daemonize', 'no', '--loglevel', 'warning');
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitForPing(url, 10_000);
    },
    async stop() {
      const running = child;
      if (running === undefined) return;
      child = undefined;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    client() {
      client ??= new Redis(url, { maxRetriesPerRequest: 1 });
      return client;
    },
    async close() {
      client?.disconnect();
      await own.stop();
    },
  };
  await own.start();
  return own;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${url} did not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
}
