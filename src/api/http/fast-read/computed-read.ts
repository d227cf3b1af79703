import type { IncomingHttpHeaders } from 'node:http';
import type { PreparedResponse } from '../../../common/http/cached-response.js';

/**
 * A route whose fresh answers the fast read path may compute itself (a different `near` on every
 * request: no held answer applies), with the very function its controller answers with, so both
 * paths send the same bytes. Provided by the route's module under COMPUTED_READS.
 */
export const COMPUTED_READS = Symbol('COMPUTED_READS');

/** What of the request besides its query a computed answer may follow. */
export interface ComputedRequest {
  /** The route's parameters, decoded as the router decodes them (`match`). */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface ComputedRead {
  /** The route pattern, e.g. `/v1/parkings`: requests to exactly this path, as the router matches it. */
  route: string;
  /**
   * For a route with parameters (`/v1/stops/:id/departures`): the parameters of a path the
   * router would route here, decoded as it decodes them; undefined for any other path (or one
   * the router would refuse). Without it, only the path `route` itself is computed.
   */
  match?(path: string): Record<string, string> | undefined;
  /**
   * Whether an answer may be kept and sent again while the change-stream cursor stays (the
   * default). False for answers that follow the clock or a header outside the answer's key
   * (Accept-Language): each request is computed.
   */
  keep?: boolean;
  /** Request headers the answer varies on besides the usual ones, as the controller adds them to Vary. */
  vary?: string[];
  /**
   * For this query (node:querystring's parse, as Express's `simple` parser gives it) and Accept
   * header: the function computing the answer the controller sends, or undefined when the query
   * is one only the controller handles (it then gets the request). Throws for a query the
   * controller refuses, and the function may reject: both are left to the controller, which
   * answers the request again and sends its error.
   */
  prepare(
    query: Record<string, unknown>,
    accept: string | undefined,
    request: ComputedRequest,
  ): (() => Promise<PreparedResponse>) | undefined;
}
