/** Every error the hub reports carries one of these codes (REST body, socket ack, source health). */
export enum ErrorCode {
  // config
  CONFIG_INVALID = 'CONFIG_INVALID',
  // outbound fetch
  FETCH_TIMEOUT = 'FETCH_TIMEOUT',
  FETCH_TOO_LARGE = 'FETCH_TOO_LARGE',
  FETCH_HTTP_ERROR = 'FETCH_HTTP_ERROR',
  FETCH_NETWORK = 'FETCH_NETWORK',
  FETCH_BLOCKED_ADDRESS = 'FETCH_BLOCKED_ADDRESS',
  FETCH_FILE = 'FETCH_FILE',
  /** A source's OAuth2 token could not be had: the token endpoint failed, refused the client, or answered no token. */
  AUTH_TOKEN_FAILED = 'AUTH_TOKEN_FAILED',
  /** A source's client certificate (`tls:`) could not be read at fetch time. */
  TLS_CLIENT_CERT = 'TLS_CLIENT_CERT',
  // parsing
  PARSE_ERROR = 'PARSE_ERROR',
  UNSUPPORTED_FORMAT = 'UNSUPPORTED_FORMAT',
  /** The payload parsed, but not one of its records was valid (each one a warning): nothing usable. */
  NO_VALID_RECORDS = 'NO_VALID_RECORDS',
  /** A source's `static:` reference could not be fetched or parsed: the last good copy (if any) is joined. */
  STATIC_UNAVAILABLE = 'STATIC_UNAVAILABLE',
  /** A warning: realtime records whose id (after the source's idPattern) is in no facility of the `static:` reference. */
  STATIC_UNJOINED = 'STATIC_UNJOINED',
  /** A warning: a paged publication (OpenDataSoft, ParkAPI v3) was read up to a cap (maxPages, maxBytes) or the API's own limit, not to its last page. */
  PAGES_TRUNCATED = 'PAGES_TRUNCATED',
  /** A GTFS feed whose calendars ended before today (import warning, departures hint). */
  FEED_EXPIRED = 'FEED_EXPIRED',
  /** A GTFS feed whose calendars start after today (import warning, departures hint). */
  FEED_NOT_STARTED = 'FEED_NOT_STARTED',
  /** A GTFS import warning: rows of a file skipped (how many, the first with file:line and why). */
  GTFS_ROWS_SKIPPED = 'GTFS_ROWS_SKIPPED',
  /** A GTFS import warning: header names that are no GTFS column (typos, extensions), not read. */
  GTFS_UNKNOWN_COLUMNS = 'GTFS_UNKNOWN_COLUMNS',
  // source health: polls succeed but the data has not changed for too long (a frozen feed)
  STALE_DATA = 'STALE_DATA',
  // source health: the source's scheduled polls stopped coming (its job scheduler was lost, no worker runs)
  POLL_STALLED = 'POLL_STALLED',
  // storage
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
  /** Postgres refused a row for its values (SQLSTATE class 22 or 23): that row is not written, the others are. */
  STORAGE_DATA_ERROR = 'STORAGE_DATA_ERROR',
  /** A history row dated older than the retention or more than a day ahead: not written. */
  HISTORY_OUT_OF_RANGE = 'HISTORY_OUT_OF_RANGE',
  // API
  BAD_REQUEST = 'BAD_REQUEST',
  NOT_FOUND = 'NOT_FOUND',
  /** The path exists, not with this method: a 405 with `Allow`. */
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** A push (POST /v1/ingest/:id) to a source the hub polls: 409. */
  NOT_A_PUSH_SOURCE = 'NOT_A_PUSH_SOURCE',
  /** A push body whose Content-Type is neither JSON nor XML: 415. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED = 'RATE_LIMITED',
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}
