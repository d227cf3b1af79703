import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { hubHttpAdapter } from './api/access/routing-settings.js';
import { type AppConfig, loadAppConfig } from './config/app-config.js';
import { SourceRegistry } from './config/source-registry.service.js';
import { readSourcesList } from './config/sources.loader.js';
import { AppException } from './common/app-exception.js';
import { ErrorCode } from './common/error-codes.js';
import { reloadOnSighup } from './boot/reload-on-sighup.js';
import { startDemoOperator } from './demo/demo-operator.server.js';
import { ensurePostgres, ensureRedis, reportBootstrapError } from './infra/bootstrap/ensure-services.js';
import { HubLogger } from './ops/logging/hub-logger.js';
import { useAccessLineWriter } from './ops/logging/http-access-log.js';
import { shutdownGracefully } from './ops/shutdown/graceful-shutdown.js';
import path from 'node:path';

/**
 * One entry point for every role. Before Nest starts: resolve Redis and Postgres (local ones,
 * or embedded ones for a newcomer), and start the demo operator when the default config is used.
 */
async function main(): Promise<void> {
  const logger = new Logger('Boot');
  const log = (line: string): void => logger.log(line);
  const env = loadAppConfig();
  // A sources file that cannot be read at boot stops the hub here (one line, exit 1): it would poll nothing.
  checkSourcesFile(env);
  // Every Logger in the process, Nest's own included, writes through it: JSON lines or pretty, redacted.
  const hubLogger = new HubLogger({ format: env.logFormat, level: env.logLevel });
  Logger.overrideLogger(hubLogger);
  useAccessLineWriter(hubLogger);
  const redis = await ensureRedis({
    url: env.redisUrl,
    dataDir: path.join(env.dataDir, 'redis'),
    log,
    probeHost: env.localRedis.host,
    probePort: env.localRedis.port,
  });
  const pg = await ensurePostgres({
    url: env.databaseUrl,
    dataDir: path.join(env.dataDir, 'pg'),
    log,
    probeHost: env.localPostgres.host,
    probePort: env.localPostgres.port,
  });
  const config: AppConfig = { ...env, redisUrl: redis.url, databaseUrl: pg.url };

  const vars: Record<string, string | undefined> = { ...process.env };
  const demo =
    config.demo.enabled && config.role !== 'api' ? await startDemoOperator({ port: config.demo.port }) : undefined;
  if (demo !== undefined) {
    vars.HUB_DEMO_URL = demo.url;
    log(`demo operator (Grand Poitiers car parks, Vitalis-like bus network) at ${demo.url}`);
  }

  // Case-sensitive, strict routing and no Express ETag, as every hub app (routing-settings.ts).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, vars), hubHttpAdapter(), {
    logger: hubLogger,
  });
  app.set('trust proxy', 'loopback');
  reloadOnSighup(app.get(SourceRegistry), logger);

  if (config.role === 'worker') {
    // A worker has no API; HUB_METRICS_PORT gives it /metrics and /health/* for its own probes and scrapes.
    if (config.metricsPort === undefined) await app.init();
    else await app.listen(config.metricsPort, config.host);
    const ops = config.metricsPort === undefined ? '' : `; /metrics and /health on port ${config.metricsPort}`;
    log(`worker running (prefix ${config.prefix})${ops}`);
  } else {
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    log(`API on http://${shown}:${config.port}/v1/parkings (role ${config.role}, prefix ${config.prefix})`);
  }

  exitOnSignals(logger, config.shutdownTimeoutMs, async () => {
    await shutdownGracefully(app, config.shutdownTimeoutMs, logger);
    await demo?.close();
    await pg.stop();
    await redis.stop();
  });
}

/** SIGTERM / SIGINT: shut the app down gracefully (ops/shutdown/graceful-shutdown.ts), then the services we started; exit 0. */
function exitOnSignals(logger: Logger, timeoutMs: number, shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      logger.error(`shutdown took over ${timeoutMs} ms, exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    shutdown()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      })
      .finally(() => clearTimeout(timer));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Boot: the sources file must be readable YAML with a `sources:` list (bad single sources are only skipped). */
function checkSourcesFile(config: AppConfig): void {
  try {
    readSourcesList(config.sourcesPath);
  } catch (error) {
    const setting = config.sourcesAreDefault ? 'the default sources file (set HUB_SOURCES for another)' : 'HUB_SOURCES';
    throw new AppException(ErrorCode.CONFIG_INVALID, `${setting}: ${(error as Error).message}`);
  }
}

/** A config error is the operator's to fix, not a bug: one line naming it, no stack trace, exit 1. */
function reportConfigError(error: unknown): boolean {
  if (!(error instanceof AppException) || error.code !== ErrorCode.CONFIG_INVALID) return false;
  process.stderr.write(`config error: ${error.message.trim().replace(/\s*\n\s*/g, ' | ')}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  if (reportBootstrapError(error) || reportConfigError(error)) return;
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
