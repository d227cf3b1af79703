import type { Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { isRedisOutage, redisOutageException } from '../common/storage-outage.js';
import type { LiveErrorAck } from './live-protocol.js';

/**
 * The socket twin of the HTTP exception filter: an AppException becomes an error ack with its
 * code; a Redis outage (down, or a command past HUB_REDIS_COMMAND_TIMEOUT) the transient
 * STORAGE_UNAVAILABLE, logged as a warning, as REST answers it 503.
 */
export function errorAck(error: unknown, logger: Logger): LiveErrorAck {
  if (isRedisOutage(error)) {
    const outage = redisOutageException(error as Error);
    logger.warn(`${outage.code}: ${outage.message}`);
    return codedAck(outage);
  }
  if (error instanceof AppException) return codedAck(error);
  logger.error((error as Error).stack ?? String(error));
  return { ok: false, error: { code: ErrorCode.INTERNAL, message: 'internal error' } };
}

export function codedAck(error: AppException): LiveErrorAck {
  const ack: LiveErrorAck = { ok: false, error: { code: error.code, message: error.message } };
  if (error.details !== undefined) ack.error.details = error.details;
  return ack;
}
