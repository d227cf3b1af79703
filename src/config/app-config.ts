import path from 'node:path';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { describeEnvIssue } from './env-issues.js';
import { DEFAULT_MAP_ATTRIBUTION, DEFAULT_MAP_TILES, envSchema } from './env.schema.js';

export type HubRole = 'all' | 'api' | 'worker';

/** The typed, validated configuration every module receives; built once from the environment. */
export interface AppConfig {
  role: HubRole;
  host: string;
  port: number;
  redisUrl?: string;
  databaseUrl?: string;
  /** Probed for a running server when REDIS_URL / DATABASE_URL are unset. */
  localRedis: { host: string; port: number };
  localPostgres: { host: string; port: number };
  prefix: string;
  dbSchema: string;
  /** Path of the sources file, and whether it is the built-in default (which enables the demo operator). */
  sourcesPath: string;
  sourcesAreDefault: boolean;
  demo: { enabled: boolean; port: number };
  dataDir: string;
  userAgent: string;
  pollConcurrency: number;
  historyRetentionMs: number;
  replayWindowMs: number;
  frozenAfterMs: number;
  shutdownTimeoutMs: number;
  /** Requests at once to one upstream host, per worker process. */
  pollPerHost: number;
  /** Cap of the failure backoff between polls of a failing source. */
  pollBackoffMaxMs: number;
  /** How often workers compare the poll job schedulers in Redis with the loaded sources (HUB_SCHEDULE_CHECK). */
  scheduleCheckMs: number;
  /** A Redis command without an answer after this long fails (503): bounds a hung Redis; a down one fails at once (HUB_REDIS_COMMAND_TIMEOUT). */
  redisCommandTimeoutMs: number;
  /**
   * A running job's lock (BullMQ lockDuration, renewed every half) and the stalled-job check period: a job of a
   * killed worker is run again by another one within about twice this (HUB_JOB_LOCK).
   */
  jobLockMs: number;
  /** HUB_ROLE=worker: serve /metrics and /health/* on this port (no HTTP server when unset). */
  metricsPort?: number;
  /** `json` lines (default with NODE_ENV=production or when stdout is not a terminal) or Nest's `pretty` console lines. */
  logFormat: 'json' | 'pretty';
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  requireApiKey: boolean;
  /** Serve reused REST answers before Express (HUB_FAST_READS). */
  fastReads: boolean;
  live: LiveConfig;
  access: AccessConfig;
  /** The dashboard page at / (HUB_MAP_TILES, HUB_MAP_ATTRIBUTION). */
  dashboard: DashboardConfig;
}

export interface DashboardConfig {
  /** Tile URL template, or undefined for no tiles. */
  tilesUrl?: string;
  tilesAttribution: string;
}

/** API keys, rate limits and HTTP exposure of the REST API (docs/interface.md § Access). */
export interface AccessConfig {
  adminToken?: string;
  anonymousPerMinute: number;
  defaultKeyPerMinute: number;
  /** Express "trust proxy" value: true/false, a hop count, or addresses / named ranges. */
  trustProxy: boolean | number | string;
  /** "*" or the allowed origins. */
  corsOrigins: '*' | string[];
}

/** Limits of the live feed (socket.io /live and SSE /v1/stream), per connection. */
export interface LiveConfig {
  maxSubscriptions: number;
  maxIdsPerSubscription: number;
  maxRadiusM: number;
  /** Longest side of a bbox area, in metres. */
  maxBboxSideM: number;
  slowClientPackets: number;
  /** A source's health is pushed on a status change, and at least this often while it polls (LIVE_SOURCE_REFRESH). */
  sourceRefreshMs: number;
  /** socket.io events a connection may send (a token bucket), and refusals in 10 s before it is dropped. */
  events: { perSecond: number; burst: number; refusalsBeforeDisconnect: number };
}

export const DEFAULT_SOURCES_PATH = 'config/sources.yaml';
export const HUB_VERSION = '0.1.0';

/** Reads process.env (the only place that does), fails fast naming the bad variable. */
export function loadAppConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  stdoutIsTerminal = process.stdout.isTTY === true,
): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => describeEnvIssue(i, env));
    throw new AppException(ErrorCode.CONFIG_INVALID, `invalid environment: ${issues.join('; ')}`, {
      details: issues,
    });
  }
  const e = parsed.data;
  const sourcesAreDefault = e.HUB_SOURCES === undefined || e.HUB_SOURCES === '';
  return {
    role: e.HUB_ROLE,
    host: e.HOST,
    port: e.PORT,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    localRedis: e.HUB_LOCAL_REDIS,
    localPostgres: e.HUB_LOCAL_POSTGRES,
    prefix: e.HUB_PREFIX,
    dbSchema: e.HUB_DB_SCHEMA,
    sourcesPath: path.resolve(cwd, sourcesAreDefault ? DEFAULT_SOURCES_PATH : (e.HUB_SOURCES as string)),
    sourcesAreDefault,
    demo: { enabled: sourcesAreDefault || e.HUB_DEMO, port: e.HUB_DEMO_PORT },
    dataDir: path.resolve(cwd, e.HUB_DATA_DIR),
    userAgent: `MobilityHub/${HUB_VERSION} (+${e.HUB_CONTACT})`,
    pollConcurrency: e.HUB_POLL_CONCURRENCY,
    historyRetentionMs: e.HUB_HISTORY_RETENTION,
    replayWindowMs: e.HUB_REPLAY_WINDOW,
    frozenAfterMs: e.HUB_FROZEN_AFTER,
    shutdownTimeoutMs: e.HUB_SHUTDOWN_TIMEOUT,
    pollPerHost: e.HUB_POLL_PER_HOST,
    pollBackoffMaxMs: e.HUB_POLL_BACKOFF_MAX,
    scheduleCheckMs: e.HUB_SCHEDULE_CHECK,
    redisCommandTimeoutMs: e.HUB_REDIS_COMMAND_TIMEOUT,
    jobLockMs: e.HUB_JOB_LOCK,
    metricsPort: e.HUB_METRICS_PORT,
    // A file or a pipe gets JSON lines (no colour codes), a terminal readable ones, unless LOG_FORMAT says.
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' || !stdoutIsTerminal ? 'json' : 'pretty'),
    logLevel: e.LOG_LEVEL,
    requireApiKey: e.HUB_REQUIRE_API_KEY,
    fastReads: e.HUB_FAST_READS,
    live: {
      maxSubscriptions: e.LIVE_MAX_SUBSCRIPTIONS,
      maxIdsPerSubscription: e.LIVE_MAX_IDS,
      maxRadiusM: e.LIVE_MAX_RADIUS,
      maxBboxSideM: e.LIVE_MAX_BBOX,
      slowClientPackets: e.LIVE_SLOW_CLIENT_PACKETS,
      sourceRefreshMs: e.LIVE_SOURCE_REFRESH,
      events: {
        perSecond: e.LIVE_EVENT_RATE,
        burst: e.LIVE_EVENT_BURST,
        refusalsBeforeDisconnect: e.LIVE_EVENT_REFUSALS,
      },
    },
    access: {
      adminToken: e.HUB_ADMIN_TOKEN,
      anonymousPerMinute: e.HUB_ANON_RATE_LIMIT,
      defaultKeyPerMinute: e.HUB_KEY_RATE_LIMIT,
      trustProxy: trustProxyValue(e.HUB_TRUST_PROXY),
      corsOrigins: e.HUB_CORS_ORIGINS.trim() === '*' ? '*' : e.HUB_CORS_ORIGINS.split(',').map((o) => o.trim()),
    },
    dashboard: {
      tilesUrl: e.HUB_MAP_TILES === 'off' ? undefined : e.HUB_MAP_TILES,
      tilesAttribution: e.HUB_MAP_ATTRIBUTION ?? (e.HUB_MAP_TILES === DEFAULT_MAP_TILES ? DEFAULT_MAP_ATTRIBUTION : ''),
    },
  };
}

/** "true"/"false" and hop counts become what Express expects; anything else is a list of addresses or ranges. */
function trustProxyValue(raw: string): boolean | number | string {
  const value = raw.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
