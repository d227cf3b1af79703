import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resident memory of a process, in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) * 1024;
}

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc, 100 ticks/s). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy share of the whole machine since the last call (all cores; 1 = every core busy), from /proc/stat. */
export function machineBusy(): () => number {
  const sample = () => {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const values = ticks.map(Number);
    const idle = values[3] + values[4];
    return { idle, total: values.reduce((a, b) => a + b, 0) };
  };
  const start = sample();
  return () => {
    const end = sample();
    return 1 - (end.idle - start.idle) / (end.total - start.total);
  };
}

/** The soft "Max open files" limit of this process (children inherit it). */
export function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s{2,}/)[1] ?? Number.NaN);
}

export interface HubProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The real hub entry point (compiled main.js), in its own process. */
export async function startHubProcess(main: string, env: Record<string, string>, port: number): Promise<HubProcess> {
  // BENCH_HUB_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to look inside the hub.
  const nodeArgs = process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env, PORT: String(port) },
    stdio: ['ignore', nodeArgs.length > 0 ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return { url, pid: child.pid as number, stop: () => stopChild(child) };
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('hub not serving after 60 s');
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A forked helper answering `{ id, command }` messages with `{ id, result | error }`. */
export class Helper<C> {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  }

  static fork<C>(script: string): Helper<C> {
    return new Helper<C>(fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  }

  call<R>(command: C): Promise<R> {
    const id = ++this.next;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
