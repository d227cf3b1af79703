import type { PreparedResponse } from '../../../common/http/cached-response.js';

/**
 * A route whose fresh answers the fast read path may compute itself (a different `near` on every
 * request: no held answer applies), with the very function its controller answers with, so both
 * paths send the same bytes. Provided by the route's module under COMPUTED_READS.
 */
export const COMPUTED_READS = Symbol('COMPUTED_READS');

export interface ComputedRead {
  /** The route pattern, e.g. `/v1/parkings`: requests to exactly this path, as the router matches it. */
  route: string;
  /**
   * For this query (node:querystring's parse, as Express's `simple` parser gives it) and Accept
   * header: the function computing the answer the controller sends, or undefined when the query
   * is one only the controller handles (it then gets the request). Throws for a query the
   * controller refuses, and the function may reject: both are left to the controller, which
   * answers the request again and sends its error.
   */
  prepare(query: Record<string, unknown>, accept: string | undefined): (() => Promise<PreparedResponse>) | undefined;
}
