import { ErrorCode } from '../error-codes.js';

/** Error shape (docs/interface.md § Errors). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const HTTP_STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.CONFIG_INVALID]: 400,
  [ErrorCode.UNAUTHORIZED]: 401,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.METHOD_NOT_ALLOWED]: 405,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.NOT_A_PUSH_SOURCE]: 409,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  // A pushed body (POST /v1/ingest/:id) the source's adapter cannot read, or none of whose records is valid.
  [ErrorCode.PARSE_ERROR]: 400,
  [ErrorCode.NO_VALID_RECORDS]: 422,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UNAVAILABLE]: 503,
  [ErrorCode.STORAGE_UNAVAILABLE]: 503,
};
