import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { hubHttpAdapter } from '../../src/api/access/routing-settings.js';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/app-config.js';

/** Writes a sources.yaml into a temp dir; returns its path. */
export function writeSources(yaml: string, dir = mkdtempSync(path.join(tmpdir(), 'hub-sources-'))): string {
  const file = path.join(dir, 'sources.yaml');
  writeFileSync(file, yaml);
  return file;
}

export interface RunningHub {
  app: INestApplication;
  /** Base URL of the HTTP API (undefined for HUB_ROLE=worker). */
  url?: string;
  close(): Promise<void>;
}

/** Boots the real AppModule in this process, like main.ts does after resolving services. */
export async function startHub(config: AppConfig, vars: Record<string, string | undefined> = {}): Promise<RunningHub> {
  // The adapter main.ts uses: the same routing (case-sensitive, strict) and settings.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, vars), hubHttpAdapter(), {
    logger: ['error'],
  });
  if (config.role === 'worker') {
    await app.init();
    return { app, close: () => app.close() };
  }
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
