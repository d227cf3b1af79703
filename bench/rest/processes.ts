import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** A server under test, in its own process so that it and the load generator each have a core. */
export interface Target {
  url: string;
  /** The server process's own CPU time so far (user + system, µs, its process.cpuUsage()). */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const CPU_PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-probe.js');

/**
 * Spawns `node [nodeArgs] script args` with the CPU probe preloaded and an IPC channel for it.
 * `nodeArgs` go before it (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, written when the server exits).
 */
export async function startTarget(
  script: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  probePath: string,
  headers: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Target> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', CPU_PROBE, script, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(child, `${url}${probePath}`, headers);
  return { url, cpuMicros: () => cpuOf(child), stop: () => stop(child) };
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no cpu answer within 5 s')), 5_000);
    child.once('message', (message: { cpu: NodeJS.CpuUsage }) => {
      clearTimeout(timer);
      resolve(message.cpu.user + message.cpu.system);
    });
    child.send('cpu');
  });
}

async function waitUntilServing(child: ChildProcess, url: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    const ok = await fetch(url, { headers }).then(
      async (r) => {
        if (!r.ok) last = `${r.status} ${(await r.text()).slice(0, 300)}`;
        return r.ok;
      },
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`${url}: not serving after 30 s (last: ${last})`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
