import { ErrorCode } from './error-codes.js';

/**
 * Base of every error the hub raises on purpose. `transient` tells the poll
 * scheduler whether a retry may help (timeouts, 5xx, 429) or not (4xx, bad bytes).
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { transient?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppException';
  }

  get transient(): boolean {
    return this.options.transient ?? false;
  }

  get details(): unknown {
    return this.options.details;
  }
}

/** Raised by a format adapter when the payload as a whole cannot be read. */
export class ParseException extends AppException {
  constructor(message: string, details?: unknown) {
    super(ErrorCode.PARSE_ERROR, message, { transient: false, details });
    this.name = 'ParseException';
  }
}
