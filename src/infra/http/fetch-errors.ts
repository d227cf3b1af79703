import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';

/**
 * The URL as it may appear in a message or log: origin and path only, since
 * query strings and userinfo often carry API keys.
 */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export function timeoutError(target: string, timeoutMs: number): AppException {
  return new AppException(ErrorCode.FETCH_TIMEOUT, `Fetching ${target} did not complete within ${timeoutMs} ms`, {
    transient: true,
    details: { timeoutMs },
  });
}

export function tooLargeError(target: string, maxBytes: number): AppException {
  return new AppException(ErrorCode.FETCH_TOO_LARGE, `Response from ${target} exceeds the ${maxBytes}-byte cap`, {
    transient: false,
    details: { maxBytes },
  });
}

/** 5xx, 408 and 429 may clear up on their own; other statuses need someone to fix the source. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function httpStatusError(target: string, status: number, retryAfterMs?: number): AppException {
  const details = retryAfterMs === undefined ? { status } : { status, retryAfterMs };
  return new AppException(ErrorCode.FETCH_HTTP_ERROR, `${target} answered HTTP ${status}`, {
    transient: isTransientStatus(status),
    details,
  });
}

/** Redirect loops and broken Location headers are the operator's to fix. */
export function redirectError(target: string, status: number, reason: string): AppException {
  return new AppException(ErrorCode.FETCH_HTTP_ERROR, `${target} answered HTTP ${status}: ${reason}`, {
    transient: false,
    details: { status },
  });
}

export function blockedError(target: string, reason: string, details?: Record<string, string>): AppException {
  return new AppException(ErrorCode.FETCH_BLOCKED_ADDRESS, `Refused to fetch ${target}: ${reason}`, {
    transient: false,
    ...(details === undefined ? {} : { details }),
  });
}

export function fileError(filePath: string, reason: string, cause?: unknown): AppException {
  return new AppException(ErrorCode.FETCH_FILE, `Cannot read local source file ${filePath}: ${reason}`, {
    transient: false,
    cause,
  });
}

/** Certificate/TLS failures and requests Node refuses to build (bad header name...) will not fix themselves on the next poll. */
const PERMANENT_NETWORK_CODE =
  /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_TLS_|^ERR_SSL_|^ERR_INVALID_|^ERR_HTTP_INVALID_|^ERR_BAD_OPTION/;

export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Node quotes the offending value in ERR_HTTP_INVALID_HEADER_VALUE; a header value may be an API key. */
function safeReason(code: string, error: unknown): string {
  if (code === 'ERR_HTTP_INVALID_HEADER_VALUE') return 'invalid header value';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The underlying error is deliberately not kept as `cause`: an AxiosError
 * carries the request config, headers included, into any log that serialises it.
 */
export function networkError(target: string, error: unknown): AppException {
  const code = errorCodeOf(error) ?? 'UNKNOWN';
  return new AppException(
    ErrorCode.FETCH_NETWORK,
    `Network error fetching ${target}: ${safeReason(code, error)} (${code})`,
    { transient: !PERMANENT_NETWORK_CODE.test(code), details: { code } },
  );
}
