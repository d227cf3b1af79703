import { types } from 'node:util';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';

/** A backing service (Redis, Postgres) could not be found, reached or started; the hub cannot boot. */
export class BootstrapException extends AppException {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.STORAGE_UNAVAILABLE, message, { transient: false, cause });
    this.name = 'BootstrapException';
  }
}

/** No Redis anywhere: the message is a single line telling the operator how to get one. */
export class MissingRedisError extends BootstrapException {
  constructor(message: string) {
    super(message);
    this.name = 'MissingRedisError';
  }
}

/**
 * For main.ts: a bootstrap failure is an operator problem, not a bug, so it is shown as one
 * line without a stack trace and the process exits 1 right away ('exit' hooks still stop a
 * spawned Redis or embedded Postgres). Returns false for anything else, for the caller to report.
 */
export function reportBootstrapError(err: unknown): boolean {
  if (!(err instanceof BootstrapException)) return false;
  process.stderr.write(`${oneLine(err.message)}\n`);
  process.exit(1);
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' | ');
}

/**
 * Duck-typed: errors of node core modules and of require()d packages may come from another
 * realm (jest's VM), where `instanceof Error` fails. Node 20 reports a refused multi-address
 * connect as an AggregateError with an empty message, hence the fall back to the code.
 */
export function describeError(err: unknown): string {
  if (!types.isNativeError(err)) return String(err);
  return err.message !== '' ? err.message : (errorCode(err) ?? err.name);
}

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
