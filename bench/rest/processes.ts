import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server under test, in its own process so that it and the load generator each have a core. */
export interface Target {
  url: string;
  stop(): Promise<void>;
}

export async function startTarget(
  script: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  probePath: string,
  headers: Record<string, string> = {},
): Promise<Target> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(child, `${url}${probePath}`, headers);
  return { url, stop: () => stop(child) };
}

async function waitUntilServing(child: ChildProcess, url: string, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    const ok = await fetch(url, { headers }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`${url}: not serving after 30 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
