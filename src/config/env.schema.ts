import { z } from 'zod';
import { parseDuration } from '../common/duration.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `not a duration: "${value}" (use 500ms, 15s, 5m, 24h, 90d)` });
        return z.NEVER;
      }
      return ms;
    });

const hostPort = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^([^:\s]+):(\d{1,5})$/.exec(value);
      if (!match || Number(match[2]) > 65535) {
        ctx.addIssue({ code: 'custom', message: `expected host:port, got "${value}"` });
        return z.NEVER;
      }
      return { host: match[1], port: Number(match[2]) };
    });

const flag = (fallback: boolean) => z.stringbool().default(fallback);

/** OpenStreetMap's standard tiles (their usage policy asks for the attribution the dashboard shows). */
export const DEFAULT_MAP_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_MAP_ATTRIBUTION = '© OpenStreetMap contributors';

/** Every environment variable the hub reads, validated once at boot (docs/interface.md § Environment variables). */
export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HUB_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Prefix of every Redis key and BullMQ queue, so several hubs (or test runs) share one Redis. */
  HUB_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default('hub'),
  /** Postgres schema holding the hub's tables. */
  HUB_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('public'),
  HUB_SOURCES: z.string().optional(),
  /** Where to look for an already running Redis / Postgres when REDIS_URL / DATABASE_URL are unset. */
  HUB_LOCAL_REDIS: hostPort('127.0.0.1:6379'),
  HUB_LOCAL_POSTGRES: hostPort('127.0.0.1:5432'),
  HUB_DEMO: flag(false),
  HUB_DEMO_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HUB_DATA_DIR: z.string().default('.data'),
  HUB_CONTACT: z.string().default('https://github.com/mobility-hub/mobility-hub'),
  HUB_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  HUB_HISTORY_RETENTION: duration('400d'),
  HUB_REPLAY_WINDOW: duration('10m'),
  HUB_FROZEN_AFTER: duration('3h'),
  HUB_SHUTDOWN_TIMEOUT: duration('10s'),
  /** Operating: polite polling, logs, the worker's own /metrics + /health port. */
  HUB_POLL_PER_HOST: z.coerce.number().int().min(1).max(64).default(2),
  HUB_POLL_BACKOFF_MAX: duration('15m'),
  HUB_SCHEDULE_CHECK: duration('30s'),
  HUB_REDIS_COMMAND_TIMEOUT: duration('5s'),
  /** A job's lock in Redis (BullMQ lockDuration, renewed every half) and how often workers look for jobs whose lock expired (stalledInterval). */
  HUB_JOB_LOCK: duration('10s').refine((ms) => ms >= 1_000, 'at least 1s (a shorter lock expires under a busy worker)'),
  HUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Anonymous reads (REST, socket.io handshake, SSE) are refused with 401 / UNAUTHORIZED when true. */
  HUB_REQUIRE_API_KEY: flag(false),
  /** Reused REST answers are served before Express (src/api/http/fast-read); false sends every request through Express. */
  HUB_FAST_READS: flag(true),
  /** Live feed limits, per connection: subscriptions, ids per subscription, area size (metres). */
  LIVE_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(1000).default(20),
  LIVE_MAX_IDS: z.coerce.number().int().min(1).max(10_000).default(500),
  LIVE_MAX_RADIUS: z.coerce.number().positive().max(100_000).default(5_000),
  LIVE_MAX_BBOX: z.coerce.number().positive().max(200_000).default(10_000),
  /** Past this many packets waiting in a socket's buffer, only the latest event per entity is kept for it. */
  LIVE_SLOW_CLIENT_PACKETS: z.coerce.number().int().min(1).max(100_000).default(256),
  /** A source's health is pushed when its status changes, and at least this often while its polls go on (fresh times). */
  LIVE_SOURCE_REFRESH: duration('60s'),
  /** socket.io events per connection: LIVE_EVENT_RATE per second on average, LIVE_EVENT_BURST at once; refused ones answer RATE_LIMITED. */
  LIVE_EVENT_RATE: z.coerce.number().positive().max(10_000).default(20),
  LIVE_EVENT_BURST: z.coerce.number().int().min(1).max(100_000).default(40),
  /** This many refused events within 10 s and the connection is dropped. */
  LIVE_EVENT_REFUSALS: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Bearer token of /v1/admin/*; unset = the admin API answers 401 to everyone. */
  HUB_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Requests per minute per client IP without an API key (shared by every API process through Redis). */
  HUB_ANON_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Per-minute quota given to a new API key when `npm run keys -- create` is not told one. */
  HUB_KEY_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000_000).default(1_200),
  /** Express "trust proxy": which hops may set X-Forwarded-For (the client IP used for anonymous limits). */
  HUB_TRUST_PROXY: z.string().default('loopback'),
  /** Allowed CORS origins, comma separated; "*" = any (reads are public). */
  HUB_CORS_ORIGINS: z.string().default('*'),
  /** Dashboard map tiles: an http(s) URL template with {z}, {x}, {y} (and optional {s}); "off" = no tiles (markers on a plain background). */
  HUB_MAP_TILES: z
    .string()
    .default(DEFAULT_MAP_TILES)
    .refine(
      (v) => v === 'off' || (/^https?:\/\/[^/\s]+\/\S*$/.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))),
      'an http(s) URL template with {z}, {x} and {y}, or "off"',
    ),
  /** Attribution shown under the map for those tiles (default: OpenStreetMap's, for the default tiles). */
  HUB_MAP_ATTRIBUTION: z.string().max(300).optional(),
});

export type Env = z.infer<typeof envSchema>;
