import type { ExtendedError } from 'socket.io';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { isCursor } from './cursor.js';
import type { LiveAccessService } from './live-access.service.js';
import type { LiveServerSocket } from './socket-sink.js';

/**
 * socket.io middleware of /live: checks `auth.cursor`, then access (`auth.apiKey`, or an
 * X-API-Key header for non-browser clients). A refusal reaches the client as `connect_error`
 * with `message` and `data: { code, message, details? }`.
 */
export function handshakeGuard(access: LiveAccessService, shuttingDown: () => boolean) {
  return (socket: LiveServerSocket, next: (error?: ExtendedError) => void): void => {
    if (shuttingDown()) {
      return next(refusal(new AppException(ErrorCode.UNAVAILABLE, 'this process is shutting down: reconnect')));
    }
    const auth: Record<string, unknown> = isRecord(socket.handshake.auth) ? socket.handshake.auth : {};
    const cursor = auth.cursor ?? undefined;
    if (cursor !== undefined && !isCursor(cursor)) {
      return next(
        refusal(new AppException(ErrorCode.BAD_REQUEST, 'auth.cursor: not a cursor (expected "<ms>-<seq>")')),
      );
    }
    const header = socket.handshake.headers['x-api-key'];
    const apiKey = nonEmpty(auth.apiKey) ?? nonEmpty(Array.isArray(header) ? header[0] : header);
    access.admit(apiKey, socket.request).then(
      () => {
        socket.data.cursor = cursor;
        next();
      },
      (error: unknown) => next(refusal(error)),
    );
  };
}

function refusal(error: unknown): ExtendedError {
  const known = error instanceof AppException;
  const code = known ? error.code : ErrorCode.UNAVAILABLE;
  const message = known ? error.message : 'access check unavailable, retry';
  const data: Record<string, unknown> = { code, message };
  if (known && error.details !== undefined) data.details = error.details;
  return Object.assign(new Error(message), { data });
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
