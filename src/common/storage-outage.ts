import { AppException } from './app-exception.js';
import { ErrorCode } from './error-codes.js';

/**
 * What ioredis raises when Redis is not there to answer: the connection is down and commands are
 * not queued (enableOfflineQueue: false), a command outlived commandTimeout, the client gave up
 * retrying, or the connection closed under it. Server replies (ReplyError: WRONGTYPE, OOM...)
 * are not outages and are not matched.
 */
const REDIS_OUTAGE_MESSAGES = [
  "Stream isn't writeable",
  'Command timed out',
  'Reached the max retries per request limit',
  'Connection is closed',
  'connect ECONNREFUSED',
];

export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'ReplyError') return false;
  return REDIS_OUTAGE_MESSAGES.some((m) => error.message.includes(m));
}

/** The coded, transient form of a Redis outage: 503 STORAGE_UNAVAILABLE on REST, retried by the queue. */
export function redisOutageException(error: Error): AppException {
  return new AppException(ErrorCode.STORAGE_UNAVAILABLE, `redis unavailable: ${error.message}`, {
    transient: true,
    cause: error,
  });
}
