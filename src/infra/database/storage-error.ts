import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';

/** SQLSTATE classes worth retrying: connection (08), resources (53), operator intervention (57), serialization/deadlock (40). */
const TRANSIENT_SQLSTATE = /^(08|53|57|40)/;
/** SQLSTATE classes that blame the values of a row: data exception (22: 22003 numeric out of range, 22P02 ...), integrity (23). */
const DATA_SQLSTATE = /^(22|23)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Classifies a Postgres failure: an outage is transient (the history job waits and retries),
 * a rejected statement is permanent (retrying the same rows would fail forever). A statement
 * rejected for the values it carries is STORAGE_DATA_ERROR: the writer can then find the rows to
 * blame and write the others.
 */
export function toStorageError(error: unknown): AppException {
  if (error instanceof AppException) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (DATA_SQLSTATE.test(code)) {
    return new AppException(ErrorCode.STORAGE_DATA_ERROR, `postgres ${code}: ${message}`, {
      transient: false,
      cause: error,
    });
  }
  const transient =
    TRANSIENT_NODE_CODES.has(code) ||
    TRANSIENT_SQLSTATE.test(code) ||
    /connection|terminat|timeout|ECONNREFUSED/i.test(message);
  return new AppException(ErrorCode.STORAGE_UNAVAILABLE, `postgres: ${message || code}`, { transient, cause: error });
}

/** true for a failure caused by the values of the rows written, not by the database. */
export function isDataError(error: unknown): boolean {
  return error instanceof AppException && error.code === ErrorCode.STORAGE_DATA_ERROR;
}
